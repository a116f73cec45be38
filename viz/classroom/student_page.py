"""A student's page (``/join?code=…``): join with the code and a name, then the role's levers and last round.

Only what the room accepts is shown back; every error is a message on this page, never an exception.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

import solara

from smartgov.viz.classroom.live import use_room_version
from smartgov.viz.classroom.roles import ROLES, lever_spec
from smartgov.viz.classroom.room import REGISTRY, ClassroomError, Member, Room, normalize_code
from smartgov.viz.classroom.rounds_view import RoundChanges
from smartgov.viz.components import state
from smartgov.viz.components.language_switch import LanguageSwitch
from smartgov.viz.i18n import t

MAX_FAILED_JOINS = 5  # wrong codes per page per minute


def code_from_query(search: str | None) -> str:
    for part in (search or "").lstrip("?").split("&"):
        key, _, value = part.partition("=")
        if key == "code":
            return normalize_code(value)
    return ""


@solara.component
def JoinForm(on_join) -> None:
    lang = state.lang.value
    router = solara.use_router()
    code, set_code = solara.use_state(code_from_query(router.search))
    name, set_name = solara.use_state("")
    error, set_error = solara.use_state("")
    failures = solara.use_ref([])

    def join() -> None:
        now = time.monotonic()
        failures.current = [f for f in failures.current if now - f < 60]
        if len(failures.current) >= MAX_FAILED_JOINS:
            set_error(t("cls_too_many", lang))
            return
        room = REGISTRY.find(code)
        if room is None:
            failures.current.append(now)
            set_error(t("cls_bad_code", lang))
            return
        try:
            on_join((room, room.join(name)))
        except ClassroomError as err:
            set_error(str(err))

    solara.InputText(t("cls_code", lang), value=code, on_value=set_code, continuous_update=True,
                     classes=["sg-cls-code-input"])
    solara.InputText(t("cls_name", lang), value=name, on_value=set_name, continuous_update=True,
                     classes=["sg-cls-name-input"])
    solara.Button(t("cls_join", lang), on_click=join, color="primary", classes=["sg-cls-join"])
    if error:
        solara.Error(error, classes=["sg-cls-error"])


@solara.component
def LeverControl(name: str, value: Any, on_value, lang: str) -> None:
    spec = lever_spec(name)
    label = spec["zh" if lang == "zh" else "en"]
    if spec.get("choices"):
        solara.Select(label, values=list(spec["choices"]), value=value, on_value=on_value,
                      classes=[f"sg-lever-{name}"])
        return
    with solara.Div(classes=[f"sg-lever-{name}"]):
        if spec["type"] == "bool":
            solara.Checkbox(label=label, value=bool(value), on_value=on_value)
        else:
            lo, hi = spec["range"]
            solara.Text(label, style={"display": "block", "margin-top": "8px"})
            solara.SliderFloat("", value=float(value), min=lo, max=hi, step=(hi - lo) / 100, on_value=on_value,
                               thumb_label="always")


@solara.component
def RolePanel(room: Room, member: Member) -> None:
    lang = state.lang.value
    use_room_version(room)
    levers = ROLES[member.role].levers
    current = room.pending[member.role].values if member.role in room.pending else {}
    values, set_values = solara.use_state({k: current.get(k, getattr(room.model.params, k)) for k in levers})
    message, set_message = solara.use_state(("", ""))
    if member.left:
        solara.Warning(t("cls_removed", lang), classes=["sg-cls-removed"])
        return

    def decide() -> None:
        try:
            room.decide(member.id, values)
            set_message(("ok", t("cls_sent", lang, n=len(room.rounds) + 1)))
        except ClassroomError as err:
            set_message(("error", str(err)))

    solara.Text(t("cls_you_are", lang, name=member.name, role=t("cls_role_" + member.role, lang)),
                classes=["sg-cls-you"], style={"font-size": "1.2em", "display": "block"})
    for lever in levers:
        LeverControl(lever, values[lever], lambda v, k=lever: set_values({**values, k: v}), lang)
    solara.Button(t("cls_decide", lang), on_click=decide, color="primary", classes=["sg-cls-decide"])
    kind, text = message
    if text:
        (solara.Success if kind == "ok" else solara.Error)(text, classes=[f"sg-cls-{kind}"])
    if room.rounds:
        RoundChanges(room.rounds[-1], lang)


@solara.component
def StudentPage() -> None:
    lang = state.lang.value
    joined, set_joined = solara.use_state(None)
    solara.Title(t("cls_title", lang))
    with solara.Row(style={"align-items": "center"}):
        solara.Text(f"{t('cls_title', lang)} — {t('cls_student', lang)}", style={"font-size": "1.4em"})
        LanguageSwitch()
    if joined is None:
        JoinForm(set_joined)
        return
    room, member = joined
    RolePanel(room, member)

    def leave() -> None:
        with contextlib.suppress(ClassroomError):  # already removed by the teacher
            room.leave(member.id)
        set_joined(None)

    solara.Button(t("cls_leave", lang), on_click=leave, text=True, classes=["sg-cls-leave"])
