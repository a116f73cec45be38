"""Chinese chart labels draw with a CJK font even when matplotlib's font cache predates the font (issue 11)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from smartgov.viz.fonts import system_cjk_files

STALE_CHECK = """
import warnings
from matplotlib import font_manager
from matplotlib.figure import Figure
names = {f.name for f in font_manager.fontManager.ttflist}
assert not names & {"WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC"}, "the cache is not stale"
from smartgov.viz.fonts import cjk_families  # what the charts ask for (charts.FONTS)
FONTS = [*cjk_families(), "DejaVu Sans"]
fig = Figure()
fig.subplots().set_title("对政府的信任 · 数字排斥居民", fontfamily=FONTS)
with warnings.catch_warnings():
    warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)" for every box it draws
    fig.savefig(__import__("io").BytesIO(), format="png")
print(FONTS[0])
"""


@pytest.mark.skipif(not system_cjk_files(), reason="no CJK font on this machine (Debian: fonts-wqy-microhei)")
def test_chinese_labels_draw_with_a_font_cache_built_before_the_font(tmp_path):
    env = {**os.environ, "MPLCONFIGDIR": str(tmp_path)}
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], env=env, check=True)
    (cache,) = tmp_path.glob("fontlist-*.json")
    data = json.loads(cache.read_text())
    cjk = {str(p) for p in system_cjk_files()}
    data["ttflist"] = [entry for entry in data["ttflist"] if entry["fname"] not in cjk]  # as before the install
    cache.write_text(json.dumps(data))
    result = subprocess.run([sys.executable, "-c", STALE_CHECK], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() != "DejaVu Sans"  # a CJK family leads the chart fonts
