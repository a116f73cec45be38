"""The info page: what the model is, what happens each week, which outcomes it reports and which parameter values
rest on published sources (the rest are marked as assumptions in docs/model.md)."""

from __future__ import annotations

import pandas as pd
import solara

from smartgov.model import metrics
from smartgov.model.params import GROUPS, fields
from smartgov.viz.components import state
from smartgov.viz.components.outcome_table import OutcomeTable
from smartgov.viz.i18n import ABOUT_TEXT, STEP_TEXT, choice, t, unit


def sourced_parameters(lang: str) -> pd.DataFrame:
    rows = []
    for f in fields():
        m = f.metadata
        if m["source"] and not m["source"].startswith("assumption"):
            rows.append({t("parameter", lang): f.name, t("meaning", lang): m["zh"] if lang == "zh" else m["en"],
                         t("default", lang): choice(f.name, f.default, lang) if m["choices"] else f.default,
                         t("source", lang): m["source"]})
    return pd.DataFrame(rows, columns=[t(key, lang) for key in ("parameter", "meaning", "default", "source")])


def outcome_rows(lang: str) -> pd.DataFrame:
    """Every outcome of the registry: label, unit, flow or stock, and which direction is better."""
    better = {True: "better_higher", False: "better_lower", None: "better_none"}
    rows = [{t("outcome", lang): spec.label(lang), t("unit", lang): unit(spec.unit, lang),
             t("kind", lang): t(f"kind_{spec.kind}", lang), t("better", lang): t(better[spec.higher_is_better], lang)}
            for spec in metrics.OUTCOMES.values()]
    return pd.DataFrame(rows, columns=[t(key, lang) for key in ("outcome", "unit", "kind", "better")])


@solara.component
def AboutView() -> None:
    lang = state.lang.value
    with solara.Column(classes=["sg-about"]):
        solara.Markdown(f"### {t('about_summary', lang)}\n\n{ABOUT_TEXT[lang]}")
        steps = "\n".join(f"{i}. {text}" for i, text in enumerate(STEP_TEXT[lang], start=1))
        solara.Markdown(f"### {t('about_steps', lang)}\n\n{steps}")
        groups = ", ".join(v[1] if lang == "zh" else v[0] for v in GROUPS.values())
        solara.Markdown(f"### {t('about_assumptions', lang)}\n\n{t('parameters', lang)}: {groups}.")
        OutcomeTable(sourced_parameters(lang), class_="sg-about-sources")  # all rows: no paging, no index column
        solara.Markdown(f"### {t('about_outcomes', lang)}\n\n{t('about_outcomes_note', lang)}")
        OutcomeTable(outcome_rows(lang), class_="sg-about-outcomes")
