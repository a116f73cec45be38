"""English / 简体中文 switch: every label, description and lesson follows ``state.lang``."""

from __future__ import annotations

import solara

from smartgov.viz.components import state
from smartgov.viz.i18n import LANGUAGES


@solara.component
def LanguageSwitch() -> None:
    with solara.ToggleButtonsSingle(value=state.lang.value, on_value=state.lang.set, classes=["sg-lang"]):
        for code, name in LANGUAGES.items():
            solara.Button(name, value=code, text=True, classes=[f"sg-lang-{code}"])
