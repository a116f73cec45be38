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

UI_MAX_CITIZENS = 5000  # the page stays responsive up to here; larger runs belong to the CLI
UPLOADED = "uploaded:"

lang = solara.reactive("en")
tab = solara.reactive(0)
message = solara.reactive(("", ""))  # (kind: success | error, text)
screen_width = solara.reactive(0)  # the browser window's inner width in px, reported by the page (0: not yet)
presenting = solara.reactive(False)  # presentation mode: no sidebar, larger text

# Explore: one run
scenario_name = solara.reactive("baseline")
uploaded: solara.Reactive[tuple[Scenario, str] | None] = solara.reactive(None)
overrides: solara.Reactive[dict[str, Any]] = solara.reactive({})
seed = solara.reactive(1)
run: solara.Reactive[Run | None] = solara.reactive(None)
version = solara.reactive(0)
playing = solara.reactive(False)
speed = solara.reactive(5)
colour_mode = solara.reactive("trust")

# Compare: A = the Explore set-up, B = another scenario, same seed, stepped together
scenario_b = solara.reactive("baseline")
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


def _build(scenario: Scenario, edits: dict[str, Any], run_seed: int, text: str | None = None) -> Run:
    """A run for this set-up, its limits checked first: only cheap validation happens before the check."""
    problem = limit_problem(scenario.params(**edits))
    if problem:
        raise LimitError(problem)
    return Run(scenario, edits, run_seed, scenario_text=text)


def _make_run(name: str, edits: dict[str, Any], run_seed: int) -> Run:
    text = uploaded.value[1] if name.startswith(UPLOADED) and uploaded.value is not None else None
    return _build(get_scenario(name), edits, run_seed, text)


def report(kind: str, text: str) -> None:
    message.set((kind, text))


# -- explore ----------------------------------------------------------------------------------------

def _apply(name: str | None = None, edits: dict[str, Any] | None = None, run_seed: int | None = None,
           upload: tuple[Scenario, str] | None = None) -> str | None:
    """Show a new set-up (scenario, edits, seed, or an uploaded file): the run is built first and only then are
    the picker, the edits, the seed and the run changed together, so what is picked is what is shown. Returns the
    problem (and changes nothing) if the set-up is refused; a success clears an earlier error message."""
    name = scenario_name.value if name is None else name
    edits = overrides.value if edits is None else edits
    run_seed = seed.value if run_seed is None else run_seed
    with _lock():
        try:
            if upload is not None:
                new = _build(upload[0], edits, run_seed, upload[1])
            else:
                new = _make_run(name, edits, run_seed)
        except ParameterError as err:
            return parameter_error(err, lang.value)
        except (ScenarioError, LimitError) as err:
            return str(err)
        if upload is not None:
            uploaded.set(upload)
        scenario_name.set(name)
        overrides.set(edits)
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
    """Pick a scenario: edits are dropped (they belonged to the previous one) and the run restarts."""
    problem = _apply(name=name, edits={})
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
    problem = _apply(name=UPLOADED + scenario.name, edits={}, upload=(scenario, data.decode("utf-8-sig")))
    if problem:
        report("error", t("upload_bad", lang.value, error=problem))
        return False
    report("success", t("upload_ok", lang.value, name=scenario.name))
    return True


# -- compare ----------------------------------------------------------------------------------------

def pair_matches_explore() -> bool:
    """Whether run A of the comparison still has the Explore tab's scenario, edits and seed."""
    if pair.value is None:
        return False
    a = pair.value[0]
    name = scenario_name.value
    current = uploaded.value[0].name if name.startswith(UPLOADED) and uploaded.value is not None else name
    return a.scenario.name == current and a.overrides == overrides.value and a.seed == seed.value


def reset_pair() -> None:
    with _lock():
        try:
            a = _make_run(scenario_name.value, overrides.value, seed.value)
            b = _make_run(scenario_b.value, overrides.value if b_same_edits.value else {}, seed.value)
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
