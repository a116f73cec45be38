"""Scenario picker: the library (and an uploaded file), with its bilingual title, description and what to watch."""

from __future__ import annotations

import solara
import solara.lab

from smartgov.viz.components import state
from smartgov.viz.i18n import pick, t


def scenario_items(lang: str) -> list[dict[str, str]]:
    """Select items: the scenario's title in the chosen language, its name as the value."""
    items = []
    for name in state.scenario_names():
        try:
            title = pick(state.get_scenario(name).title, lang)
        except ValueError:  # a broken library file must not take the picker down
            title = name
        items.append({"text": title, "value": name})
    return items


@solara.component
def ScenarioPicker() -> None:
    lang = state.lang.value
    solara.v.Select(label=t("scenario", lang), items=scenario_items(lang), v_model=state.scenario_name.value,
                    on_v_model=state.choose_scenario, class_="sg-scenario-select", dense=True)
    try:
        scenario = state.get_scenario(state.scenario_name.value)
    except ValueError as err:
        solara.Error(str(err))
        return
    with solara.Column(gap="4px", classes=["sg-scenario-text"]):
        solara.Markdown(f"**{pick(scenario.title, lang)}**")
        solara.Markdown(pick(scenario.description, lang))
        solara.Markdown(f"**{t('what_to_watch', lang)}:** {pick(scenario.watch, lang)}")
        if scenario.source:
            solara.Text(f"{t('source', lang)}: {scenario.source}", style={"font-size": "0.8em", "color": "#666"})
