"""The smartgov web app: explore a scenario, compare two policies, export, learn — in English or Chinese.

Run with ``smartgov ui`` (fills the offline front-end cache, binds 127.0.0.1) or ``solara run viz/app.py``.
Built from plain Solara components (see ``viz/components/``) rather than Mesa's SolaraViz, whose rebuild-by-
keywords convention does not fit A/B runs, lessons or a language switch.
"""

from __future__ import annotations

import solara
import solara.lab

from smartgov.viz.classroom.student_page import StudentPage
from smartgov.viz.classroom.teacher_page import TeacherPage
from smartgov.viz.components import state
from smartgov.viz.components.about_view import AboutView
from smartgov.viz.components.budget_panel import BudgetPanel
from smartgov.viz.components.compare_view import CompareView
from smartgov.viz.components.export_panel import ExportPanel
from smartgov.viz.components.kpi_cards import KpiCards
from smartgov.viz.components.language_switch import LanguageSwitch
from smartgov.viz.components.lessons_view import LessonsView
from smartgov.viz.components.message_bar import MessageBar
from smartgov.viz.components.network_view import NetworkView
from smartgov.viz.components.param_controls import ParamControls
from smartgov.viz.components.player import Player
from smartgov.viz.components.scenario_picker import ScenarioPicker
from smartgov.viz.components.scenario_upload import ScenarioUpload
from smartgov.viz.components.screen import PresentationSwitch, WindowWidth, sidebar_open
from smartgov.viz.components.share_panel import LinkSync, SharePanel
from smartgov.viz.components.timeline_editor import TimelineEditor
from smartgov.viz.components.timeseries_view import TimeseriesView
from smartgov.viz.i18n import t
from smartgov.viz.share_link import TABS as LINK_TABS

TABS = tuple(f"tab_{name}" for name in LINK_TABS)  # the link names the tabs in this order


@solara.component
def ExploreView() -> None:
    state.ensure_run()
    run = state.run.value
    version = state.version.value
    if run is None:
        return
    Player()
    KpiCards(run.frame())
    BudgetPanel(run, version)
    with solara.ColumnsResponsive(12, medium=[5, 7]):  # side by side from 960 px, stacked on a phone
        NetworkView(run, version)
        TimeseriesView(run, version)
    ExportPanel(run, version)


@solara.component
def Page() -> None:
    lang = state.lang.value
    solara.Title(t("app_title", lang))
    LinkSync()
    with solara.AppBar():
        PresentationSwitch()
        LanguageSwitch()
        WindowWidth(state.screen_width.set)
    with solara.Sidebar():
        ScenarioPicker()
        ScenarioUpload()
        ParamControls()
        TimelineEditor()
        SharePanel()
    MessageBar()
    with solara.lab.Tabs(value=state.tab.value, on_value=state.tab.set, lazy=True):
        with solara.lab.Tab(t(TABS[0], lang), classes=["sg-tab-explore"]):
            ExploreView()
        with solara.lab.Tab(t(TABS[1], lang), classes=["sg-tab-compare"]):
            CompareView()
        with solara.lab.Tab(t(TABS[2], lang), classes=["sg-tab-lessons"]):
            LessonsView()
        with solara.lab.Tab(t(TABS[3], lang), classes=["sg-tab-about"]):
            AboutView()


@solara.component
def Layout(children: list | None = None) -> None:
    """Solara's app layout with our title in the bar (the page itself adds the language switch); the sidebar open
    only where it fits beside the page (see ``components/screen.py``)."""
    opened = sidebar_open(state.screen_width.value, state.tab.value, state.presenting.value)
    with solara.AppLayout(title=t("app_title", state.lang.value), sidebar_open=opened, children=children or []):
        pass


# The explorer at /, classroom mode's teacher page at /classroom and students' page at /join (viz/classroom/).
routes = [
    solara.Route(path="/", component=Page, layout=Layout),
    solara.Route(path="classroom", component=TeacherPage),
    solara.Route(path="join", component=StudentPage),
]
