"""The replicated comparison's state: per-session reactive variables and the background task that runs it.

Solara keeps one copy of each module-level ``solara.reactive`` and ``solara.lab.task`` per browser session, so one
user's comparison (a minute or two of runs in its own thread) never waits on, or blocks, another's: there is no
lock here, and nothing shared between sessions but the model's burn-in cache. A request is checked against the
app's limits and validated whole before the task starts; a refused one costs no work.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import solara
import solara.lab
import yaml

from smartgov.experiments.design import DesignError
from smartgov.experiments.limits import LimitError as SizeError
from smartgov.model.params import ParameterError
from smartgov.scenarios import ScenarioError
from smartgov.viz.components import state
from smartgov.viz.components.numbers import whole_number
from smartgov.viz.i18n import t
from smartgov.viz.replicated import (
    DEFAULT_REPLICATES,
    DEFAULT_WEEKS,
    Request,
    Result,
    Side,
    designs,
    limit_problem,
    run_all,
    work,
)

MODES = ("replicated", "live")

mode = solara.reactive("replicated")  # the Compare tab: replicated (default) or live (one pair, for teaching)
replicates_text = solara.reactive(str(DEFAULT_REPLICATES))
weeks_text = solara.reactive(str(DEFAULT_WEEKS))
refused = solara.reactive("")  # why the last request was refused ("" if it was not)
progress = solara.reactive((0, 0))  # (runs done, runs in all) of the current comparison

DEFAULTS = {name: value.value for name, value in globals().items() if isinstance(value, solara.Reactive)}


def restore_defaults() -> None:
    """Every reactive variable here back to its initial value (a fresh session; used by tests)."""
    for name, value in DEFAULTS.items():
        globals()[name].set(value)


def _source(name: str, timeline: list[dict[str, Any]] | None = None) -> tuple[str, str]:
    """(scenario name, source for the runner): a library name as it is; an uploaded scenario, or one with the user's
    timeline events added to its own ``events:``, saved as a file (the runner loads scenarios by name or path), in
    a folder named by its content so the same file is saved once."""
    uploaded = name.startswith(state.UPLOADED) and state.uploaded.value is not None
    if not uploaded and not timeline:
        return name, name
    if uploaded:
        scenario, text = state.uploaded.value
    else:
        scenario = state.get_scenario(name)
        text = Path(scenario.path).read_text(encoding="utf-8")
    if timeline:
        data = yaml.safe_load(text)
        data["events"] = [*(data.get("events") or []), *timeline]
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    folder = Path(tempfile.gettempdir()) / f"smartgov-upload-{hashlib.sha256(text.encode()).hexdigest()[:16]}"
    folder.mkdir(exist_ok=True)
    path = folder / f"{scenario.name}.yaml"
    if not path.exists():
        path.write_text(text, encoding="utf-8")
    return scenario.name, str(path)


def make_request(lang: str) -> Request | str:
    """The comparison the page asks for (A = the Explore set-up with its N and seed; B = the chosen scenario with
    A's N, and A's edits if asked), or the message saying why it is refused. Nothing runs here."""
    numbers = {}
    for field, text in (("replicates", replicates_text.value), ("weeks", weeks_text.value)):
        try:
            numbers[field] = whole_number(text)
        except ValueError:
            numbers[field] = text  # limit_problem names it
    edits = dict(state.overrides.value)
    try:
        n = state.get_scenario(state.scenario_name.value).params(**edits).n_citizens
    except (ParameterError, ScenarioError) as err:
        return t("bad_value", lang, error=err)
    problem = limit_problem(n, numbers["replicates"], numbers["weeks"], lang)
    if problem:
        return problem
    timeline = list(state.events.value)  # the user's timeline: A's, and B's when B takes A's edits
    a_name, a_source = _source(state.scenario_name.value, timeline)
    b_name, b_source = _source(state.b_name(), timeline if state.b_same_edits.value else None)
    request = Request(Side("A", a_name, a_source, {**edits, "n_citizens": n}),
                      Side("B", b_name, b_source, {**(edits if state.b_same_edits.value else {}), "n_citizens": n}),
                      replicates=numbers["replicates"], weeks=numbers["weeks"], seed=state.seed.value)
    try:
        designs(request)  # every parameter and event, before any run
    except (ParameterError, ScenarioError, DesignError, SizeError, ValueError) as err:
        return t("bad_value", lang, error=err)
    return request


def _page_open() -> Callable[[], bool]:
    """A check that this session's page is still open (a closed page's comparison stops at the next run)."""
    try:
        from solara.server.kernel_context import get_current_context

        closed = get_current_context().closed_event
    except Exception:  # no server session (solara.render in tests): nothing to close
        return lambda: True
    return lambda: not closed.is_set()


@solara.lab.task(prefer_threaded=True)
def compute(request: Request) -> Result | None:
    """Run the comparison in this session's own thread; stops between runs when cancelled or when the page closes
    (returns None)."""
    items = work(request)
    page_open = _page_open()
    frames = run_all(items, keep_going=lambda: compute.is_current() and page_open(),
                     on_progress=lambda done, total: progress.set((done, total)))
    return None if frames is None else Result.from_frames(request, frames)


def start() -> bool:
    """Start the comparison the page asks for; False (and ``refused`` says why) if it is refused."""
    request = make_request(state.lang.value)
    if isinstance(request, str):
        refused.set(request)
        return False
    refused.set("")
    progress.set((0, request.total_runs))  # shown at once, before the task's thread gets going
    compute(request)
    return True


def cancel() -> None:
    if compute.pending:
        compute.cancel()
