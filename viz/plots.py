"""Seaborn figures for comparison reports and the CLI: outcome time series with 95% CI bands (overall and by
group) and the efficiency–equity–trust trade-off, one point per scenario. Uses the Agg backend (no display)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from scipy import stats

from smartgov.experiments.stats import LEVEL

OVERALL = (
    ("trust", "trust in government"),
    ("equity_gap", "equity gap (met rate incl. − excl.)"),
    ("efficiency", "efficiency (needs met per budget unit)"),
    ("coverage", "data coverage"),
    ("exposed_share", "share ever exposed"),
    ("participation_rate", "participation rate"),
)
BY_GROUP = (
    ("trust", "trust in government"),
    ("need_met", "need-met rate"),
    ("coverage", "data coverage"),
    ("participation", "participation rate"),
)


def _bands(frame: pd.DataFrame, columns: Sequence[str], keys: Sequence[str]) -> pd.DataFrame:
    """Per step, the replicate mean of each column with its 95% t interval (long format; same formula as
    ``experiments.stats.mean_ci``, vectorized)."""
    long = frame.melt(id_vars=[*keys, "step"], value_vars=list(columns), var_name="outcome", value_name="v")
    long = long[np.isfinite(long["v"].astype(float))]
    agg = long.groupby([*keys, "step", "outcome"], sort=True, observed=True)["v"].agg(["mean", "std", "count"])
    n = agg["count"].to_numpy(dtype=float)
    t = stats.t.ppf(0.5 + LEVEL / 2, np.maximum(n - 1, 1))
    half = np.where(n > 1, t * agg["std"].to_numpy() / np.sqrt(n), np.nan)
    agg["ci_low"], agg["ci_high"] = agg["mean"] - half, agg["mean"] + half
    return agg.reset_index()[[*keys, "step", "outcome", "mean", "ci_low", "ci_high"]]


def _draw_bands(ax: plt.Axes, data: pd.DataFrame, hue: str, palette: dict, dashes: dict | None = None,
                style: str | None = None) -> None:
    groups = [hue] if style is None else [hue, style]
    for key, block in data.groupby(groups, sort=False, observed=True):
        key = key if isinstance(key, tuple) else (key,)
        color = palette[key[0]]
        ls = dashes[key[1]] if dashes and style else "-"
        label = " · ".join(str(k) for k in key)
        ax.plot(block["step"], block["mean"], color=color, ls=ls, lw=1.6, label=label)
        ax.fill_between(block["step"], block["ci_low"], block["ci_high"], color=color, alpha=0.2, lw=0)


def timeseries_figure(frame: pd.DataFrame, path: Path) -> Path:
    """Headline outcomes over time, one panel each, one line per scenario with its 95% CI band over replicates."""
    sns.set_theme(style="whitegrid", context="paper")
    scenarios = [str(s) for s in pd.unique(frame["scenario"])]
    palette = dict(zip(scenarios, sns.color_palette("colorblind", len(scenarios)), strict=True))
    data = _bands(frame[frame["step"] > 0].assign(scenario=frame["scenario"].astype(str)),
                  [c for c, _ in OVERALL], ["scenario"])
    fig, axes = plt.subplots(2, 3, figsize=(12, 6.5), sharex=True)
    for ax, (column, label) in zip(axes.flat, OVERALL, strict=True):
        _draw_bands(ax, data[data["outcome"] == column], "scenario", palette)
        ax.set_title(label)
        ax.set_xlabel("week")
    axes.flat[0].legend(loc="best", fontsize=8)
    fig.suptitle(f"Scenario comparison: mean and 95% CI over {frame['replicate'].nunique()} paired replicates")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def group_timeseries_figure(frame: pd.DataFrame, path: Path) -> Path:
    """Outcomes by group (online vs digitally excluded): colour = scenario, line style = group, 95% CI bands."""
    sns.set_theme(style="whitegrid", context="paper")
    scenarios = [str(s) for s in pd.unique(frame["scenario"])]
    palette = dict(zip(scenarios, sns.color_palette("colorblind", len(scenarios)), strict=True))
    fig, axes = plt.subplots(1, len(BY_GROUP), figsize=(15, 4), sharex=True)
    base = frame[frame["step"] > 0].assign(scenario=frame["scenario"].astype(str))
    for ax, (stem, label) in zip(axes, BY_GROUP, strict=True):
        parts = []
        for group in ("included", "excluded"):
            cols = {f"{stem}_{group}": stem}
            part = base[["scenario", "replicate", "step", *cols]].rename(columns=cols).assign(group=group)
            parts.append(part)
        long = pd.concat(parts, ignore_index=True)
        data = _bands(long, [stem], ["scenario", "group"])
        _draw_bands(ax, data, "scenario", palette, {"included": "-", "excluded": "--"}, style="group")
        ax.set_title(f"{label} by group")
        ax.set_xlabel("week")
    axes[0].legend(loc="best", fontsize=7)
    fig.suptitle("By group: solid = online (included), dashed = digitally excluded; bands = 95% CI")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def tradeoff_figure(table: pd.DataFrame, path: Path) -> Path:
    """Efficiency against equity gap and against trust, one point per scenario with 95% CI whiskers on both axes.

    ``table`` is the tidy comparison table (scenario, outcome, mean, ci_low, ci_high).
    """
    sns.set_theme(style="whitegrid", context="paper")
    wide = table.pivot(index="scenario", columns="outcome", values=["mean", "ci_low", "ci_high"])
    scenarios = [str(s) for s in wide.index]
    palette = sns.color_palette("colorblind", len(scenarios))
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.5))
    for ax, (y, label) in zip(axes, (("equity_gap", "equity gap (lower is fairer)"),
                                     ("trust", "mean trust (higher is better)")), strict=True):
        for color, scenario in zip(palette, wide.index, strict=True):
            row = wide.loc[scenario]
            x_mean, y_mean = row[("mean", "efficiency")], row[("mean", y)]
            xerr = [[x_mean - row[("ci_low", "efficiency")]], [row[("ci_high", "efficiency")] - x_mean]]
            yerr = [[y_mean - row[("ci_low", y)]], [row[("ci_high", y)] - y_mean]]
            ax.errorbar(x_mean, y_mean, xerr=xerr, yerr=yerr, fmt="o", color=color, ms=7, capsize=3)
            ax.annotate(str(scenario), (x_mean, y_mean), textcoords="offset points", xytext=(6, 6), fontsize=8)
        ax.set_xlabel("efficiency (needs met per budget unit) →")
        ax.set_ylabel(label)
    fig.suptitle("Trade-offs: one point per scenario (mean of the run's last weeks, 95% CI)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def comparison_figures(frame: pd.DataFrame, table: pd.DataFrame, folder: Path) -> list[Path]:
    """All comparison figures into ``folder``."""
    folder = Path(folder)
    return [
        timeseries_figure(frame, folder / "timeseries.png"),
        group_timeseries_figure(frame, folder / "timeseries_by_group.png"),
        tradeoff_figure(table, folder / "tradeoff.png"),
    ]
