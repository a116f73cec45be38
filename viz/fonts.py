"""CJK fonts for matplotlib, found on the system each time rather than trusted to matplotlib's font cache.

matplotlib lists the system's fonts once and keeps that list in ``fontlist-*.json`` under its config folder; a CJK
font installed after that (``apt-get install fonts-wqy-microhei`` on a machine that had already drawn a chart) is
missing from the list, and every Chinese label is drawn as empty boxes. Importing this module adds the CJK font files
that are on the system now — asked of fontconfig (``fc-list :lang=zh``), plus the usual Debian paths when fontconfig
is not there — to matplotlib's font manager, so the cache's age does not matter. Nothing fails without a CJK font:
:func:`cjk_families` is then empty and Chinese text shows as boxes.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from matplotlib import font_manager

# Preferred families, best first (the first one a chart asks for that has a glyph is the one drawn).
PREFERRED = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK JP",
             "SimHei", "Microsoft YaHei", "PingFang SC", "AR PL UMing CN")
# Where Debian's CJK font packages put their files (fonts-noto-cjk, fonts-wqy-microhei, fonts-wqy-zenhei, ...).
DEBIAN_FILES = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
                "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
                "/usr/share/fonts/truetype/arphic/uming.ttc")
FC_LIST_SECONDS = 10


def system_cjk_files() -> list[Path]:
    """CJK font files on this machine now: fontconfig's answer, then the known Debian paths that exist."""
    found: list[Path] = []
    fc_list = shutil.which("fc-list")
    if fc_list:
        try:
            out = subprocess.run([fc_list, ":lang=zh", "file"], capture_output=True, text=True,
                                 timeout=FC_LIST_SECONDS, check=False).stdout
        except (OSError, subprocess.TimeoutExpired):
            out = ""
        found += [Path(line.split(":")[0].strip()) for line in out.splitlines() if line.strip()]
    found += [Path(p) for p in DEBIAN_FILES]
    unique = dict.fromkeys(p for p in found if p.suffix.lower() in (".ttf", ".ttc", ".otf") and p.is_file())
    return list(unique)


def register(files: list[Path] | None = None) -> list[str]:
    """Add ``files`` (default: :func:`system_cjk_files`) to matplotlib's font manager unless it already has them;
    returns the family names added. A file matplotlib cannot read is skipped."""
    manager = font_manager.fontManager
    known = {Path(f.fname).resolve() for f in manager.ttflist}
    added = []
    for path in system_cjk_files() if files is None else files:
        if path.resolve() in known:
            continue
        before = len(manager.ttflist)
        try:
            manager.addfont(str(path))
        except (OSError, RuntimeError, ValueError):
            continue
        added += [entry.name for entry in manager.ttflist[before:]]  # addfont also forgets findfont's old answers
    return list(dict.fromkeys(added))


def cjk_families() -> list[str]:
    """The CJK families matplotlib can draw with now, preferred first (empty without a CJK font)."""
    names = {f.name for f in font_manager.fontManager.ttflist}
    return [name for name in PREFERRED if name in names]


register()
