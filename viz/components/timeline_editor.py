"""The policy-timeline editor: events that change the run from a given week on ("from week 52 close counters",
a vendor breach, a capacity cut), on top of the scenario's own ``events:``.

What an event means and what it may hold is the model's (``model/events.py``): the form only turns typed text into
the plain data a scenario file holds, and the run refuses a bad event with the model's own message, naming
``timeline[i]`` and the field.
"""

from __future__ import annotations

import re
from typing import Any

import solara

from smartgov.model.events import BUILD_TIME, Breach, CapacityCut, SetParameter, Timeline
from smartgov.model.params import ParameterError, Params, field_info, levers
from smartgov.viz.components import state
from smartgov.viz.components.numbers import whole_number
from smartgov.viz.components.run import format_value
from smartgov.viz.i18n import t

KINDS = ("set", "breach", "capacity_cut")
SETTABLE = tuple(name for name in levers() if name not in BUILD_TIME)  # policy levers that may change mid-run


def _whole(name: str, text: str, allowed: str) -> int:
    try:
        return whole_number(text)
    except ValueError:
        raise ParameterError(name, text, allowed) from None


def _number(name: str, text: str, allowed: str) -> float:
    try:
        return float(text.strip().replace(",", ""))
    except ValueError:
        raise ParameterError(name, text, allowed) from None


def event_from_form(kind: str, week: str, key: str = "", value: str = "", vendor: str = "", share: str = "",
                    factor: str = "", weeks: str = "") -> dict[str, Any]:
    """The plain data of one event from the form's text; a malformed number raises ParameterError naming it.
    Ranges are checked by the model when the run is rebuilt."""
    data: dict[str, Any] = {"week": _whole("week", week, "a week number >= 1")}
    if kind == "set":
        data["set"] = {key: Params.parse_value(key, value)}
    elif kind == "breach":
        data["breach"] = {"vendor": _whole("breach.vendor", vendor, "empty (every vendor) or a vendor number")
                          if vendor.strip() else None,
                          "share": _number("breach.share", share, "empty (as a natural breach) or a number in (0, 1]")
                          if share.strip() else None}
    elif kind == "capacity_cut":
        data["capacity_cut"] = {"factor": _number("capacity_cut.factor", factor, "a number in (0, 1]"),
                                "weeks": _whole("capacity_cut.weeks", weeks, "an integer >= 1")}
    else:
        raise ParameterError("kind", kind, ", ".join(KINDS))
    return data


def short_label(name: str, lang: str) -> str:
    """A parameter's label up to its first colon, bracket or semicolon ("Service rule: online only; ..." →
    "Service rule"), at most 60 characters: the full meaning is in the parameter's tooltip."""
    meta = field_info(name).metadata
    text = meta["zh"] if lang == "zh" else meta["en"]
    text = re.split(r"[:：(（;；]", text, maxsplit=1)[0].strip()
    return text if len(text) <= 60 else text[:59] + "…"


def describe(event: SetParameter | Breach | CapacityCut, lang: str) -> str:
    """One line a policy analyst can read, in ``lang``."""
    week = t("week_n", lang, n=event.week)
    if isinstance(event, SetParameter):
        return t("event_set", lang, week=week, label=short_label(event.key, lang), value=format_value(event.value))
    if isinstance(event, Breach):
        who = t("every_vendor", lang) if event.vendor is None else t("vendor_n", lang, n=event.vendor)
        share = t("natural_share", lang) if event.share is None else f"{event.share:.0%}"
        return t("event_breach", lang, week=week, who=who, share=share)
    return t("event_cut", lang, week=week, factor=f"{event.factor:g}", weeks=event.weeks)


@solara.component
def TimelineEditor() -> None:
    lang = state.lang.value
    run = state.run.value
    kind, set_kind = solara.use_state("set")
    week, set_week = solara.use_state("52")
    key, set_key = solara.use_state("service_rule")
    value, set_value = solara.use_state("online_only")
    vendor, set_vendor = solara.use_state("")
    share, set_share = solara.use_state("")
    factor, set_factor = solara.use_state("0.5")
    weeks, set_weeks = solara.use_state("8")
    error, set_error = solara.use_state("")

    def add() -> None:
        try:
            event = event_from_form(kind, week, key, value, vendor, share, factor, weeks)
        except ParameterError as err:
            set_error(str(err))
            return
        problem = state.add_event(event)
        set_error(problem or "")

    with solara.Details(t("timeline_title", lang), expand=False), solara.Column(gap="4px", classes=["sg-timeline"]):
        solara.Text(t("timeline_hint", lang), style={"font-size": "0.8em", "color": "#555"})
        own = run.scenario.timeline() if run is not None else Timeline()
        for event in own:
            solara.Text(f"• {describe(event, lang)} ({t('from_scenario', lang)})", style={"font-size": "0.85em"},
                        classes=["sg-timeline-scenario"])
        for index, data in enumerate(state.events.value):
            for event in Timeline.from_data([data]):
                with solara.Row(style={"align-items": "center"}, classes=["sg-timeline-event"]):
                    solara.Text(f"• {describe(event, lang)}", style={"font-size": "0.85em", "flex": "1 1 auto"})
                    solara.Button(icon_name="mdi-delete", icon=True, small=True, classes=["sg-timeline-remove"],
                                  on_click=lambda index=index: state.remove_event(index))
        if not own and not state.events.value:
            solara.Text(t("timeline_empty", lang), style={"font-size": "0.85em"})
        solara.v.Select(label=t("event_kind", lang), v_model=kind, on_v_model=set_kind, dense=True,
                        items=[{"text": t(f"kind_{name}", lang), "value": name} for name in KINDS],
                        class_="sg-timeline-kind")
        solara.InputText(t("week", lang), value=week, on_value=set_week, classes=["sg-timeline-week"])
        if kind == "set":
            items = [{"text": f"{short_label(name, lang)} ({name})",
                      "value": name} for name in SETTABLE]
            solara.v.Select(label=t("event_parameter", lang), v_model=key, on_v_model=set_key, items=items,
                            dense=True, class_="sg-timeline-key")
            solara.InputText(t("event_value", lang), value=value, on_value=set_value,
                             classes=["sg-timeline-value"])
        elif kind == "breach":
            solara.InputText(t("event_vendor", lang), value=vendor, on_value=set_vendor)
            solara.InputText(t("event_share", lang), value=share, on_value=set_share)
        else:
            solara.InputText(t("event_factor", lang), value=factor, on_value=set_factor)
            solara.InputText(t("event_weeks", lang), value=weeks, on_value=set_weeks)
        solara.Button(t("event_add", lang), on_click=add, classes=["sg-timeline-add"], color="primary",
                      outlined=True)
        if error:
            solara.Text(error, classes=["sg-timeline-error"], style={"color": "#c62828", "font-size": "0.8em"})
