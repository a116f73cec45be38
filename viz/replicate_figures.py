"""Interactive Plotly figures of a replicated A/B comparison (drawn in the browser by ``solara.FigurePlotly``).

Two figures: the mean of each headline outcome over the paired runs, week by week, for A and B with its 95% band;
and the paired differences B − A (each pair's end-of-run mean) with their mean and 95% interval. The numbers come
from :mod:`smartgov.experiments.summaries` (``mean_ci``) and the comparison table; labels from the outcome
registry and :mod:`smartgov.viz.i18n`, so the figures follow the language switch.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from smartgov.experiments.summaries import mean_ci
from smartgov.model import metrics
from smartgov.model.metrics import Outcome
from smartgov.viz.i18n import t

SMOOTH = 4  # weeks: flow outcomes are smoothed per run with this rolling mean, as in the live charts
COLOURS = {"A": "#4c72b0", "B": "#dd8452"}
BAND_COLOURS = {"A": "rgba(76,114,176,0.22)", "B": "rgba(221,132,82,0.22)"}
COLUMNS = 3
FONT = "Noto Sans CJK SC, WenQuanYi Micro Hei, Microsoft YaHei, PingFang SC, sans-serif"


def smoothed(frame: pd.DataFrame, outcomes: Sequence[Outcome]) -> pd.DataFrame:
    """Each run's weekly values, flow outcomes as a ``SMOOTH``-week rolling mean within the run."""
    out = frame.sort_values(["scenario", "replicate", "step"], kind="stable").copy()
    flows = [spec.name for spec in outcomes if spec.kind == "flow" and spec.name in out]
    if flows:
        rolled = out.groupby(["scenario", "replicate"], observed=True)[flows].rolling(SMOOTH, min_periods=1).mean()
        out[flows] = rolled.reset_index(level=[0, 1], drop=True).sort_index()
    return out


def bands(frame: pd.DataFrame, outcomes: Sequence[Outcome] | None = None) -> pd.DataFrame:
    """Per arm, week and outcome: the mean over replicates and its 95% t interval (``mean_ci``); tidy columns
    ``scenario, step, outcome, mean, ci_low, ci_high, n``."""
    outcomes = list(outcomes) if outcomes is not None else metrics.headline()
    data = smoothed(frame, outcomes)
    rows = []
    for (scenario, step), group in data.groupby(["scenario", "step"], observed=True, sort=True):
        for spec in outcomes:
            est = mean_ci(group[spec.name].to_numpy(dtype=float))
            rows.append({"scenario": scenario, "step": int(step), "outcome": spec.name, "mean": est.mean,
                         "ci_low": est.ci_low, "ci_high": est.ci_high, "n": est.n})
    return pd.DataFrame(rows, columns=["scenario", "step", "outcome", "mean", "ci_low", "ci_high", "n"])


def _title(spec: Outcome, lang: str, width: int = 28) -> str:
    label = spec.label(lang)
    width = width // 2 if lang == "zh" else width
    words, lines, line = (list(label) if lang == "zh" else label.split(" ")), [], ""
    for word in words:
        joined = (line + word) if lang == "zh" else f"{line} {word}".strip()
        if len(joined) > width and line:
            lines.append(line)
            line = word
        else:
            line = joined
    return "<br>".join([*lines, line])


def _tick_format(spec: Outcome) -> str:
    return ".1%" if spec.fmt.endswith("%") else ""


def band_figure(table: pd.DataFrame, lang: str, outcomes: Sequence[Outcome] | None = None) -> go.Figure:
    """One panel per outcome: A's and B's mean over the paired runs with a shaded 95% band, by week."""
    outcomes = list(outcomes) if outcomes is not None else metrics.headline()
    rows = max(1, math.ceil(len(outcomes) / COLUMNS))
    fig = make_subplots(rows=rows, cols=COLUMNS, subplot_titles=[_title(s, lang) for s in outcomes],
                        horizontal_spacing=0.07, vertical_spacing=0.16)
    for index, spec in enumerate(outcomes):
        row, col = index // COLUMNS + 1, index % COLUMNS + 1
        for tag in ("A", "B"):
            # no NaN reaches the browser: the widget's JSON would carry it as NaN, which JavaScript cannot parse
            part = table[(table["outcome"] == spec.name) & (table["scenario"] == tag)].dropna(subset=["mean"])
            banded = part.dropna(subset=["ci_low", "ci_high"])
            band_x = banded["step"].to_list() + banded["step"].to_list()[::-1]
            band_y = banded["ci_high"].to_list() + banded["ci_low"].to_list()[::-1]
            fig.add_trace(go.Scatter(x=band_x, y=band_y, mode="lines", fill="toself", fillcolor=BAND_COLOURS[tag],
                                     line={"width": 0}, hoverinfo="skip", showlegend=False, legendgroup=tag,
                                     connectgaps=False), row=row, col=col)
            fig.add_trace(go.Scatter(x=part["step"].to_list(), y=part["mean"].to_list(), mode="lines", name=tag,
                                     legendgroup=tag,
                                     line={"color": COLOURS[tag], "width": 2}, showlegend=index == 0,
                                     hovertemplate=f"{tag} %{{x}}: %{{y:{spec.fmt.lstrip('+')}}}<extra></extra>"),
                          row=row, col=col)
        fig.update_yaxes(tickformat=_tick_format(spec), row=row, col=col)
        fig.update_xaxes(title_text=t("week", lang) if row == rows else None, row=row, col=col)
    _style(fig, t("rep_bands", lang), height=280 * rows + 60)
    return fig


def difference_figure(differences: Sequence[tuple[Outcome, dict[str, Any]]], lang: str) -> go.Figure:
    """One panel per outcome: each pair's B − A (dots, jittered sideways), the mean and its 95% CI (a bar with
    whiskers) and the zero line. ``differences``: (outcome, {"per_pair", "mean", "ci_low", "ci_high"})."""
    count = max(1, len(differences))
    fig = make_subplots(rows=1, cols=count, subplot_titles=[_title(s, lang, 22) for s, _ in differences],
                        horizontal_spacing=0.06)
    rng = np.random.default_rng(0)  # fixed jitter: the same picture every time
    pair = t("rep_pair", lang)
    for col, (spec, diff) in enumerate(differences, start=1):
        values = np.asarray(diff["per_pair"], dtype=float)
        jitter = rng.uniform(-0.25, 0.25, size=values.size)
        pairs = np.flatnonzero(np.isfinite(values))  # an outcome can be undefined in a run: no dot for it
        values, jitter = values[pairs], jitter[pairs]
        fmt = "+" + spec.fmt.lstrip("+")
        fig.add_trace(go.Scatter(x=jitter.tolist(), y=values.tolist(), mode="markers", showlegend=False,
                                 marker={"color": "#666666", "size": 6, "opacity": 0.7},
                                 text=[f"{pair} {i + 1}" for i in pairs],
                                 hovertemplate=f"%{{text}}: %{{y:{fmt}}}<extra></extra>"), row=1, col=col)
        mean, low, high = diff["mean"], diff["ci_low"], diff["ci_high"]
        if math.isfinite(mean):
            error = {"type": "data", "symmetric": False, "array": [high - mean if math.isfinite(high) else 0],
                     "arrayminus": [mean - low if math.isfinite(low) else 0], "width": 10, "thickness": 2.5,
                     "color": "#2a6f97"}
            interval = ", ".join(format(x, fmt) if math.isfinite(x) else "–" for x in (low, high))
            fig.add_trace(go.Scatter(x=[0.55], y=[mean], mode="markers", showlegend=False, error_y=error,
                                     marker={"color": "#2a6f97", "size": 11, "symbol": "diamond"},
                                     hovertemplate=f"B − A: %{{y:{fmt}}} [{interval}]<extra></extra>"), row=1, col=col)
        fig.add_hline(y=0, line={"color": "#999999", "width": 1, "dash": "dot"}, row=1, col=col)
        fig.update_xaxes(showticklabels=False, range=[-0.5, 0.9], row=1, col=col)
        fig.update_yaxes(tickformat=_tick_format(spec), row=1, col=col)
    _style(fig, t("rep_diffs", lang), height=330)
    return fig


def _style(fig: go.Figure, title: str, height: int) -> None:
    fig.update_layout(title={"text": title, "font": {"size": 14}}, height=height, autosize=True,
                      template="plotly_white",
                      margin={"l": 50, "r": 20, "t": 90, "b": 40}, font={"family": FONT, "size": 11},
                      legend={"orientation": "h", "y": 1.12, "x": 1, "xanchor": "right"})
    fig.update_annotations(font_size=11)
