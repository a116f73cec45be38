"""Time-series charts as PNG bytes (matplotlib's object API: no pyplot state, safe in the server's threads).

What is drawn comes from the outcome registry (``model/metrics.py``): one panel per headline outcome, split into
online and digitally excluded citizens where the registry has group outcomes for it; flow outcomes (rates per
week) are smoothed with a 4-week rolling mean, stocks are drawn as they are. Labels come from the registry and
:mod:`smartgov.viz.i18n`, so the charts follow the language switch. Chinese labels need a CJK font (Debian:
``fonts-wqy-microhei``, installed by ``.ci/run``); without one the glyphs show as boxes, nothing fails.
"""

from __future__ import annotations

import io
import math
import textwrap
import warnings

import pandas as pd
from matplotlib.figure import Figure

from smartgov.model import metrics
from smartgov.model.metrics import Outcome
from smartgov.viz.fonts import cjk_families
from smartgov.viz.i18n import t

COLOURS = {"included": "#3465a4", "excluded": "#cc5500", None: "#444444"}
SMOOTH = 4  # weeks: flow outcomes (rates per step) are noisy; charts show a 4-week rolling mean
COLUMNS = 3  # panels per row in the time-series chart


FONTS = [*cjk_families(), "DejaVu Sans"]


def panels() -> list[tuple[Outcome, list[Outcome]]]:
    """(headline outcome, the outcomes drawn in its panel): its group outcomes if the registry has them, else
    the outcome itself."""
    result = []
    for spec in metrics.headline():
        groups = metrics.by_group(spec.name)
        lines = [groups[g] for g in metrics.GROUPS if g in groups] or [spec]
        result.append((spec, lines))
    return result


def difference_outcomes() -> list[Outcome]:
    """The outcomes of the B − A chart (and of the Compare table): the headline outcomes."""
    return metrics.headline()


def title(spec: Outcome, lang: str, width: int = 30) -> str:
    """The outcome's label in ``lang``, wrapped for a small panel title (Chinese has no spaces: half the width)."""
    return textwrap.fill(spec.label(lang), width // 2 if lang == "zh" else width)


def _series(frame: pd.DataFrame, spec: Outcome) -> pd.Series:
    data = frame[spec.name].astype(float) if spec.name in frame else pd.Series(math.nan, index=frame.index)
    return data.rolling(SMOOTH, min_periods=1).mean() if spec.kind == "flow" else data


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # missing CJK glyphs when no CJK font is installed
        fig.savefig(buffer, format="png", dpi=80)
    return buffer.getvalue()


def timeseries_figure(frame: pd.DataFrame, lang: str) -> Figure:
    """One small panel per headline outcome, by group where the registry splits it."""
    chosen = panels()
    rows = max(1, math.ceil(len(chosen) / COLUMNS))
    fig = Figure(figsize=(9.0, 2.4 * rows + 0.3))  # fixed margins: constrained layout costs ~0.3 s per frame
    axes = fig.subplots(rows, COLUMNS, sharex=True, squeeze=False).ravel()
    for ax, (spec, lines) in zip(axes, chosen, strict=False):
        for line in lines:
            ax.plot(frame.index, _series(frame, line), color=COLOURS[line.group], linewidth=1.6,
                    label=t(line.group, lang) if line.group else None)
        ax.set_title(title(spec, lang), fontsize=9, fontfamily=FONTS)
        ax.grid(alpha=0.3)
        if len(lines) > 1:
            ax.legend(prop={"family": FONTS, "size": 7}, loc="upper left")  # "best" searches: slow
        ax.tick_params(labelsize=7)
    for ax in axes[len(chosen):]:
        ax.set_visible(False)
    for ax in axes[max(0, len(chosen) - COLUMNS):len(chosen)]:  # the lowest panel of each column
        ax.set_xlabel(t("week", lang), fontsize=8, fontfamily=FONTS)
        ax.xaxis.set_tick_params(labelbottom=True)
    height = fig.get_figheight()
    fig.subplots_adjust(left=0.06, right=0.98, top=1 - 0.5 / height, bottom=0.45 / height, hspace=0.5, wspace=0.22)
    return fig


def timeseries_png(frame: pd.DataFrame, lang: str) -> bytes:
    return _png(timeseries_figure(frame, lang))


def difference_figure(frame_a: pd.DataFrame, frame_b: pd.DataFrame, lang: str) -> Figure:
    """B − A for the headline outcomes, week by week (4-week rolling mean for every outcome: differences of
    single weeks are noisy)."""
    outcomes = difference_outcomes()
    fig = Figure(figsize=(2.2 * max(len(outcomes), 1) + 0.4, 2.8))
    axes = fig.subplots(1, max(len(outcomes), 1), sharex=True, squeeze=False).ravel()
    steps = min(len(frame_a), len(frame_b))
    a, b = frame_a.iloc[:steps], frame_b.iloc[:steps]
    for ax, spec in zip(axes, outcomes, strict=False):
        raw = (b[spec.name].astype(float) - a[spec.name].astype(float)) if spec.name in a and spec.name in b \
            else pd.Series(math.nan, index=a.index)
        diff = raw.rolling(SMOOTH, min_periods=1).mean()
        ax.axhline(0, color="#999999", linewidth=0.8)
        ax.plot(diff.index, diff, color="#2a6f97", linewidth=1.6)
        ax.fill_between(diff.index, 0, diff, color="#2a6f97", alpha=0.15)
        ax.set_title(title(spec, lang, 24), fontsize=8, fontfamily=FONTS)
        ax.set_xlabel(t("week", lang), fontsize=8, fontfamily=FONTS)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
    fig.suptitle(t("diff_title", lang), fontsize=10, fontfamily=FONTS)
    fig.subplots_adjust(left=0.05, right=0.99, top=0.72, bottom=0.16, wspace=0.4)
    return fig


def difference_png(frame_a: pd.DataFrame, frame_b: pd.DataFrame, lang: str) -> bytes:
    return _png(difference_figure(frame_a, frame_b, lang))
