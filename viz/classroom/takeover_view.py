"""The teacher decides for a role: an absent team, or a student who needs help (``Room.take_over``)."""

from __future__ import annotations

import solara

from smartgov.viz.classroom.roles import ROLES
from smartgov.viz.classroom.room import ClassroomError, Room
from smartgov.viz.classroom.student_page import LeverControl
from smartgov.viz.i18n import t


@solara.component
def TakeOverView(room: Room, lang: str) -> None:
    role, set_role = solara.use_state(next(iter(ROLES)))
    values, set_values = solara.use_state({})
    error, set_error = solara.use_state("")
    levers = ROLES[role].levers
    shown = {k: values.get(k, getattr(room.model.params, k)) for k in levers}

    def decide() -> None:
        try:
            room.take_over(room.teacher_token, role, shown)
            set_error("")
        except ClassroomError as err:
            set_error(str(err))

    with solara.Details(t("cls_take_over", lang)):
        solara.Select(t("cls_role", lang), values=list(ROLES), value=role,
                      on_value=lambda r: (set_role(r), set_values({})))
        for lever in levers:
            LeverControl(lever, shown[lever], lambda v, k=lever: set_values({**shown, k: v}), lang)
        solara.Button(t("cls_take_over", lang), on_click=decide, classes=["sg-cls-takeover"])
        if error:
            solara.Error(error)
