"""Time-series charts as PNG bytes (matplotlib's object API: no pyplot state, safe in the server's threads).

Labels come from :mod:`smartgov.viz.i18n`, so the charts follow the language switch. Chinese labels need a CJK
font (Debian: ``fonts-wqy-microhei``, installed by ``.ci/run``); without one the glyphs show as boxes, nothing fails.
"""

from __future__ import annotations

import io
import warnings

import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure

from smartgov.viz.i18n import t

# (title key, [(column, legend key, colour)])
PANELS = (
    ("chart_trust", [("trust_included", "included", "#3465a4"), ("trust_excluded", "excluded", "#cc5500")]),
    ("chart_met", [("need_met_included", "included", "#3465a4"), ("need_met_excluded", "excluded", "#cc5500")]),
    ("chart_efficiency", [("efficiency", "all_citizens", "#444444")]),
    ("chart_privacy", [("exposed_share", "exposed", "#7b2d8b"), ("technical_refugees", "refugees", "#b8860b")]),
)
# (column, label key for tables, short label key for small chart titles)
DIFF_COLUMNS = (("trust", "kpi_trust", "short_trust"), ("equity_gap", "kpi_equity_gap", "short_equity_gap"),
                ("efficiency", "kpi_efficiency", "short_efficiency"), ("exposed_share", "kpi_exposed", "short_exposed"),
                ("technical_refugees", "kpi_refugees", "short_refugees"))
SMOOTH = 4  # weeks: flow outcomes (rates per step) are noisy; charts show a 4-week rolling mean


def _cjk_font() -> list[str]:
    wanted = ("Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Source Han Sans SC",
              "SimHei", "Microsoft YaHei", "PingFang SC", "AR PL UMing CN")
    names = {f.name for f in font_manager.fontManager.ttflist}
    return [name for name in wanted if name in names]


FONTS = [*_cjk_font(), "DejaVu Sans"]


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # missing CJK glyphs when no CJK font is installed
        fig.savefig(buffer, format="png", dpi=80)
    return buffer.getvalue()


def _figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, height))  # fixed margins: constrained layout costs ~0.3 s per frame


def timeseries_png(frame: pd.DataFrame, lang: str) -> bytes:
    """Four small panels by group: trust, need met, efficiency, privacy and technical refugees."""
    fig = _figure(8.0, 4.6)
    axes = fig.subplots(2, 2, sharex=True)
    smooth = frame.rolling(SMOOTH, min_periods=1).mean()
    for ax, (title, lines) in zip(axes.ravel(), PANELS, strict=True):
        for column, label, colour in lines:
            data = frame[column] if column.startswith("trust") or column in ("exposed_share", "technical_refugees") \
                else smooth[column]
            ax.plot(frame.index, data, color=colour, label=t(label, lang), linewidth=1.6)
        ax.set_title(t(title, lang), fontsize=10, fontfamily=FONTS)
        ax.grid(alpha=0.3)
        ax.legend(prop={"family": FONTS, "size": 8}, loc="upper left")  # "best" searches: slow
        ax.tick_params(labelsize=8)
    for ax in axes[1]:
        ax.set_xlabel(t("week", lang), fontsize=9, fontfamily=FONTS)
    fig.subplots_adjust(left=0.07, right=0.98, top=0.93, bottom=0.1, hspace=0.3, wspace=0.18)
    return _png(fig)


def difference_png(frame_a: pd.DataFrame, frame_b: pd.DataFrame, lang: str) -> bytes:
    """B − A for the headline outcomes, week by week (4-week rolling mean for flow outcomes)."""
    fig = _figure(11.0, 2.6)
    axes = fig.subplots(1, len(DIFF_COLUMNS), sharex=True)
    steps = min(len(frame_a), len(frame_b))
    a, b = frame_a.iloc[:steps], frame_b.iloc[:steps]
    for ax, (column, _, key) in zip(axes, DIFF_COLUMNS, strict=True):
        diff = (b[column] - a[column]).rolling(SMOOTH, min_periods=1).mean()
        ax.axhline(0, color="#999999", linewidth=0.8)
        ax.plot(diff.index, diff, color="#2a6f97", linewidth=1.6)
        ax.fill_between(diff.index, 0, diff, color="#2a6f97", alpha=0.15)
        ax.set_title(t(key, lang), fontsize=9, fontfamily=FONTS)
        ax.set_xlabel(t("week", lang), fontsize=8, fontfamily=FONTS)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
    fig.suptitle(t("diff_title", lang), fontsize=10, fontfamily=FONTS)
    fig.subplots_adjust(left=0.05, right=0.99, top=0.8, bottom=0.17, wspace=0.35)
    return _png(fig)
