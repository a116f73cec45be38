"""KPI cards: the headline outcomes of the registry (``model/metrics.py``) now and their change since the start.

Stocks (trust, shares, totals) are shown as they are this week; flows (what happened during the week: equity gap,
efficiency, participation) are noisy week to week and are shown as 4-week means. "Since start" compares with the
first week that has a value. Label, format and direction (higher or lower is better) come from the registry.
"""

from __future__ import annotations

import math

import pandas as pd
import solara

from smartgov.model import metrics
from smartgov.model.metrics import Outcome
from smartgov.viz.components import state
from smartgov.viz.i18n import t

WINDOW = 4


def kpi_values(frame: pd.DataFrame, spec: Outcome) -> tuple[float, float]:
    """(value now, value at the start) for one outcome; NaN where there is nothing yet."""
    if spec.name not in frame:
        return math.nan, math.nan
    series = frame[spec.name].astype(float)
    if spec.kind == "flow":
        series = series.iloc[1:]  # step 0 has no flows
        now = series.tail(WINDOW).mean() if series.notna().any() else math.nan
        start = series.dropna().head(WINDOW).mean() if series.notna().any() else math.nan
    elif len(series):
        now, start = series.iloc[-1], series.iloc[0]
    else:
        now = start = math.nan
    return float(now), float(start)


def signed(spec: Outcome, value: float) -> str:
    """``value`` in the outcome's format, always with its sign (for changes and differences)."""
    pattern = spec.fmt if spec.fmt[:1] in "+- " else "+" + spec.fmt
    return "–" if value != value else format(value, pattern)


@solara.component
def KpiCard(spec: Outcome, lang: str, now: float, start: float) -> None:
    delta = now - start
    if delta != delta or abs(delta) < 1e-12:
        colour, arrow = "#666", ""
    elif spec.higher_is_better is None:
        colour, arrow = "#666", ("▲" if delta > 0 else "▼")
    else:
        good = (delta > 0) == spec.higher_is_better
        colour, arrow = ("#2e7d32" if good else "#c62828"), ("▲" if delta > 0 else "▼")
    with solara.Card(classes=["sg-kpi", f"sg-kpi-{spec.name}"], style={"min-width": "150px", "flex": "1 1 150px",
                                                                         "margin": "4px", "padding": "8px"}):
        solara.Text(spec.label(lang), classes=["sg-kpi-label"],
                    style={"font-size": "0.8em", "color": "#555", "display": "block"})
        solara.Text(spec.format(now), classes=["sg-kpi-value"],
                    style={"font-size": "1.6em", "font-weight": "600", "display": "block"})
        solara.Text(f"{arrow} {signed(spec, delta)} {t('since_start', lang)}", classes=["sg-kpi-delta"],
                    style={"font-size": "0.8em", "color": colour, "display": "block"})


@solara.component
def KpiCards(frame: pd.DataFrame) -> None:
    lang = state.lang.value
    with solara.Row(style={"flex-wrap": "wrap"}, gap="0px", classes=["sg-kpis"]):
        for spec in metrics.headline():
            now, start = kpi_values(frame, spec)
            KpiCard(spec, lang, now, start).key(spec.name)
    solara.Text(t("kpi_note", lang), style={"font-size": "0.75em", "color": "#888"})
