"""The rounds so far: each round's decisions (who set what) and the change in the headline outcomes it brought.

Shown on the teacher's projector and, for the last round, on every student's screen. Student names and values
are shown with ``solara.Text`` (plain text, never HTML or Markdown).
"""

from __future__ import annotations

import solara

from smartgov.model import metrics
from smartgov.model.params import Params
from smartgov.viz.classroom.room import RoundRecord
from smartgov.viz.i18n import outcome, t


def show_value(value: object) -> str:
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def arrow(spec: metrics.Outcome, change: float) -> str:
    """↑/↓ coloured words: 'better' or 'worse' by the outcome's own direction (none for neutral outcomes)."""
    if change != change or spec.higher_is_better is None or abs(change) < 1e-9:
        return ""
    return "▲" if change > 0 else "▼"


@solara.component
def RoundChanges(record: RoundRecord, lang: str) -> None:
    """One round: decisions, then every headline outcome's round mean and its change from the round before."""
    solara.Text(t("cls_last_round", lang, first=record.first_week, last=record.last_week),
                classes=["sg-round-title"], style={"font-weight": "bold"})
    if not record.decisions:
        solara.Text(t("cls_no_decisions", lang))
    for decision in record.decisions:
        levers = "; ".join(f"{Params.__dataclass_fields__[k].metadata[lang if lang == 'zh' else 'en'][:40]} = "
                           f"{show_value(v)}" for k, v in decision.values.items())
        solara.Text(f"{t('cls_role_' + decision.role, lang)} ({decision.by}): {levers}",
                    classes=["sg-decision"], style={"display": "block"})
    with solara.Div(classes=["sg-round-outcomes"]):
        for spec in metrics.headline():
            change = record.change(spec.name)
            shown = "–" if change != change else f"{change:+.3f}"
            solara.Text(f"{outcome(spec.name, lang)}: {spec.format(record.after[spec.name])} ({shown} "
                        f"{arrow(spec, change)})", style={"display": "block"})


@solara.component
def RoundsTable(rounds: list[RoundRecord], lang: str) -> None:
    """Every round as a row: its weeks and the round mean of every headline outcome (the class's timeline)."""
    if not rounds:
        return
    import pandas as pd

    frame = pd.DataFrame([{t("cls_round", lang): r.number, t("cls_weeks", lang): f"{r.first_week}–{r.last_week}",
                           **{outcome(s.name, lang): s.format(r.after[s.name]) for s in metrics.headline()}}
                          for r in rounds])
    solara.Text(t("cls_rounds", lang), style={"font-weight": "bold"})
    solara.DataFrame(frame, items_per_page=20)
