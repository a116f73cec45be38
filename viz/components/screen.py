"""The screen the page is on: the browser window's width (reported by the page) and presentation mode.

The server cannot see the window, so a hidden element reports ``window.innerWidth`` on load and on every resize.
The app opens the parameter sidebar only where it fits beside the page — a window at least ``WIDE`` pixels across,
on the tabs that use it, outside presentation mode: on a phone it would cover the page, and on a projector it takes
40% of the width. Presentation mode (a button in the app bar) also enlarges every text for the back of the room.
"""

from __future__ import annotations

from collections.abc import Callable

import ipyvuetify as v
import solara
import traitlets

from smartgov.viz.components import state
from smartgov.viz.i18n import t

WIDE = 960  # px: below this Vuetify turns the sidebar into a drawer over the page (its mobile breakpoint)
SIDEBAR_TABS = (0, 1)  # Explore and Compare use the scenario and parameters; Lessons and About do not
PRESENTATION_CSS = "html { font-size: 20px !important; }"  # Vuetify sizes text in rem: 16 px → 20 px


class _WindowWidth(v.VuetifyTemplate):
    """A hidden element whose ``width`` follows the browser window's inner width."""

    width = traitlets.Int(0).tag(sync=True)
    template = traitlets.Unicode("""
<template><span style="display: none"></span></template>
<script>
module.exports = {
  mounted() {
    this.report = () => { this.width = window.innerWidth; };
    this.report();
    window.addEventListener("resize", this.report);
  },
  beforeDestroy() { window.removeEventListener("resize", this.report); },
};
</script>
""").tag(sync=True)


@solara.component
def WindowWidth(on_width: Callable[[int], None]) -> None:
    _WindowWidth.element(on_width=on_width)


def sidebar_open(width: int, tab: int, presenting: bool) -> bool:
    """Whether the sidebar is open: a wide enough window (0 = not reported yet: open, so a wide page does not jump
    sideways under the first click; a phone closes it a moment after loading), a tab that uses it, not presenting.
    The ☰ button still opens it anywhere."""
    return (width == 0 or width >= WIDE) and tab in SIDEBAR_TABS and not presenting


@solara.component
def PresentationSwitch() -> None:
    lang = state.lang.value
    on = state.presenting.value
    solara.Button(t("presentation_off" if on else "presentation_on", lang), icon_name="mdi-projector-screen",
                  on_click=lambda: state.presenting.set(not on), text=True, classes=["sg-present"])
    if on:
        solara.Style(PRESENTATION_CSS)
