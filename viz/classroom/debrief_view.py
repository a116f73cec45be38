"""The teacher's debrief panel: replay the class's run without one role's decisions and show the difference."""

from __future__ import annotations

import solara

from smartgov.model import metrics
from smartgov.viz.classroom.debrief import what_if
from smartgov.viz.classroom.roles import ROLES
from smartgov.viz.classroom.room import ClassroomError, Room
from smartgov.viz.i18n import outcome, t


@solara.component
def DebriefView(room: Room, lang: str) -> None:
    role, set_role = solara.use_state(next(iter(ROLES)))
    result, set_result = solara.use_state(None)
    error, set_error = solara.use_state("")

    def replay() -> None:
        try:
            set_result((role, what_if(room, role)))
            set_error("")
        except ClassroomError as err:
            set_error(str(err))

    solara.Text(t("cls_debrief", lang), style={"font-weight": "bold", "display": "block"})
    with solara.Row(style={"align-items": "center"}):
        solara.Select(t("cls_role", lang), values=list(ROLES), value=role, on_value=set_role,
                      classes=["sg-cls-whatif-role"])
        solara.Button(t("cls_whatif", lang), on_click=replay, classes=["sg-cls-whatif"])
    if error:
        solara.Error(error)
    if result is not None:
        without, values = result
        solara.Text(t("cls_whatif_result", lang, role=t("cls_role_" + without, lang)),
                    style={"display": "block"})
        for spec in metrics.headline():
            actual, replayed = values[spec.name]
            diff = "–" if actual != actual or replayed != replayed else f"{actual - replayed:+.3f}"
            solara.Text(f"{outcome(spec.name, lang)}: {spec.format(actual)} / {spec.format(replayed)} ({diff})",
                        classes=["sg-cls-whatif-row"], style={"display": "block"})
