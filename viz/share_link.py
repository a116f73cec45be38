"""Share by link: the page's address carries what is on screen (scenario, edits, timeline events, seed, language,
tab, Compare's B scenario) and the smartgov version, so opening it elsewhere rebuilds the same seeded run.

Plain Python (no Solara): :func:`encode` writes a query string, :func:`decode` reads one back and checks every
field before anything is applied (a bad link changes nothing and says which field is wrong). Edits are written as
the CLI writes them (``set=KEY=VALUE``, as ``smartgov run --set KEY=VALUE``) and the timeline as the JSON list a
scenario file's ``events:`` holds (``ev=[...]``), so a link and a command line read alike. A link from another
smartgov version is still opened, but :func:`version_note` says the run may differ (the model may have changed
between versions; the seed fixes a run only within one version).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

import smartgov
from smartgov.model.events import Timeline
from smartgov.model.params import ParameterError
from smartgov.options import parse_overrides
from smartgov.scenarios import ScenarioError, available, load
from smartgov.viz.components.run import MAX_STEPS, format_value

TABS = ("explore", "compare", "lessons", "about")
LANGS = ("en", "zh")
MAX_QUERY = 4000  # characters: far above any real set-up (every parameter edited is ≈ 2,000), well below URL limits
KNOWN = ("v", "scenario", "seed", "lang", "tab", "b", "set", "ev")


class LinkError(ValueError):
    """A link field the app cannot open: names the field, the value and what is allowed."""

    def __init__(self, name: str, value: object, allowed: str) -> None:
        self.field, self.value, self.allowed = name, value, allowed
        shown = value if len(str(value)) <= 80 else str(value)[:77] + "..."
        super().__init__(f"{name} = {shown!r} is not allowed; expected {allowed}")


@dataclass(frozen=True)
class SharedView:
    """What a link reproduces."""

    scenario: str = "baseline"
    edits: dict[str, Any] = field(default_factory=dict)
    events: tuple[dict[str, Any], ...] = ()  # the user's timeline, on top of the scenario's (plain data)
    seed: int = 1
    lang: str = "en"
    tab: str = "explore"
    scenario_b: str | None = None
    version: str = smartgov.__version__


def encode(view: SharedView) -> str:
    """The query string (without ``?``) of ``view``: defaults are left out, so a plain link stays short."""
    pairs: list[tuple[str, str]] = [("v", view.version), ("scenario", view.scenario)]
    pairs += [("set", f"{key}={format_value(value)}") for key, value in sorted(view.edits.items())]
    if view.events:
        pairs.append(("ev", json.dumps(list(view.events), separators=(",", ":"), ensure_ascii=False)))
    pairs.append(("seed", str(view.seed)))
    if view.lang != "en":
        pairs.append(("lang", view.lang))
    if view.tab != "explore":
        pairs.append(("tab", view.tab))
    if view.scenario_b is not None:
        pairs.append(("b", view.scenario_b))
    return urlencode(pairs)


def _scenario(name: str, value: str) -> str:
    names = available()
    if value not in names:
        raise LinkError(name, value, f"a built-in scenario ({', '.join(names)}); an uploaded file cannot travel in a "
                                     "link")
    return value


def decode(query: str) -> SharedView:
    """The view a query string describes; every field is checked (the edits against the scenario's parameters)
    and the first problem raises :class:`LinkError`."""
    query = query.lstrip("?")
    if len(query) > MAX_QUERY:
        raise LinkError("link", f"{len(query)} characters", f"at most {MAX_QUERY:,} characters")
    pairs = parse_qsl(query, keep_blank_values=True)
    for key, value in pairs:
        if key not in KNOWN:
            raise LinkError(key, value, f"one of the link's fields ({', '.join(KNOWN)})")
    single = {}
    for key, value in pairs:
        if key != "set" and key in single:
            raise LinkError(key, value, "each field once")
        single[key] = value
    scenario = _scenario("scenario", single.get("scenario", "baseline"))
    seed_text = single.get("seed", "1")
    if not seed_text.isdigit():
        raise LinkError("seed", seed_text, "a whole number from 0")
    lang = single.get("lang", "en")
    if lang not in LANGS:
        raise LinkError("lang", lang, " or ".join(LANGS))
    tab = single.get("tab", "explore")
    if tab not in TABS:
        raise LinkError("tab", tab, ", ".join(TABS))
    b = single.get("b")
    scenario_b = None if b is None else _scenario("b", b)
    try:
        edits = parse_overrides([value for key, value in pairs if key == "set"])
        params = load(scenario).params(**edits)
    except (ParameterError, ScenarioError) as err:
        raise LinkError("set", "; ".join(v for k, v in pairs if k == "set"), str(err)) from None
    events = _events(single.get("ev"), params, scenario)
    return SharedView(scenario=scenario, edits=edits, events=events, seed=int(seed_text), lang=lang, tab=tab,
                      scenario_b=scenario_b, version=single.get("v", "unknown"))


def _events(text: str | None, params: Any, scenario: str) -> tuple[dict[str, Any], ...]:
    """The link's timeline, checked with the scenario's own events as the app will run them."""
    if text is None:
        return ()
    allowed = "a JSON list of timeline events, e.g. [{\"week\":52,\"set\":{\"service_rule\":\"online_only\"}}]"
    try:
        data = json.loads(text)
    except ValueError:
        raise LinkError("ev", text, allowed) from None
    if not isinstance(data, list):
        raise LinkError("ev", text, allowed)
    try:
        load(scenario).timeline().extend(Timeline.from_data(data, label="ev")).check(params, MAX_STEPS)
    except ParameterError as err:
        raise LinkError(err.name, err.value, err.allowed) from None
    return tuple(data)


def version_note(view: SharedView) -> str | None:
    """The linked version when it is not this one (the same seed may then give another run), else None."""
    return None if view.version == smartgov.__version__ else view.version
