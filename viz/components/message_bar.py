"""The app's one message line: what went wrong with the user's input (or what was loaded), dismissible."""

from __future__ import annotations

import solara

from smartgov.viz.components import state


@solara.component
def MessageBar() -> None:
    kind, text = state.message.value
    if not text:
        return
    show = {"error": solara.Error, "warning": solara.Warning}.get(kind, solara.Success)
    with solara.Row(classes=["sg-message", f"sg-message-{kind}"], style={"align-items": "center"}):
        show(text, dense=True, style={"flex": "1 1 auto", "margin": "0"})
        solara.Button(icon_name="mdi-close", icon=True, on_click=lambda: state.message.set(("", "")))
