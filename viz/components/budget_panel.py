"""The budget panel: what this week's budget pays for, line by line, the total, budget-neutral mode, and
cost-effectiveness cards.

Costs are the model's own ledger (``model/budget.py``: one budget unit = the whole cost of one online case; every
line is paid in full whether used or not). Which lever is paid from which line is ``budget.LEVER_COSTS``. In
budget-neutral mode (``budget_mode = neutral``) levers come out of case capacity instead of being paid on top; a
set-up whose lines do not fit is refused by the model with its own message.
"""

from __future__ import annotations

import pandas as pd
import solara

from smartgov.model import metrics
from smartgov.model.budget import LEVER_COSTS, LINES
from smartgov.model.params import fields
from smartgov.viz.components import state
from smartgov.viz.components.kpi_cards import KpiCard, kpi_values
from smartgov.viz.components.outcome_table import OutcomeTable
from smartgov.viz.components.run import Run
from smartgov.viz.i18n import t

COST_CARDS = ("total_cost", "cost_per_need_met")  # the cost outcome and what a met need costs (model/metrics.py)


def budget_table(run: Run, lang: str) -> pd.DataFrame:
    """This week's spending by budget line (lines with spending only), largest first, with their share of the
    total and the levers it pays for that this run sets away from their defaults (the scenario's or the user's);
    the last row is the total."""
    lines = run.model.ledger.lines
    total = sum(lines.values())
    edited: dict[str, list[str]] = {}
    for f in fields():
        if f.name in LEVER_COSTS and getattr(run.params, f.name) != f.default:
            edited.setdefault(LEVER_COSTS[f.name], []).append(f.name)
    rows = [{t("budget_line", lang): t(f"line_{line}", lang), t("budget_units", lang): f"{lines[line]:,.1f}",
             t("budget_share", lang): f"{lines[line] / total:.0%}" if total else "–",
             t("budget_levers", lang): ", ".join(sorted(edited.get(line, []))) or ""}
            for line in sorted((line for line in LINES if lines.get(line, 0.0) > 0), key=lambda x: -lines[x])]
    rows.append({t("budget_line", lang): t("budget_total", lang), t("budget_units", lang): f"{total:,.1f}",
                 t("budget_share", lang): "100%" if total else "–", t("budget_levers", lang): ""})
    return pd.DataFrame(rows)


@solara.component
def CostCards(frame: pd.DataFrame) -> None:
    """Cost and cost-effectiveness as KPI cards (4-week means; change since the start)."""
    lang = state.lang.value
    with solara.Row(style={"flex-wrap": "wrap"}, gap="0px", classes=["sg-cost-cards"]):
        for name in COST_CARDS:
            spec = metrics.OUTCOMES[name]
            now, start = kpi_values(frame, spec)
            KpiCard(spec, lang, now, start).key(name)


@solara.component
def BudgetPanel(run: Run, version: int) -> None:
    lang = state.lang.value
    neutral = run.params.budget_mode == "neutral"

    def set_neutral(value: bool) -> None:
        problem = state.set_parameter("budget_mode", "neutral" if value else "additive")
        if problem:
            state.report("error", t("bad_value", lang, error=problem))

    with solara.Details(t("budget_title", lang), expand=False), solara.Column(gap="4px", classes=["sg-budget"]):
        CostCards(run.frame())
        with solara.Row(classes=["sg-budget-neutral"]):
            solara.Checkbox(label=t("budget_neutral", lang), value=neutral, on_value=set_neutral)
        if run.step_count == 0:
            solara.Text(t("budget_week0", lang), style={"font-size": "0.8em", "color": "#555"})
            return
        solara.Text(t("budget_hint", lang, week=run.step_count), style={"font-size": "0.8em", "color": "#555"})
        OutcomeTable(budget_table(run, lang), class_="sg-budget-table")
