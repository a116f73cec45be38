"""One run shown in the app: the scenario, the user's edits, the seed and the live model.

Plain Python (no Solara), so it can be tested directly and reproduced from the CLI: :meth:`Run.cli_command`
prints the ``smartgov run`` call that recomputes exactly this run.
"""

from __future__ import annotations

import json
import shlex
import threading
from typing import Any

import numpy as np
import pandas as pd

from smartgov.experiments.single_run import manifest
from smartgov.model import GovernanceModel, Params
from smartgov.model.events import Timeline
from smartgov.scenarios import Scenario

MAX_STEPS = 520  # ten simulated years: the UI stops playing there


def format_value(value: Any) -> str:
    """A parameter value as the CLI's ``--set`` expects it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class Run:
    """A scenario plus edits and timeline events, built into a model with an explicit seed and stepped on demand.

    The model plays the scenario's own timeline (its ``events:``) and the user's events on top (``events``, plain
    data as in a scenario file); both are checked together before the model is built (an event after the app's
    last week, a vendor that does not exist, two settings of one parameter in one week are refused, naming
    ``timeline[i]``)."""

    def __init__(self, scenario: Scenario, overrides: dict[str, Any] | None = None, seed: int = 1,
                 scenario_text: str | None = None, events: list[dict[str, Any]] | None = None) -> None:
        self.scenario = scenario
        self.scenario_text = scenario_text  # an uploaded file's YAML, kept for the manifest
        self.overrides = dict(overrides or {})
        self.seed = int(seed)
        self.params: Params = scenario.params(**self.overrides)
        self.events = list(events or [])
        self.timeline = scenario.timeline().extend(Timeline.from_data(self.events, label="timeline"))
        self.timeline.check(self.params, MAX_STEPS)
        self.model = GovernanceModel(self.params, rng=self.seed, events=self.timeline)
        # the play loop steps in a thread while the page may render from the event loop: a reader must never see
        # a half-collected step (the DataCollector's columns would differ in length)
        self.lock = threading.RLock()
        self.cache: dict[str, Any] = {}  # view helpers made once per run (e.g. the network layout)
        self._frame: pd.DataFrame | None = None
        self._frame_step = -1

    @property
    def step_count(self) -> int:
        return int(self.model.time)

    def step(self, n: int = 1) -> None:
        """Advance ``n`` weeks (never beyond ``MAX_STEPS``)."""
        with self.lock:
            for _ in range(max(0, min(n, MAX_STEPS - self.step_count))):
                self.model.step()

    @property
    def finished(self) -> bool:
        return self.step_count >= MAX_STEPS

    def frame(self) -> pd.DataFrame:
        """Per-step outcomes so far (cached until the next step)."""
        with self.lock:
            if self._frame_step != self.step_count:
                self._frame = self.model.outcomes()
                self._frame_step = self.step_count
            return self._frame

    def timeseries(self) -> pd.DataFrame:
        """The export table: one row per week, with the seed, as ``smartgov run`` writes it."""
        frame = self.frame().reset_index()
        frame.insert(1, "seed", self.seed)
        return frame

    # -- reproduction -----------------------------------------------------------------------------
    def cli_command(self) -> str:
        """The ``smartgov run`` command that reproduces this run (same scenario, edits, timeline, seed and weeks; if
        the timeline has events after this week, the command runs on to the last of them)."""
        scenario = self.scenario.name.removeprefix("uploaded:")
        if self.scenario.name.startswith("uploaded:"):
            scenario = f"{scenario}.yaml"
        parts = ["smartgov", "run", "--scenario", scenario]
        for key in sorted(self.overrides):
            if key != "n_citizens":
                parts += ["--set", f"{key}={format_value(self.overrides[key])}"]
        for event in Timeline.from_data(self.events).to_data():
            parts += ["--event", json.dumps(event, ensure_ascii=False)]
        # the CLI refuses events after a run's end (they would silently never happen): run at least to the last one
        last_event = max((event.week for event in self.timeline), default=1)
        parts += ["--steps", str(max(1, self.step_count, last_event)), "--seed", str(self.seed),
                  "--n-citizens", str(self.params.n_citizens)]
        return " ".join(shlex.quote(p) for p in parts)

    def manifest(self) -> dict[str, Any]:
        extra: dict[str, Any] = {"scenario": self.scenario.name, "overrides": dict(sorted(self.overrides.items())),
                                 "cli": self.cli_command(), "source": "smartgov ui",
                                 "events": self.timeline.to_data()}
        if self.scenario_text is not None:
            extra["scenario_yaml"] = self.scenario_text  # save as the file the CLI command names
        return manifest(self.params, self.seed, self.step_count, **extra)

    def manifest_json(self) -> str:
        return json.dumps(self.manifest(), indent=2, ensure_ascii=False, default=_jsonable)

    def csv(self) -> str:
        return self.timeseries().to_csv(index=False)


def _jsonable(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot write {type(value).__name__} to JSON")
