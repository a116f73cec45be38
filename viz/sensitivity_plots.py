"""Seaborn figures of a sweep's analysis: heatmaps of two-parameter grids, Morris μ*–σ, Sobol S1/ST with
confidence intervals, and the PRIM peeling trajectory with the chosen box.

Figures are :class:`~matplotlib.figure.Figure` objects drawn inside seaborn's style contexts (no pyplot, no
backend switch, no global theme; see :mod:`smartgov.viz.figures`); outcome labels come from the outcome registry.
:func:`draw_all` returns them by file name and writes nothing: :func:`save_figures` writes them.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from smartgov.experiments.analysis import Analysis, Discovery
from smartgov.viz.figures import figure_style, outcome_label, save_figures

__all__ = ["draw_all", "heatmaps", "morris_figure", "prim_figure", "save_figures", "sobol_figure"]


def _grid(n: int, width: float = 4.2, height: float = 3.4) -> tuple[Figure, np.ndarray]:
    cols = max(1, min(n, 3))
    rows = max(1, math.ceil(n / cols))
    fig = Figure(figsize=(width * cols, height * rows))
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    for ax in axes[n:]:
        ax.set_visible(False)
    return fig, axes


def heatmaps(analysis: Analysis) -> dict[str, Figure]:
    """One heatmap per outcome: replicate means over the first two factors (averaged over any others)."""
    design, points = analysis.design, analysis.points
    names = [f.name for f in design.factors]
    figures = {}
    for outcome in design.outcomes:
        data = points[points["outcome"] == outcome]
        label = outcome_label(outcome)
        with figure_style():
            fig = Figure(figsize=(6.4, 4.6))
            ax = fig.subplots()
            if len(names) == 1:
                sns.pointplot(analysis.runs, x=names[0], y=outcome, errorbar=("ci", 95), ax=ax)
                ax.set_ylabel(label)
            else:
                table = data.pivot_table(index=names[0], columns=names[1], values="mean", aggfunc="mean",
                                         sort=False)
                sns.heatmap(table, annot=True, fmt=".3g", cmap="viridis", ax=ax, cbar_kws={"label": label})
            ax.set_title(f"{label}: mean of {design.replicates} replicates" +
                         (f" (averaged over {', '.join(names[2:])})" if len(names) > 2 else ""), fontsize=9)
            fig.tight_layout()
        figures[f"heatmap_{outcome}.png"] = fig
    return figures


def morris_figure(table: pd.DataFrame) -> Figure:
    """μ* against σ per outcome, with μ*'s bootstrap confidence interval; the five largest labelled."""
    outcomes = list(dict.fromkeys(table["outcome"]))
    with figure_style():
        fig, axes = _grid(len(outcomes))
        for ax, outcome in zip(axes, outcomes, strict=False):
            data = table[table["outcome"] == outcome]
            ax.errorbar(data["mu_star"], data["sigma"], xerr=data["mu_star_conf"], fmt="o", ms=4, alpha=0.8,
                        ecolor="0.6", elinewidth=1)
            for _, row in data.nlargest(5, "mu_star").iterrows():
                ax.annotate(row["parameter"], (row["mu_star"], row["sigma"]), fontsize=7, xytext=(3, 3),
                            textcoords="offset points")
            top = max(data["mu_star"].max(), data["sigma"].max()) * 1.1 or 1.0
            ax.plot([0, top], [0, top], ls=":", c="0.7", lw=1)  # σ = μ*: strong interaction or non-linearity
            ax.set_title(outcome_label(outcome), fontsize=9)
            ax.set(xlabel="μ* (mean |elementary effect|)", ylabel="σ")
        fig.suptitle("Morris screening (95% CI of μ*; dotted line σ = μ*)")
        fig.tight_layout()
    return fig


def sobol_figure(table: pd.DataFrame) -> Figure:
    """First-order (S1) and total (ST) indices per outcome with 95% bootstrap confidence intervals."""
    outcomes = list(dict.fromkeys(table["outcome"]))
    with figure_style():
        fig, axes = _grid(len(outcomes), width=4.6)
        for ax, outcome in zip(axes, outcomes, strict=False):
            data = table[table["outcome"] == outcome].sort_values("ST")
            y = np.arange(len(data))
            ax.barh(y - 0.2, data["S1"], 0.4, xerr=data["S1_conf"], label="S1", color="#4c72b0", ecolor="0.3")
            ax.barh(y + 0.2, data["ST"], 0.4, xerr=data["ST_conf"], label="ST", color="#dd8452", ecolor="0.3")
            ax.set_yticks(y, data["parameter"], fontsize=8)
            ax.axvline(0, c="0.5", lw=0.8)
            ax.set_title(outcome_label(outcome), fontsize=9)
            ax.set_xlabel("Sobol index")
            ax.legend(fontsize=7, loc="lower right")
        fig.suptitle("Sobol sensitivity indices (95% bootstrap CI)")
        fig.tight_layout()
    return fig


def prim_figure(discovery: Discovery) -> Figure:
    """The peeling trajectory (coverage vs density, coloured by restricted dimensions) and the chosen box."""
    with figure_style():
        fig = Figure(figsize=(10, 4.2))
        ax, text = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
        traj = discovery.trajectory
        points = ax.scatter(traj["coverage"], traj["density"], c=traj["res_dim"], cmap="viridis", s=22)
        chosen = traj[traj["chosen"]]
        ax.scatter(chosen["coverage"], chosen["density"], s=120, facecolors="none", edgecolors="red", lw=1.5,
                   label="chosen box")
        fig.colorbar(points, ax=ax, label="restricted parameters")
        ax.set(xlabel="coverage", ylabel="density", xlim=(0, 1.02), ylim=(0, 1.02))
        ax.set_title(f"PRIM: {discovery.rule} ({discovery.cases} of {discovery.total} runs)\n"
                     f"{outcome_label(discovery.outcome)}", fontsize=9)
        ax.legend(loc="lower left", fontsize=8)
        lines = [f"coverage {discovery.coverage:.2f}, density {discovery.density:.2f}", ""]
        for _, row in discovery.box.iterrows():
            span = row["levels"] if row["levels"] else f"{row['min']:.3g} – {row['max']:.3g}"
            lines.append(f"{row['parameter']}: {span}  (qp {row['qp_value']:.2g})")
        text.axis("off")
        text.text(0, 1, "\n".join(lines), va="top", family="monospace", fontsize=8)
        fig.tight_layout()
    return fig


def draw_all(analysis: Analysis) -> dict[str, Figure]:
    """File name -> figure for everything the analysis has (nothing is written; see :func:`save_figures`)."""
    figures: dict[str, Figure] = {}
    if analysis.design.method == "grid":
        figures.update(heatmaps(analysis))
    if analysis.morris is not None and len(analysis.morris):
        figures["morris.png"] = morris_figure(analysis.morris)
    if analysis.sobol is not None and len(analysis.sobol):
        figures["sobol.png"] = sobol_figure(analysis.sobol)
    if analysis.discovery is not None:
        figures["prim.png"] = prim_figure(analysis.discovery)
    return figures
