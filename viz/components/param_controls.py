"""Parameter controls generated from the ``Params`` field metadata, grouped, with units, ranges and tooltips.

Numbers are typed (committed on Enter or when the field loses focus) and validated by ``Params`` itself: an
out-of-range, malformed or empty value shows the model's own message under the field and changes nothing.
"""

from __future__ import annotations

import dataclasses

import solara

from smartgov.model.params import GROUPS, ParameterError, Params, fields
from smartgov.viz.components import state
from smartgov.viz.components.numbers import whole_number
from smartgov.viz.components.run import format_value
from smartgov.viz.i18n import allowed, choice, parameter_error, t, unit


def label_for(f: dataclasses.Field, lang: str) -> str:
    return f.metadata["zh"] if lang == "zh" else f.metadata["en"]


def allowed_for(f: dataclasses.Field, lang: str) -> str:
    """What the field accepts here: the model's range, narrowed by the web app's own limit (citizens); choices by
    their labels in ``lang``."""
    m = f.metadata
    lo, hi = m["range"] or (None, None)
    if f.name == "n_citizens":
        hi = min(hi, state.UI_MAX_CITIZENS)
    choices = tuple(choice(f.name, c, lang) for c in m["choices"]) if m["choices"] else None
    return allowed(str(f.type), lo, hi, choices, lang)


def choice_items(f: dataclasses.Field, lang: str) -> list[dict[str, str]]:
    """Select items: each choice's label in ``lang`` shown, its code name (as the CLI takes it) the value."""
    return [{"text": choice(f.name, c, lang), "value": c} for c in f.metadata["choices"]]


def tooltip_for(f: dataclasses.Field, lang: str) -> str:
    m = f.metadata
    parts = [f"{f.name}", label_for(f, lang), f"{t('allowed', lang)}: {allowed_for(f, lang)}"]
    if m["unit"]:
        parts.append(f"{t('unit', lang)}: {unit(m['unit'], lang)}")
    if m["source"] and m["source"] != "assumption":
        parts.append(f"{t('source', lang)}: {m['source']}")
    return " · ".join(parts)


def parse_text(f: dataclasses.Field, text: str, lang: str) -> object:
    """A typed value: whole numbers as people write them ("2,000", "1e3"), the rest by the model's own parser."""
    if f.type != "int":
        return Params.parse_value(f.name, text)
    try:
        return whole_number(text)
    except ValueError:
        raise ParameterError(f.name, text, allowed_for(f, lang)) from None


@solara.component
def ParamField(f: dataclasses.Field, value: object, edited: bool) -> None:
    lang = state.lang.value
    text, set_text = solara.use_state(format_value(value))
    error, set_error = solara.use_state("")
    label = label_for(f, lang) + (" ✎" if edited else "")
    m = f.metadata

    def commit(new: object) -> None:
        problem = state.set_parameter(f.name, new)
        set_error(t("bad_value", lang, error=problem) if problem else "")

    def commit_text(new_text: str | None) -> None:
        new_text = (new_text or "").strip()
        set_text(new_text)
        if not new_text:
            set_error(t("empty_value", lang, name=f.name, allowed=allowed_for(f, lang)))
            return
        try:
            value = parse_text(f, new_text, lang)
        except ParameterError as err:
            set_error(t("bad_value", lang, error=parameter_error(err, lang)))
            return
        commit(value)

    with solara.Tooltip(tooltip_for(f, lang)), solara.Column(gap="0px", classes=["sg-param", f"sg-param-{f.name}"]):
        if m["choices"]:
            solara.v.Select(label=label, items=choice_items(f, lang), v_model=value, on_v_model=commit, dense=True,
                            class_=f"sg-select-{f.name}", style_="margin-top: 14px")  # clear of the hint above
        elif f.type == "bool":
            solara.Checkbox(label=label, value=bool(value), on_value=commit)
        else:
            suffix = f" ({unit(m['unit'], lang)})" if m["unit"] else ""
            solara.InputText(label + suffix, value=text, on_value=commit_text, continuous_update=False,
                             error=bool(error), message=None if error else allowed_for(f, lang),
                             classes=[f"sg-input-{f.name}"])
        if error:
            solara.Text(error, classes=["sg-param-error"], style={"font-size": "0.8em", "color": "#b00020"})


@solara.component
def ParamControls() -> None:
    lang = state.lang.value
    try:
        current = state.get_scenario(state.scenario_name.value).params(**state.overrides.value)
    except ValueError as err:
        solara.Error(str(err))
        return
    edits = state.overrides.value
    with solara.Row(style={"align-items": "center"}):
        solara.Text(t("parameters", lang), style={"font-weight": "600"})
        if edits:
            solara.Text(f"({len(edits)} {t('edited', lang)})", style={"font-size": "0.85em"})
            solara.Button(t("reset_edits", lang), on_click=state.clear_edits, text=True, small=True,
                          classes=["sg-clear-edits"])
    for group, names in GROUPS.items():
        members = [f for f in fields() if f.metadata["group"] == group]
        if not members:
            continue
        changed = sum(f.name in edits for f in members)
        summary = (names[1] if lang == "zh" else names[0]) + (f" ({changed} ✎)" if changed else "")
        with solara.Details(summary, expand=group in ("population",)):
            for f in members:
                value = getattr(current, f.name)
                ParamField(f, value, f.name in edits).key(f"{f.name}-{lang}-{value!r}")
