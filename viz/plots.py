"""Seaborn figures for comparison reports and the CLI: outcome time series with 95% CI bands (overall and by
group) and the efficiency–equity–trust trade-off, one point per scenario.

Which outcomes are drawn, and their labels, come from the outcome registry (:mod:`smartgov.model.metrics`): the
headline outcomes over time, every outcome family the registry splits by group, and the trade-off between
efficiency, the equity gap and trust. Figures are built with matplotlib's object API (:class:`~matplotlib.figure.
Figure`, no pyplot) inside seaborn's style contexts, so importing or calling this module leaves no global setting
changed (backend, ``rcParams``, seaborn theme; the style applies only while a figure is drawn). Drawing writes
nothing: pass the figures to :func:`save_figures` (or call :func:`comparison_figures`, which does both).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from scipy import stats

from smartgov.experiments.summaries import LEVEL
from smartgov.model import metrics
from smartgov.model.metrics import Outcome
from smartgov.viz.figures import figure_style, outcome_label, save_figures

__all__ = ["comparison_figure_set", "comparison_figures", "group_timeseries_figure", "save_figures",
           "timeseries_figure", "tradeoff_figure"]

GROUP_LINES = {"included": "-", "excluded": "--"}


def _grid(n: int, columns: int, width: float, height: float) -> tuple[Figure, np.ndarray]:
    columns = max(1, min(n, columns))
    rows = max(1, math.ceil(n / columns))
    fig = Figure(figsize=(width * columns, height * rows))
    axes = fig.subplots(rows, columns, sharex=True, squeeze=False).ravel()
    for ax in axes[n:]:
        ax.set_visible(False)
    return fig, axes


def _bands(frame: pd.DataFrame, columns: Sequence[str], keys: Sequence[str]) -> pd.DataFrame:
    """Per step, the replicate mean of each column with its 95% t interval (long format; same formula as
    ``experiments.summaries.mean_ci``, vectorized)."""
    long = frame.melt(id_vars=[*keys, "step"], value_vars=list(columns), var_name="outcome", value_name="v")
    long = long[np.isfinite(long["v"].astype(float))]
    agg = long.groupby([*keys, "step", "outcome"], sort=True, observed=True)["v"].agg(["mean", "std", "count"])
    n = agg["count"].to_numpy(dtype=float)
    t = stats.t.ppf(0.5 + LEVEL / 2, np.maximum(n - 1, 1))
    half = np.where(n > 1, t * agg["std"].to_numpy() / np.sqrt(n), np.nan)
    agg["ci_low"], agg["ci_high"] = agg["mean"] - half, agg["mean"] + half
    return agg.reset_index()[[*keys, "step", "outcome", "mean", "ci_low", "ci_high"]]


def _draw_bands(ax: Axes, data: pd.DataFrame, hue: str, palette: dict, dashes: dict | None = None,
                style: str | None = None) -> None:
    groups = [hue] if style is None else [hue, style]
    for key, block in data.groupby(groups, sort=False, observed=True):
        key = key if isinstance(key, tuple) else (key,)
        color = palette[key[0]]
        ls = dashes[key[1]] if dashes and style else "-"
        ax.plot(block["step"], block["mean"], color=color, ls=ls, lw=1.6, label=" · ".join(str(k) for k in key))
        ax.fill_between(block["step"], block["ci_low"], block["ci_high"], color=color, alpha=0.2, lw=0)


def _palette(frame: pd.DataFrame) -> dict[str, tuple[float, float, float]]:
    scenarios = [str(s) for s in pd.unique(frame["scenario"])]
    return dict(zip(scenarios, sns.color_palette("colorblind", len(scenarios)), strict=True))


def _weeks(frame: pd.DataFrame) -> pd.DataFrame:
    """Steps after the start (step 0 has no flows), scenario names as text."""
    return frame[frame["step"] > 0].assign(scenario=frame["scenario"].astype(str))


def timeseries_figure(frame: pd.DataFrame) -> Figure:
    """Headline outcomes over time, one panel each, one line per scenario with its 95% CI band over replicates."""
    outcomes = [spec for spec in metrics.headline() if spec.name in frame]
    with figure_style():
        palette = _palette(frame)
        data = _bands(_weeks(frame), [spec.name for spec in outcomes], ["scenario"])
        fig, axes = _grid(len(outcomes), 3, 4.0, 3.2)
        for ax, spec in zip(axes, outcomes, strict=False):
            _draw_bands(ax, data[data["outcome"] == spec.name], "scenario", palette)
            ax.set_title(spec.label_en, fontsize=9)
        for ax in axes[max(0, len(outcomes) - 3):len(outcomes)]:  # the lowest panel of each column
            ax.set_xlabel("week")
            ax.xaxis.set_tick_params(labelbottom=True)
        spare = axes[len(outcomes)] if len(outcomes) < len(axes) else None
        if spare is not None and outcomes:  # the legend takes the empty panel
            spare.set_visible(True)
            spare.axis("off")
            spare.legend(*axes[0].get_legend_handles_labels(), loc="center", fontsize=8)
        elif outcomes:
            axes[0].legend(loc="best", fontsize=8)
        fig.suptitle(f"Scenario comparison: mean and 95% CI over {frame['replicate'].nunique()} paired replicates")
        fig.tight_layout()
    return fig


def group_families(frame: pd.DataFrame) -> list[tuple[Outcome, dict[str, Outcome]]]:
    """(overall outcome, {group: outcome}) for every outcome the registry splits by group, both groups in ``frame``."""
    result = []
    for family in dict.fromkeys(spec.family for spec in metrics.OUTCOMES.values() if spec.family and spec.group):
        groups = metrics.by_group(family)
        if family in metrics.OUTCOMES and all(g in groups and groups[g].name in frame for g in metrics.GROUPS):
            result.append((metrics.OUTCOMES[family], groups))
    return result


def group_timeseries_figure(frame: pd.DataFrame) -> Figure:
    """Outcomes by group (online vs digitally excluded): colour = scenario, line style = group, 95% CI bands."""
    families = group_families(frame)
    with figure_style():
        palette = _palette(frame)
        fig, axes = _grid(len(families), 4, 3.8, 4.0)
        base = _weeks(frame)
        for ax, (overall, groups) in zip(axes, families, strict=False):
            parts = []
            for group in metrics.GROUPS:
                cols = {groups[group].name: overall.name}
                parts.append(base[["scenario", "replicate", "step", *cols]].rename(columns=cols).assign(group=group))
            data = _bands(pd.concat(parts, ignore_index=True), [overall.name], ["scenario", "group"])
            _draw_bands(ax, data, "scenario", palette, GROUP_LINES, style="group")
            ax.set_title(f"{overall.label_en} by group", fontsize=9)
            ax.set_xlabel("week")
        if families:
            axes[0].legend(loc="best", fontsize=7)
        fig.suptitle("By group: solid = online (included), dashed = digitally excluded; bands = 95% CI")
        fig.tight_layout()
    return fig


TRADEOFF_X = "efficiency"
TRADEOFF_Y = ("equity_gap", "trust")


def tradeoff_figure(table: pd.DataFrame) -> Figure:
    """Efficiency against the equity gap and against trust, one point per scenario with 95% CI whiskers on both
    axes (only the pairs ``table`` has).

    ``table`` is the tidy comparison table (scenario, outcome, mean, ci_low, ci_high).
    """
    present = set(table["outcome"])
    ys = [y for y in TRADEOFF_Y if y in present and y in metrics.OUTCOMES] if TRADEOFF_X in present else []
    wide = table.pivot(index="scenario", columns="outcome", values=["mean", "ci_low", "ci_high"])
    with figure_style():
        palette = sns.color_palette("colorblind", len(wide.index))
        fig = Figure(figsize=(5.5 * max(len(ys), 1), 4.5))
        axes = fig.subplots(1, max(len(ys), 1), squeeze=False).ravel()
        for ax, y in zip(axes, ys, strict=False):
            for color, scenario in zip(palette, wide.index, strict=True):
                row = wide.loc[scenario]
                x_mean, y_mean = row[("mean", TRADEOFF_X)], row[("mean", y)]
                xerr = [[x_mean - row[("ci_low", TRADEOFF_X)]], [row[("ci_high", TRADEOFF_X)] - x_mean]]
                yerr = [[y_mean - row[("ci_low", y)]], [row[("ci_high", y)] - y_mean]]
                ax.errorbar(x_mean, y_mean, xerr=xerr, yerr=yerr, fmt="o", color=color, ms=7, capsize=3)
                ax.annotate(str(scenario), (x_mean, y_mean), textcoords="offset points", xytext=(6, 6), fontsize=8)
            ax.set_xlabel(f"{outcome_label(TRADEOFF_X, direction=True)} →")
            ax.set_ylabel(outcome_label(y, direction=True))
        if not ys:
            axes[0].axis("off")
            axes[0].text(0.5, 0.5, f"no trade-off to draw: the table lacks {TRADEOFF_X} or {' and '.join(TRADEOFF_Y)}",
                         ha="center", va="center")
        fig.suptitle("Trade-offs: one point per scenario (mean of the run's last weeks, 95% CI)")
        fig.tight_layout()
    return fig


def comparison_figure_set(frame: pd.DataFrame, table: pd.DataFrame) -> dict[str, Figure]:
    """File name -> figure for a scenario comparison (``frame``: every run's time series; ``table``: the tidy
    comparison table). Nothing is written."""
    return {"timeseries.png": timeseries_figure(frame),
            "timeseries_by_group.png": group_timeseries_figure(frame),
            "tradeoff.png": tradeoff_figure(table)}


def comparison_figures(frame: pd.DataFrame, table: pd.DataFrame, folder: Path) -> list[Path]:
    """All comparison figures drawn and written into ``folder`` (what ``smartgov compare`` writes)."""
    return save_figures(comparison_figure_set(frame, table), folder)
