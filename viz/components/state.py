"""The app's state: Solara reactive variables (one copy per browser session) and the actions that change them.

Runs are mutable models, so the reactive variables hold :class:`Run` objects and a ``version`` counter that is
bumped after every step; components read ``version`` to re-render. Every action validates first and reports
problems in ``message`` instead of raising, so bad input never breaks the page.
"""

from __future__ import annotations

import threading
from typing import Any

import solara

from smartgov.model.params import ParameterError, Params
from smartgov.scenarios import MAX_FILE_BYTES, Scenario, ScenarioError, available, load, parse
from smartgov.viz.components.numbers import whole_number
from smartgov.viz.components.run import Run
from smartgov.viz.i18n import parameter_error, t
from smartgov.viz.share_link import TABS, LinkError, SharedView, decode, version_note

UI_MAX_CITIZENS = 5000  # the page stays responsive up to here; larger runs belong to the CLI
UPLOADED = "uploaded:"

lang = solara.reactive("en")
tab = solara.reactive(0)
message = solara.reactive(("", ""))  # (kind: success | warning | error, text)
screen_width = solara.reactive(0)  # the browser window's inner width in px, reported by the page (0: not yet)
presenting = solara.reactive(False)  # presentation mode: no sidebar, larger text

# Explore: one run
scenario_name = solara.reactive("baseline")
uploaded: solara.Reactive[tuple[Scenario, str] | None] = solara.reactive(None)
overrides: solara.Reactive[dict[str, Any]] = solara.reactive({})
events: solara.Reactive[list[dict[str, Any]]] = solara.reactive([])  # the user's timeline, on top of the scenario's
seed = solara.reactive(1)
run: solara.Reactive[Run | None] = solara.reactive(None)
version = solara.reactive(0)
playing = solara.reactive(False)
speed = solara.reactive(5)
colour_mode = solara.reactive("trust")

# Compare: A = the Explore set-up, B = another scenario (see b_name()), same seed
scenario_b: solara.Reactive[str | None] = solara.reactive(None)  # None until the user picks B: b_name()
b_same_edits = solara.reactive(False)
pair: solara.Reactive[tuple[Run, Run] | None] = solara.reactive(None)
pair_version = solara.reactive(0)
pair_playing = solara.reactive(False)

session_lock: solara.Reactive[threading.RLock | None] = solara.reactive(None)  # see _lock(); made on first use

DEFAULTS = {name: value.value for name, value in globals().items() if isinstance(value, solara.Reactive)}

_making_lock = threading.Lock()


def _lock() -> threading.RLock:
    """This session's lock: one step or rebuild at a time (the play loop runs in a thread, buttons in the event
    loop). One per session, never shared: one user's rebuild (seconds at 5000 citizens) must not pause the
    others' play loops, as a lock shared by the whole server did (issue 11)."""
    with _making_lock:
        if session_lock.value is None:
            session_lock.set(threading.RLock())
        return session_lock.value


def restore_defaults() -> None:
    """Every reactive variable back to its initial value (a fresh session; used by tests)."""
    for name, value in DEFAULTS.items():
        globals()[name].set(value)


def scenario_names() -> list[str]:
    names = available()
    if uploaded.value is not None:
        names.append(UPLOADED + uploaded.value[0].name)
    return names


def get_scenario(name: str) -> Scenario:
    if name.startswith(UPLOADED) and uploaded.value is not None:
        return uploaded.value[0]
    return load(name)


class LimitError(ValueError):
    """A set-up the web app refuses (too large for a page shared by several users); the text is in the user's
    language and names the field, the value and what is allowed."""


def limit_problem(params: Params) -> str | None:
    """The web app's own limits, checked before any model is built (a refused set-up costs no work)."""
    if params.n_citizens > UI_MAX_CITIZENS:
        return t("ui_limit", lang.value, field="n_citizens", value=params.n_citizens, max=UI_MAX_CITIZENS)
    return None


def _build(scenario: Scenario, edits: dict[str, Any], run_seed: int, text: str | None = None,
           timeline: list[dict[str, Any]] | None = None) -> Run:
    """A run for this set-up, its limits checked first: only cheap validation happens before the check."""
    problem = limit_problem(scenario.params(**edits))
    if problem:
        raise LimitError(problem)
    return Run(scenario, edits, run_seed, scenario_text=text, events=timeline)


def _make_run(name: str, edits: dict[str, Any], run_seed: int, timeline: list[dict[str, Any]] | None = None) -> Run:
    text = uploaded.value[1] if name.startswith(UPLOADED) and uploaded.value is not None else None
    return _build(get_scenario(name), edits, run_seed, text, timeline)


def report(kind: str, text: str) -> None:
    message.set((kind, text))


# -- explore ----------------------------------------------------------------------------------------

def _apply(name: str | None = None, edits: dict[str, Any] | None = None, run_seed: int | None = None,
           upload: tuple[Scenario, str] | None = None, timeline: list[dict[str, Any]] | None = None) -> str | None:
    """Show a new set-up (scenario, edits, seed, or an uploaded file): the run is built first and only then are
    the picker, the edits, the seed and the run changed together, so what is picked is what is shown. Returns the
    problem (and changes nothing) if the set-up is refused; a success clears an earlier error message."""
    name = scenario_name.value if name is None else name
    edits = overrides.value if edits is None else edits
    run_seed = seed.value if run_seed is None else run_seed
    timeline = events.value if timeline is None else timeline
    with _lock():
        try:
            if upload is not None:
                new = _build(upload[0], edits, run_seed, upload[1], timeline)
            else:
                new = _make_run(name, edits, run_seed, timeline)
        except ParameterError as err:
            return parameter_error(err, lang.value)
        except (ScenarioError, LimitError) as err:
            return str(err)
        if upload is not None:
            uploaded.set(upload)
        scenario_name.set(name)
        overrides.set(edits)
        events.set(list(timeline))
        seed.set(run_seed)
        playing.set(False)
        run.set(new)
        version.set(version.value + 1)
        if message.value[0] == "error":
            message.set(("", ""))
        return None


def reset() -> bool:
    """Rebuild the Explore run from the scenario, the edits and the seed; False (and a message) if invalid."""
    problem = _apply()
    if problem:
        report("error", t("bad_value", lang.value, error=problem))
    return problem is None


def ensure_run() -> None:
    if run.value is None:
        reset()


def step(n: int = 1) -> None:
    """Advance the Explore run. The page is told (``version``) after the lock is released: setting a reactive
    variable re-renders the page in this thread, and a play-loop thread rendering while holding the lock kept an
    edit typed at that moment waiting behind the render."""
    with _lock():
        current = run.value
        if current is None:
            return
        current.step(n)
        finished = current.finished
    version.set(version.value + 1)
    if finished:
        playing.set(False)


def choose_scenario(name: str) -> None:
    """Pick a scenario: edits and timeline events are dropped (they belonged to the previous one) and the run
    restarts."""
    problem = _apply(name=name, edits={}, timeline=[])
    if problem:
        report("error", t("bad_value", lang.value, error=problem))


def set_parameter(name: str, value: Any) -> str | None:
    """Apply one edit; returns an error text (and changes nothing) if the value is not allowed."""
    edits = {**overrides.value, name: value}
    try:
        params = get_scenario(scenario_name.value).params(**edits)
        base = get_scenario(scenario_name.value).params()
    except ParameterError as err:
        return parameter_error(err, lang.value)
    except ScenarioError as err:
        return str(err)
    if getattr(base, name) == getattr(params, name):
        edits.pop(name)  # back to the scenario's value: not an edit any more
    return _apply(edits=edits)


def clear_edits() -> None:
    problem = _apply(edits={})
    if problem:
        report("error", t("bad_value", lang.value, error=problem))


def set_seed(value: int | str | None) -> str | None:
    """A new seed restarts the run. Seeds are whole numbers from 0 (NumPy's rule), typed as the app's number fields
    accept them ("12,345", "1e3"); anything else is refused with a message. Returns the problem, if any."""
    if value is None or (isinstance(value, str) and not value.strip()):
        problem: str | None = t("empty_seed", lang.value)
    else:
        try:
            number = whole_number(value) if isinstance(value, str) else int(value)
        except (TypeError, ValueError):
            number = -1
        if number < 0:
            problem = t("bad_seed", lang.value, value=value)
        else:
            problem = _apply(run_seed=number)
            problem = problem and t("bad_value", lang.value, error=problem)
    if problem:
        report("error", problem)
    return problem


def load_uploaded(filename: str, data: bytes) -> bool:
    """A user's scenario file: size-checked, parsed with the safe loader, validated and checked against the web
    app's limits before any model is built; never executed. A refused file changes nothing on the page."""
    if len(data) > MAX_FILE_BYTES:
        report("error", t("upload_too_big", lang.value, size=len(data), max=MAX_FILE_BYTES))
        return False
    if not data.strip():
        report("error", t("upload_empty", lang.value))
        return False
    stem = (filename.rsplit("/", 1)[-1].removesuffix(".yaml").removesuffix(".yml") or "my_scenario")[:40]
    try:  # the safe loader decodes too: a Latin-1 or UTF-16 file is named, never silently mangled
        scenario = parse(data, name=stem, where=f"uploaded file {filename[:60]!r}")
    except ScenarioError as err:
        report("error", t("upload_bad", lang.value, error=err))
        return False
    problem = _apply(name=UPLOADED + scenario.name, edits={}, timeline=[], upload=(scenario, data.decode("utf-8-sig")))
    if problem:
        report("error", t("upload_bad", lang.value, error=problem))
        return False
    report("success", t("upload_ok", lang.value, name=scenario.name))
    return True


# -- compare ----------------------------------------------------------------------------------------

DEFAULT_B = ("human_centred", "baseline")  # B until the user picks one: the first that is not A's scenario


def b_name() -> str:
    """B's scenario: the user's pick, else a scenario other than A's (comparing A with itself shows nothing)."""
    return scenario_b.value or next(name for name in DEFAULT_B if name != scenario_name.value)


def pair_matches_explore() -> bool:
    """Whether run A of the comparison still has the Explore tab's scenario, edits and seed."""
    if pair.value is None:
        return False
    a = pair.value[0]
    name = scenario_name.value
    current = uploaded.value[0].name if name.startswith(UPLOADED) and uploaded.value is not None else name
    return (a.scenario.name == current and a.overrides == overrides.value and a.seed == seed.value
            and a.events == events.value)


def reset_pair() -> None:
    with _lock():
        try:
            a = _make_run(scenario_name.value, overrides.value, seed.value, events.value)
            same = b_same_edits.value  # B takes A's edits and timeline events, or neither
            b = _make_run(b_name(), overrides.value if same else {}, seed.value, events.value if same else [])
        except (ParameterError, ScenarioError, LimitError) as err:
            report("error", t("bad_value", lang.value, error=err))
            return
        pair_playing.set(False)
        pair.set((a, b))
        pair_version.set(pair_version.value + 1)


def step_pair(n: int = 1) -> None:
    """Advance both Compare runs (the page is told after the lock is released, as in :func:`step`)."""
    with _lock():
        if pair.value is None:
            return
        for r in pair.value:
            r.step(n)
        finished = pair.value[0].finished
    pair_version.set(pair_version.value + 1)
    if finished:
        pair_playing.set(False)


# -- share by link ----------------------------------------------------------------------------------

def current_view() -> SharedView | None:
    """What the page shows, as a link carries it; None for an uploaded scenario (a file cannot travel in a link)."""
    if scenario_name.value.startswith(UPLOADED):
        return None
    on_compare = TABS[tab.value] == "compare"
    return SharedView(scenario=scenario_name.value, edits=dict(overrides.value), events=tuple(events.value),
                      seed=seed.value, lang=lang.value,
                      tab=TABS[tab.value], scenario_b=b_name() if on_compare else None)


def open_link(query: str) -> None:
    """Show what a link describes. Every field is checked first (and the web app's limits before any model is
    built): a bad link changes nothing and the message names the field; a link from another version opens with a
    warning."""
    if not query:
        return
    try:
        view = decode(query)
    except LinkError as err:
        report("error", t("bad_link", lang.value, error=err))
        return
    problem = _apply(name=view.scenario, edits=view.edits, run_seed=view.seed, timeline=list(view.events))
    if problem:
        report("error", t("bad_link", lang.value, error=problem))
        return
    lang.set(view.lang)
    tab.set(TABS.index(view.tab))
    if view.scenario_b is not None:
        scenario_b.set(view.scenario_b)
        pair.set(None)  # rebuilt with this B when the Compare tab shows
    linked = version_note(view)
    if linked is not None:
        from smartgov import __version__

        report("warning", t("link_version", view.lang, linked=linked, current=__version__))


# -- timeline -----------------------------------------------------------------------------------------

def add_event(event: dict[str, Any]) -> str | None:
    """Add one event to the user's timeline (plain data, as in a scenario file's ``events:``); the run restarts
    with it. Returns the problem (naming ``timeline[i]`` and the field) and changes nothing if it is refused."""
    return _apply(timeline=[*events.value, event])


def remove_event(index: int) -> None:
    timeline = [event for i, event in enumerate(events.value) if i != index]
    problem = _apply(timeline=timeline)
    if problem:
        report("error", t("bad_value", lang.value, error=problem))
