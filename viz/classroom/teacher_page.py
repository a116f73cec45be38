"""The teacher's page (``/classroom``): open a room, show code and QR, who has joined, run rounds, export."""

from __future__ import annotations

import solara
import solara.lab

from smartgov.viz.classroom.class_scenarios import CLASSES
from smartgov.viz.classroom.debrief_view import DebriefView
from smartgov.viz.classroom.export import session_zip
from smartgov.viz.classroom.live import use_room_version
from smartgov.viz.classroom.qr import join_url, qr_svg
from smartgov.viz.classroom.room import MAX_ROUND_WEEKS, REGISTRY, ClassroomError, Room
from smartgov.viz.classroom.rounds_view import RoundChanges, RoundsTable
from smartgov.viz.classroom.takeover_view import TakeOverView
from smartgov.viz.components import state
from smartgov.viz.components.language_switch import LanguageSwitch
from smartgov.viz.i18n import t


def _host() -> str | None:
    try:
        return (solara.lab.headers.value or {}).get("host", [None])[0]
    except Exception:  # no request headers (tests without a server)
        return None


@solara.component
def OpenRoom(on_room) -> None:
    lang = state.lang.value
    chosen, set_chosen = solara.use_state(next(iter(CLASSES)))
    busy, set_busy = solara.use_state(False)
    error, set_error = solara.use_state("")

    def open_room() -> None:
        set_busy(True)
        try:
            on_room(REGISTRY.create(chosen))
        except ClassroomError as err:
            set_error(str(err))
        finally:
            set_busy(False)

    solara.Select(t("cls_class", lang), values=list(CLASSES), value=chosen, on_value=set_chosen,
                  classes=["sg-cls-class"])
    spec = CLASSES[chosen]
    solara.Text(f"{spec.title(lang)} — {t('cls_goal', lang)}: {spec.goal(lang)}", style={"display": "block"})
    solara.Button(t("cls_open", lang), on_click=open_room, disabled=busy, color="primary", classes=["sg-cls-open"])
    if busy:
        solara.Text(t("cls_opening", lang))
    if error:
        solara.Error(error)


@solara.component
def RoomView(room: Room) -> None:
    lang = state.lang.value
    use_room_version(room)
    token = room.teacher_token
    error, set_error = solara.use_state("")

    def act(action) -> None:
        try:
            action()
            set_error("")
        except ClassroomError as err:
            set_error(str(err))

    url = join_url(room.code, _host())
    with solara.Columns([1, 2]):
        with solara.Column():
            solara.Text(t("cls_code", lang))
            solara.Text(room.code, classes=["sg-cls-code"],
                        style={"font-size": "3em", "font-family": "monospace", "letter-spacing": "0.1em"})
            solara.HTML(tag="div", unsafe_innerHTML=qr_svg(url), classes=["sg-cls-qr"],
                        style={"width": "220px"})  # our own SVG: the URL holds only our code alphabet and host
            solara.Text(t("cls_join_at", lang, url=url), style={"display": "block"})
        with solara.Column():
            present = room.present()
            solara.Text(t("cls_members", lang, n=len(present)), style={"font-weight": "bold"})
            if not present:
                solara.Text(t("cls_nobody", lang))
            for member in present:
                with solara.Row(classes=["sg-cls-member"], style={"align-items": "center"}):
                    decided = t("cls_decided", lang) if member.role in room.pending else t("cls_waiting", lang)
                    solara.Text(f"{member.name} — {t('cls_role_' + member.role, lang)} — {decided}")
                    solara.Button(t("cls_remove", lang), text=True, small=True, classes=["sg-cls-remove"],
                                  on_click=lambda m=member.id: act(lambda: room.remove(token, m)))
    roles = room.active_roles()
    solara.Text(t("cls_status", lang, n=len(room.rounds) + 1, done=sum(r in room.pending for r in roles),
                  roles=len(roles)), classes=["sg-cls-status"], style={"display": "block"})
    with solara.Row(style={"align-items": "center"}):
        solara.SliderInt(t("cls_round_weeks", lang), value=room.round_weeks, min=1, max=MAX_ROUND_WEEKS,
                         on_value=lambda w: act(lambda: room.set_round_weeks(w)))
        solara.Checkbox(label=t("cls_auto", lang), value=room.auto_advance,
                        on_value=lambda on: act(lambda: room.set_auto_advance(token, on)))
        solara.Button(t("cls_advance", lang, n=len(room.rounds) + 1, weeks=room.round_weeks), color="primary",
                      classes=["sg-cls-advance"], on_click=lambda: act(lambda: room.advance(token)))
    if error:
        solara.Error(error)
    TakeOverView(room, lang)
    if room.rounds:
        RoundChanges(room.rounds[-1], lang)
        RoundsTable(list(room.rounds), lang)
        DebriefView(room, lang)
    solara.FileDownload(lambda: session_zip(room), filename=f"classroom-{room.code}.zip",
                        label=t("cls_export", lang))


@solara.component
def TeacherPage() -> None:
    lang = state.lang.value
    room, set_room = solara.use_state(None)
    solara.Title(t("cls_title", lang))
    with solara.Row(style={"align-items": "center"}):
        solara.Text(f"{t('cls_title', lang)} — {t('cls_teacher', lang)}", style={"font-size": "1.4em"})
        LanguageSwitch()
    if room is None:
        OpenRoom(set_room)
    else:
        RoomView(room)
