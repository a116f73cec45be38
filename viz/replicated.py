"""The web app's replicated A/B comparison, without Solara: R paired runs of A and B through the experiments layer.

One stochastic pair can point the wrong way (digital-only vs human-centred at week 63 showed "ever exposed"
B − A = −0.062 in one run; over 10 paired replicates the difference is +0.034 [−0.097, +0.166]), so the Compare tab
runs replicates. Everything statistical is the experiments layer's: the replicate seeds and the summary window come
from :func:`~smartgov.experiments.compare.comparison_design`, each run is
:func:`~smartgov.experiments.runner.run_one`, the window means, CIs and paired differences are
:func:`~smartgov.experiments.compare.summarize_runs` and :func:`~smartgov.experiments.compare.comparison_table`.
What is here: the app's limits (checked before any work), running the runs one by one so a page can show progress
and cancel between runs, and the exports (CSV and the ``smartgov compare`` command that reproduces the result).

A and B get a design each (same master seed, so the same replicate seeds): the app lets A carry edits that B does
not, which one ``comparison_design`` (one set of overrides for every scenario) cannot express.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
import yaml

from smartgov.experiments import results
from smartgov.experiments.compare import comparison_design, comparison_table, summarize_runs
from smartgov.experiments.design import Design
from smartgov.experiments.runner import run_one, work_items
from smartgov.scenarios import load
from smartgov.viz.components.run import MAX_STEPS, format_value
from smartgov.viz.i18n import t

DEFAULT_REPLICATES = 20
DEFAULT_WEEKS = 104
MIN_REPLICATES = 2  # a confidence interval needs two pairs
MAX_REPLICATES = 100
MAX_CITIZEN_WEEKS = 4_160_000  # citizens × replicates × weeks per scenario: 2,000 × 20 × 104 (≈ 2–3 min here)
TAGS = ("A", "B")


@dataclass(frozen=True)
class Side:
    """One arm of the comparison: a scenario (library name or the path of a .yaml file) and its edits."""

    tag: str  # "A" or "B"
    name: str  # the scenario's name (an uploaded file's stem)
    source: str  # the library name, or the path of the uploaded file saved for the runs
    overrides: dict[str, Any] = field(default_factory=dict)

    @property
    def uploaded(self) -> bool:
        return self.source != self.name


@dataclass(frozen=True)
class Request:
    """What to run: A and B, ``replicates`` paired runs of ``weeks`` weeks, replicate seeds from ``seed``."""

    a: Side
    b: Side
    replicates: int = DEFAULT_REPLICATES
    weeks: int = DEFAULT_WEEKS
    seed: int = 1

    @property
    def sides(self) -> tuple[Side, Side]:
        return (self.a, self.b)

    @property
    def total_runs(self) -> int:
        return 2 * self.replicates


def limit_problem(n_citizens: int, replicates: int | str, weeks: int | str, lang: str) -> str | None:
    """The app's limits on a replicated comparison, in ``lang``: each number alone (``replicates`` and ``weeks``
    may be the text as typed), then the work they make together (citizens × replicates × weeks). Checked before
    any run, so a refused request costs nothing."""
    ranges = {"replicates": (MIN_REPLICATES, MAX_REPLICATES), "weeks": (1, MAX_STEPS)}
    for name, number in (("replicates", replicates), ("weeks", weeks)):
        lo, hi = ranges[name]
        if isinstance(number, bool) or not isinstance(number, int) or not lo <= number <= hi:
            shown = repr(number) if isinstance(number, str) else number
            return t("rep_range", lang, field=name, value=shown, lo=lo, hi=hi)
    work = n_citizens * replicates * weeks
    if work > MAX_CITIZEN_WEEKS:
        return t("rep_work", lang, n=f"{n_citizens:,}", r=replicates, w=weeks, work=f"{work:,}",
                 max=f"{MAX_CITIZEN_WEEKS:,}")
    return None


def designs(request: Request) -> tuple[Design, Design]:
    """A design for A and one for B; the same master seed gives both the same replicate seeds (paired runs).
    Every parameter, and every scenario event against the run's weeks, is validated here, before any run."""
    made = []
    for side in request.sides:
        design = comparison_design([side.source], replicates=request.replicates, steps=request.weeks,
                                   master_seed=request.seed, overrides=side.overrides, name=side.tag)
        scenario = load(side.source)
        if scenario.events:
            scenario.timeline().check(scenario.params(**side.overrides), request.weeks)
        made.append(design)
    return made[0], made[1]


def work(request: Request) -> list[dict[str, Any]]:
    """The runs as the runner's work items, A and B of each replicate next to each other (a cancelled comparison
    has whole pairs), each labelled with its arm ("A" or "B") as its scenario."""
    per_side = []
    for side, design in zip(request.sides, designs(request), strict=True):
        items = work_items(design, design.runs())
        per_side.append([{**item, "scenario": side.tag, "run_id": f"{side.tag}_{item['run_id']}"} for item in items])
    return [item for pair in zip(*per_side, strict=True) for item in pair]


class RunFailed(RuntimeError):
    """A run raised (its message says which and why); the comparison stops."""


def run_all(items: list[dict[str, Any]], keep_going: Callable[[], bool] = lambda: True,
            on_progress: Callable[[int, int], None] = lambda done, total: None) -> list[pd.DataFrame] | None:
    """Run the items one after another in this thread; ``keep_going()`` is asked before every run (False: stop and
    return None) and ``on_progress(done, total)`` told after every run."""
    frames = []
    for done, item in enumerate(items, start=1):
        if not keep_going():
            return None
        result = run_one(item)
        if result["error"] is not None:
            raise RunFailed(f"run {item['run_id']} ({item['scenario']}, seed {item['seed']}): {result['error']}")
        frames.append(result["frame"])
        on_progress(done, len(items))
    return frames


@dataclass
class Result:
    """The finished comparison: every run's weekly outcomes, their window means and the paired differences."""

    request: Request
    frame: pd.DataFrame  # tidy: scenario ("A"/"B", ordered), replicate, step, seed, outcomes
    window: int  # weeks at the end of each run whose mean is its value

    @classmethod
    def from_frames(cls, request: Request, frames: list[pd.DataFrame]) -> Result:
        frame = pd.concat(frames, ignore_index=True).drop(columns=["run_id", "point"])
        frame["scenario"] = pd.Categorical(frame["scenario"], categories=list(TAGS), ordered=True)
        frame = frame.sort_values(["scenario", "replicate", "step"], kind="stable").reset_index(drop=True)
        return cls(request, frame, designs(request)[0].summary_window)

    @cached_property
    def runs(self) -> pd.DataFrame:
        """One row per run: each outcome's mean over the last ``window`` weeks."""
        return summarize_runs(self.frame, self.window)

    @cached_property
    def table(self) -> pd.DataFrame:
        """The summary outcomes: A's and B's means with 95% CIs, B − A paired with its CI, d_z and p."""
        return comparison_table(self.runs)

    def difference(self, outcome: str) -> dict[str, Any]:
        """B − A of ``outcome`` from the table (mean, CI, p) with the per-replicate differences."""
        row = self.table[(self.table["scenario"] == "B") & (self.table["outcome"] == outcome)].iloc[0]
        wide = self.runs.set_index(["scenario", "replicate"])[outcome]
        per_pair = (wide.loc["B"] - wide.loc["A"]).to_numpy(dtype=float)
        return {"mean": float(row["diff"]), "ci_low": float(row["diff_ci_low"]), "ci_high": float(row["diff_ci_high"]),
                "p": float(row["p_value"]), "n": int(np.isfinite(per_pair).sum()), "per_pair": per_pair}

    # -- export -------------------------------------------------------------------------------------------
    def runs_csv(self) -> str:
        """Per-replicate window means (one row per run), with the scenario and edits of each arm."""
        names = {side.tag: side.name for side in self.request.sides}
        table = self.runs.copy()
        table.insert(1, "scenario_name", table["scenario"].map(names).astype(str))
        return table.to_csv(index=False)

    def table_csv(self) -> str:
        return self.table.to_csv(index=False)

    def brief_manifest(self) -> dict[str, Any]:
        """The comparison as a ``smartgov compare`` manifest describes one (arms named A and B), for the policy
        brief (:mod:`smartgov.viz.brief`): design facts, each arm's full parameters and timeline, the seeds."""
        first = designs(self.request)[0]
        params = {side.tag: load(side.source).params(**side.overrides) for side in self.request.sides}
        return results.manifest(
            "design", design={"scenarios": [side.source for side in self.request.sides],
                              "replicates": self.request.replicates, "steps": self.request.weeks,
                              "seed": self.request.seed, "summary_window": self.window, "fixed": {}},
            parameters={tag: p.to_dict() for tag, p in params.items()},
            events={side.tag: load(side.source).events for side in self.request.sides if load(side.source).events},
            replicate_seeds=first.replicate_seeds(), source="smartgov ui")

    def brief(self, lang: str) -> tuple[str, bytes]:
        """The policy brief of this comparison in ``lang`` as (HTML, PDF), its command the one :meth:`cli_command`
        prints."""
        from smartgov.viz.brief import render_brief

        return render_brief(self.table, self.brief_manifest(), lang, runs=self.frame, command=self.cli_command())

    def scenario_files(self) -> dict[str, str]:
        """Scenario files the command needs (file name → YAML): an uploaded scenario, or an arm whose edits the
        other arm does not share (``smartgov compare --set`` edits every scenario alike)."""
        return {file: text for side in self.request.sides if (file := _file_name(self.request, side))
                for text in [_scenario_yaml(side, _own_edits(self.request, side))]}

    def cli_command(self) -> str:
        """The ``smartgov compare`` command that recomputes this comparison (same seeds, weeks, window, N)."""
        request = self.request
        scenarios = [_file_name(request, side) or side.source for side in request.sides]
        parts = ["smartgov", "compare", *scenarios, "--replicates", str(request.replicates),
                 "--steps", str(request.weeks), "--seed", str(request.seed), "--window", str(self.window)]
        for key, value in sorted(_shared_edits(request).items()):
            if key != "n_citizens":
                parts += ["--set", f"{key}={format_value(value)}"]
        n = load(request.a.source).params(**request.a.overrides).n_citizens
        parts += ["--n-citizens", str(n), "--out", f"smartgov_compare_{scenarios[0].removesuffix('.yaml')}_vs_"
                  f"{scenarios[1].removesuffix('.yaml')}"]
        return " ".join(shlex.quote(p) for p in parts)


def _shared_edits(request: Request) -> dict[str, Any]:
    a, b = request.a.overrides, request.b.overrides
    return {key: value for key, value in a.items() if key in b and b[key] == value}


def _own_edits(request: Request, side: Side) -> dict[str, Any]:
    shared = _shared_edits(request)
    return {key: value for key, value in side.overrides.items() if key not in shared}


def _file_name(request: Request, side: Side) -> str | None:
    """The scenario file an arm needs on the command line, or None if its library name will do."""
    same_name = request.a.name == request.b.name  # the command takes each scenario once
    own = bool(_own_edits(request, side))
    if not (side.uploaded or same_name or own):
        return None
    return f"{side.name}_{side.tag}.yaml" if same_name or own else f"{side.name}.yaml"


def _scenario_yaml(side: Side, edits: dict[str, Any]) -> str:
    """The arm's scenario file with its own edits written into ``parameters``."""
    scenario = load(side.source)
    with open(scenario.path, encoding="utf-8") as handle:  # the file as written, texts and events included
        data = yaml.safe_load(handle)
    data["parameters"] = {**(data.get("parameters") or {}), **edits}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
