"""KPI cards: the headline outcomes now and their change since the start of the run.

Trust and stock outcomes are shown as they are this week; flow outcomes (equity gap, efficiency) are noisy week to
week and are shown as 4-week means. "Since start" compares with the first week that has a value.
"""

from __future__ import annotations

import math

import pandas as pd
import solara

from smartgov.viz.components import state
from smartgov.viz.i18n import t

# (column, label key, higher is better, flow outcome?, format)
KPIS = (
    ("trust", "kpi_trust", True, False, "{:.3f}"),
    ("equity_gap", "kpi_equity_gap", False, True, "{:+.3f}"),
    ("efficiency", "kpi_efficiency", True, True, "{:.3f}"),
    ("breaches", "kpi_breaches", False, False, "{:.0f}"),
    ("technical_refugees", "kpi_refugees", False, False, "{:.1%}"),
)
WINDOW = 4


def kpi_values(frame: pd.DataFrame, column: str, flow: bool) -> tuple[float, float]:
    """(value now, value at the start) for one outcome; NaN where there is nothing yet."""
    series = frame[column].astype(float)
    if flow:
        series = series.iloc[1:]  # step 0 has no flows
        now = series.tail(WINDOW).mean() if len(series) else math.nan
        start = series.dropna().head(WINDOW).mean() if series.notna().any() else math.nan
    else:
        now, start = series.iloc[-1], series.iloc[0]
    return float(now), float(start)


def fmt(value: float, pattern: str) -> str:
    return "–" if value != value else pattern.format(value)


@solara.component
def KpiCard(column: str, label: str, now: float, start: float, higher_better: bool, pattern: str) -> None:
    delta = now - start
    if delta != delta or abs(delta) < 1e-12:
        colour, arrow = "#666", ""
    else:
        good = (delta > 0) == higher_better
        colour, arrow = ("#2e7d32" if good else "#c62828"), ("▲" if delta > 0 else "▼")
    with solara.Card(classes=["sg-kpi", f"sg-kpi-{column}"], style={"min-width": "150px", "flex": "1 1 150px",
                                                                     "margin": "4px", "padding": "8px"}):
        solara.Text(label, style={"font-size": "0.8em", "color": "#555", "display": "block"})
        solara.Text(fmt(now, pattern), classes=["sg-kpi-value"],
                    style={"font-size": "1.6em", "font-weight": "600", "display": "block"})
        signed = pattern if "+" in pattern else pattern.replace("{:", "{:+")
        solara.Text(f"{arrow} {fmt(delta, signed)} "
                    f"{t('since_start', state.lang.value)}", classes=["sg-kpi-delta"],
                    style={"font-size": "0.8em", "color": colour, "display": "block"})


@solara.component
def KpiCards(frame: pd.DataFrame) -> None:
    lang = state.lang.value
    with solara.Row(style={"flex-wrap": "wrap"}, gap="0px", classes=["sg-kpis"]):
        for column, key, higher_better, flow, pattern in KPIS:
            now, start = kpi_values(frame, column, flow)
            KpiCard(column, t(key, lang), now, start, higher_better, pattern)
    solara.Text(t("kpi_note", lang), style={"font-size": "0.75em", "color": "#888"})
