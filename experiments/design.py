"""Experiment designs as data: which scenario, which parameters vary and how, replicates, steps, outcomes, seeds.

A design file (YAML, see ``experiments/designs/``) is validated here and turned into a list of runs. Samples
come from SALib (Latin hypercube, Sobol/Saltelli, Morris) or a full factorial grid; parameter ranges default to
the metadata of :class:`~smartgov.model.params.Params`. Replicate seeds are drawn once from
``np.random.SeedSequence(seed)`` and reused at every design point, so comparisons between points are paired.
A design over a posterior (:mod:`smartgov.experiments.posterior`) also gives replicate ``r`` of every scenario
and point the same posterior draw ``r``: parameter uncertainty is paired like the seeds.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from smartgov.experiments import limits
from smartgov.experiments.posterior import ENTRY_KEYS, PosteriorError, applied
from smartgov.model import metrics
from smartgov.model.params import ParameterError, Params, allowed_text, field_info, fields
from smartgov.scenarios import ScenarioError, load
from smartgov.scenarios.safe_load import (
    InputError,
    load_yaml_file,
    load_yaml_text,
    require_list,
    require_mapping,
    shorten,
)

METHODS = ("grid", "lhs", "sobol", "morris", "compare")
DESIGN_DIR = Path(__file__).parent / "designs"
MAX_FILE_BYTES = 64 * 1024
KEYS = ("title", "description", "scenario", "scenarios", "method", "parameters", "fixed", "levels", "samples",
        "replicates", "steps", "outcomes", "seed", "summary_window", "morris_levels", "second_order", "discovery",
        "chunk")


DESIGN_KEYS = ("name", "title", "description", "scenario", "method", "samples", "replicates", "steps", "outcomes",
               "seed", "fixed", "summary_window", "morris_levels", "second_order", "discovery", "chunk", "factors",
               "scenarios", "posterior")  # what Design.to_dict writes; the last two only when used
OPTIONAL_KEYS = ("scenarios", "posterior")
FACTOR_KEYS = ("name", "kind", "lo", "hi", "levels")


def default_outcomes() -> tuple[str, ...]:
    """Excluded citizens' trust and the headline outcomes of the outcome registry."""
    return ("trust_excluded", *(spec.name for spec in metrics.headline() if spec.name != "trust_excluded"))


def replicate_seeds(master: int, replicates: int) -> list[int]:
    """Seeds for ``replicates`` runs from ``np.random.SeedSequence(master)``; the same for every scenario and design
    point (paired comparisons), and adding replicates keeps the earlier ones."""
    limits.check("seed", master)
    limits.check("replicates", replicates)  # before spawning: a mistyped 10**9 would hang here
    children = np.random.SeedSequence(master).spawn(replicates)
    return [int(child.generate_state(1, dtype=np.uint32)[0]) for child in children]


class DesignError(InputError):
    """A design that cannot be run; the message names the file, the field, the value and what is allowed."""


@dataclass(frozen=True)
class Factor:
    """One varied parameter: numeric (``lo``..``hi``) or discrete (``levels``: choices, switches or a grid)."""

    name: str
    kind: str  # "float", "int", "bool" or "str"
    lo: float | None = None
    hi: float | None = None
    levels: tuple[Any, ...] = ()

    @property
    def discrete(self) -> bool:
        return self.kind in ("bool", "str")

    @property
    def bounds(self) -> tuple[float, float]:
        """Bounds in SALib's problem space: the range for numbers, [0, 1] for choices (mapped by :meth:`value`)."""
        return (0.0, 1.0) if self.discrete else (float(self.lo), float(self.hi))

    def value(self, x: float) -> Any:
        """A sampled number as a valid parameter value: choices split [0, 1] into equal parts, ints are rounded."""
        if self.discrete:
            return self.levels[min(int(x * len(self.levels)), len(self.levels) - 1)]
        if self.kind == "int":
            return int(min(max(round(x), self.lo), self.hi))
        return float(x)


@dataclass(frozen=True)
class Run:
    """One model run: a design point and a replicate, with its seed and full parameter mapping."""

    run_id: str
    point: int
    replicate: int
    seed: int
    values: dict[str, Any]  # the varied parameters at this point
    parameters: dict[str, Any]  # every override on top of the scenario (fixed + varied)
    scenario: str = ""  # the scenario's name (its label in results)
    source: str = ""  # the scenario as the design names it (library name or file path)
    draw: dict[str, Any] = field(default_factory=dict)  # the posterior values this run takes (part of parameters)


@dataclass(frozen=True)
class Design:
    """A set of runs: every scenario × every design point × every replicate (paired seeds).

    A scenario comparison is a design with several scenarios and method ``compare`` (one point); the
    validation suite is several scenarios × a grid over networks. Sweeps have one scenario.
    """

    name: str
    scenarios: tuple[str, ...]
    method: str
    factors: tuple[Factor, ...]
    replicates: int
    steps: int
    outcomes: tuple[str, ...]
    seed: int
    samples: int = 0
    fixed: dict[str, Any] = field(default_factory=dict)
    summary_window: int = 13
    morris_levels: int = 4
    second_order: bool = False
    discovery: dict[str, Any] = field(default_factory=dict)
    chunk: int | None = None
    title: str = ""
    description: str = ""
    path: str | None = None
    posterior: dict[str, Any] = field(default_factory=dict)  # posterior.Particles.entry(): file, hash, draws

    @property
    def scenario(self) -> str:
        """The first (for sweeps: the only) scenario."""
        return self.scenarios[0]

    def scenario_names(self) -> list[str]:
        """Each scenario's name, as results label it."""
        return [load(source).name for source in self.scenarios]

    # -- what SALib needs ------------------------------------------------------------------------
    def problem(self) -> dict[str, Any]:
        """The SALib problem: names and bounds of the factors."""
        return {"num_vars": len(self.factors), "names": [f.name for f in self.factors],
                "bounds": [list(f.bounds) for f in self.factors]}

    def sample(self) -> np.ndarray:
        """The design matrix in SALib's problem space (one row per design point); deterministic from the seed."""
        from SALib.sample import latin, morris, sobol

        problem, seed = self.problem(), self.seed
        if self.method == "lhs":
            return latin.sample(problem, self.samples, seed=seed)
        if self.method == "sobol":
            return sobol.sample(problem, self.samples, calc_second_order=self.second_order, seed=seed)
        if self.method == "morris":
            return morris.sample(problem, self.samples, num_levels=self.morris_levels, seed=seed)
        if self.method == "compare":
            return np.zeros((1, 0))
        grid = list(itertools.product(*(range(len(f.levels)) for f in self.factors)))
        return np.array(grid, dtype=float).reshape(len(grid), len(self.factors))

    def points(self) -> list[dict[str, Any]]:
        """Parameter values at each design point (the grid's rows index each factor's levels)."""
        matrix = self.sample()
        if self.method in ("grid", "compare"):
            return [{f.name: f.levels[int(i)] for f, i in zip(self.factors, row, strict=True)} for row in matrix]
        return [{f.name: f.value(x) for f, x in zip(self.factors, row, strict=True)} for row in matrix]

    def count_points(self) -> int:
        """Design points, counted from the method without drawing a sample (a huge design is refused early)."""
        d = len(self.factors)
        if self.method == "grid":
            return math.prod(len(f.levels) for f in self.factors)
        if self.method == "sobol":
            return self.samples * (2 * d + 2 if self.second_order else d + 2)
        if self.method == "morris":
            return self.samples * (d + 1)
        if self.method == "lhs":
            return self.samples
        return 1

    def count_runs(self) -> int:
        """Scenarios × design points × replicates."""
        return len(self.scenarios) * self.count_points() * self.replicates

    def check_size(self, max_runs: int = limits.MAX_RUNS) -> None:
        """Refuse a design of more than ``max_runs`` runs before anything is expanded."""
        count = self.count_runs()
        if count > max_runs:
            raise DesignError(f"{self.path or self.name}: {count:,} runs ({len(self.scenarios)} scenario(s) × "
                              f"{self.count_points():,} points × {self.replicates:,} replicates) is more than "
                              f"max_runs = {max_runs:,}; make the design smaller or raise max_runs (--max-runs)")

    def replicate_seeds(self) -> list[int]:
        """One seed per replicate from the master seed, the same at every design point (paired comparisons)."""
        return replicate_seeds(self.seed, self.replicates)

    def runs(self, max_runs: int = limits.MAX_RUNS) -> list[Run]:
        """Every run of the design, each point's parameters validated against each scenario.

        With a posterior, replicate ``r`` takes draw ``r`` (what the scenario and the design leave to it, see
        :func:`smartgov.experiments.posterior.applied`) under the design's own settings.
        """
        self.check_size(max_runs)
        seeds = self.replicate_seeds()
        points = self.points()
        draws = self.posterior_draws()
        pinned = {*self.fixed, *(f.name for f in self.factors)}
        runs = []
        for index, source in enumerate(self.scenarios):
            scenario = load(source)
            timeline = scenario.timeline()
            prefix = f"s{index:02d}_" if len(self.scenarios) > 1 else ""
            try:
                taken = [applied(d, scenario.name, scenario.parameters, pinned, self.posterior["file"])
                         for d in draws]
            except PosteriorError as err:
                raise DesignError(f"{self.path or self.name}: {err}") from None
            for point, values in enumerate(points):
                overrides = {**self.fixed, **values}
                distinct = list({repr(sorted(t.items())): t for t in taken}.values()) or [{}]
                for draw in distinct:
                    try:
                        timeline.check(scenario.params(**{**draw, **overrides}), self.steps)  # events too, first
                    except ParameterError as err:
                        drawn = f" with posterior draw {shorten(draw, 120)}" if draw else ""
                        raise DesignError(f"{self.path or self.name}: scenario {scenario.name}, design point "
                                          f"{point}{drawn}: {err}") from None
                for replicate, seed in enumerate(seeds):
                    draw = taken[replicate] if taken else {}
                    runs.append(Run(f"{prefix}p{point:05d}_r{replicate:03d}", point, replicate, seed, values,
                                    {**draw, **overrides}, scenario.name, source, draw))
        return runs

    def posterior_draws(self) -> list[dict[str, Any]]:
        """One posterior draw per replicate (empty without a posterior); a record too short is refused."""
        if not self.posterior:
            return []
        draws = self.posterior["draws"]
        if not isinstance(draws, list) or len(draws) < self.replicates or not all(
                isinstance(d, dict) for d in draws):
            raise DesignError(f"{self.path or self.name}: field 'posterior.draws' holds "
                              f"{len(draws) if isinstance(draws, list) else shorten(draws)} draws; expected one "
                              f"parameter mapping per replicate ({self.replicates})")
        return draws[:self.replicates]

    def run_ids(self, max_runs: int = limits.MAX_RUNS) -> list[str]:
        """Every run's id, in design order (how results are put together)."""
        return [run.run_id for run in self.runs(max_runs)]

    # -- identity --------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The resolved design (defaults filled in) as plain data, for the manifest."""
        return {
            "name": self.name, "title": self.title, "description": self.description, "scenario": self.scenario,
            **({"scenarios": list(self.scenarios)} if len(self.scenarios) > 1 else {}),
            "method": self.method, "samples": self.samples, "replicates": self.replicates, "steps": self.steps,
            "outcomes": list(self.outcomes), "seed": self.seed, "fixed": dict(self.fixed),
            "summary_window": self.summary_window, "morris_levels": self.morris_levels,
            "second_order": self.second_order, "discovery": dict(self.discovery), "chunk": self.chunk,
            "factors": [{"name": f.name, "kind": f.kind, "lo": f.lo, "hi": f.hi, "levels": list(f.levels)}
                        for f in self.factors],
            **({"posterior": dict(self.posterior)} if self.posterior else {}),
        }

    @classmethod
    def from_dict(cls, data: Any, path: str | None = None, where: str = "manifest",
                  digest: str | None = None) -> Design:
        """The design :meth:`to_dict` described (e.g. from a manifest); its samples follow from the seed.

        The structure is checked field by field; with ``digest`` (the manifest's) an edited design is refused.
        """
        d = require_mapping(data, where, DESIGN_KEYS, required=[k for k in DESIGN_KEYS if k not in OPTIONAL_KEYS],
                            field="design")
        rows = [require_mapping(f, where, FACTOR_KEYS, required=FACTOR_KEYS, field=f"design.factors[{i}]")
                for i, f in enumerate(require_list(d.pop("factors"), where, "design.factors"))]
        factors = tuple(Factor(f["name"], f["kind"], f["lo"], f["hi"],
                               tuple(require_list(f["levels"], where, f"design.factors[{i}].levels")))
                        for i, f in enumerate(rows))
        first = d.pop("scenario")
        scenarios = tuple(require_list(d.pop("scenarios", [first]), where, "design.scenarios"))
        outcomes = tuple(require_list(d.pop("outcomes"), where, "design.outcomes"))
        d["fixed"] = require_mapping(d["fixed"], where, field="design.fixed")
        d["discovery"] = require_mapping(d["discovery"], where, field="design.discovery")
        if "posterior" in d:
            d["posterior"] = require_mapping(d["posterior"], where, ENTRY_KEYS, required=ENTRY_KEYS,
                                             field="design.posterior")
        design = cls(factors=factors, scenarios=scenarios, outcomes=outcomes, path=path, **d)
        if digest is not None and design.digest() != digest:
            raise DesignError(f"{where}: field 'digest' = {shorten(digest)} does not match the design it describes; "
                              "the manifest was edited or damaged: rerun into a new folder")
        return design

    def digest(self) -> str:
        """Fingerprint of everything that decides the runs and their results (not title or chunking)."""
        data = {k: v for k, v in self.to_dict().items() if k not in ("title", "description", "chunk", "name")}
        if "posterior" in data:  # the content decides the runs, not where the file lay
            data["posterior"] = {k: v for k, v in data["posterior"].items() if k != "file"}
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:16]


# -- loading and validation ----------------------------------------------------------------------

def available() -> list[str]:
    """Names of the designs shipped with smartgov."""
    return sorted(p.stem for p in DESIGN_DIR.glob("*.yaml"))


def load_design(name_or_path: str | Path, max_runs: int = limits.MAX_RUNS) -> Design:
    """A shipped design by name, or a design file by path; bad files raise DesignError naming file and field."""
    path = Path(name_or_path)
    if path.suffix not in (".yaml", ".yml"):
        path = DESIGN_DIR / f"{name_or_path}.yaml"
        if not _is_file(path):
            raise DesignError(f"unknown design {shorten(str(name_or_path))}; expected one of "
                              f"{', '.join(available())} or the path of a .yaml file")
    if not _is_file(path):
        raise DesignError(f"{shorten(str(path))}: no such design file")
    try:
        data = load_yaml_file(path, max_bytes=MAX_FILE_BYTES, kind="design file")
    except InputError as err:
        raise err.as_(DesignError) from None
    return _checked(data, path.stem, str(path), max_runs)


def _is_file(path: Path) -> bool:
    """``path.is_file()``, but a name the file system refuses (too long, bad bytes) is simply not a file."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def parse_design(text: str, name: str = "design", where: str | None = None,
                 max_runs: int = limits.MAX_RUNS) -> Design:
    """Validate design text (YAML through the safe loader) and fill in defaults from the parameter metadata."""
    where = where or name
    try:
        data = load_yaml_text(text, where, max_bytes=MAX_FILE_BYTES, kind="design file")
    except InputError as err:
        raise err.as_(DesignError) from None
    return _checked(data, name, where, max_runs)


def _checked(data: Any, name: str, where: str, max_runs: int) -> Design:
    try:
        data = require_mapping(data, where, KEYS)
    except InputError as err:
        raise err.as_(DesignError) from None
    design = _Checker(where).design(data, name)
    design.check_size(max_runs)  # counted, not expanded
    return design


class _Checker:
    """Field-by-field validation with messages of one shape: file, field, value, what is allowed."""

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, key: str, value: Any, allowed: str) -> DesignError:
        return DesignError.invalid(self.where, key, value, allowed)

    def integer(self, data: dict, key: str, default: int | None, lo: int, hi: int = 10**9) -> int:
        value = data.get(key, default)
        if value is None or isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise self.fail(key, value, f"an integer in [{lo}, {hi}]")
        return value

    def design(self, data: dict, name: str) -> Design:
        unknown = sorted(set(data) - set(KEYS))
        if unknown:
            raise self.fail(unknown[0], data[unknown[0]], f"a known field ({', '.join(KEYS)})")
        if "scenario" in data and "scenarios" in data:
            raise self.fail("scenarios", data["scenarios"], "either 'scenario' (one) or 'scenarios' (a list), not both")
        listed = data["scenarios"] if "scenarios" in data else [data.get("scenario", "baseline")]
        key = "scenarios" if "scenarios" in data else "scenario"
        if not isinstance(listed, list) or not listed:
            raise self.fail(key, listed, "a non-empty list of scenario names or paths")
        sources = [self.scenario_source(f"{key}[{i}]" if key == "scenarios" else key, value)
                   for i, value in enumerate(listed)]
        names = [load(source).name for source in sources]
        if len(set(names)) != len(names):
            raise self.fail(key, listed, "scenarios with distinct names (each scenario once)")
        method = data.get("method")
        if method not in METHODS:
            raise self.fail("method", method, "one of " + ", ".join(METHODS))
        factors = () if method == "compare" else self.factors(data.get("parameters"), method, data)
        if method == "compare" and data.get("parameters") is not None:
            raise self.fail("parameters", data["parameters"], "no varied parameters for a comparison (use 'fixed')")
        fixed = data.get("fixed") or {}
        if not isinstance(fixed, dict):
            raise self.fail("fixed", fixed, "a mapping of parameter names to values")
        clash = sorted(set(fixed) & {f.name for f in factors})
        if clash:
            raise self.fail("fixed", clash[0], "parameters that are not also varied")
        for source in sources:
            try:
                load(source).params(**fixed)
            except ParameterError as err:
                raise self.fail(f"fixed.{err.name}", err.value, err.allowed) from None
        samples = 0
        if method == "sobol":
            samples = self.integer(data, "samples", None, 2, 2**20)
            if samples & (samples - 1):
                raise self.fail("samples", samples, "a power of two for Sobol sampling (e.g. 64, 128, 256)")
        elif method in ("lhs", "morris"):
            samples = self.integer(data, "samples", None, 2 if method == "morris" else 1, 2**20)
        elif "samples" in data:
            raise self.fail("samples", data["samples"], "no 'samples' for a grid (use 'levels')")
        steps = self.integer(data, "steps", 104, 1, limits.MAX_STEPS)
        outcomes = self.outcomes(data.get("outcomes", list(default_outcomes())))
        second_order = data.get("second_order", False)
        if not isinstance(second_order, bool):
            raise self.fail("second_order", second_order, "true or false")
        seed = data.get("seed")
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= limits.MAX_SEED:
            raise self.fail("seed", seed, f"an integer in [0, {limits.MAX_SEED}] (the master seed every run's seed "
                                          "comes from)")
        chunk = data.get("chunk")
        if chunk is not None:
            chunk = self.integer(data, "chunk", None, 1, 10_000)
        return Design(
            name=name, scenarios=tuple(sources), method=method, factors=factors,
            replicates=self.integer(data, "replicates", 1, 1, limits.MAX_REPLICATES), steps=steps,
            outcomes=outcomes, seed=seed,
            samples=samples, fixed=dict(fixed),
            summary_window=self.integer(data, "summary_window", min(13, steps), 1, steps),
            morris_levels=self.integer(data, "morris_levels", 4, 2, 100),
            second_order=second_order, discovery=self.discovery(data.get("discovery"), outcomes), chunk=chunk,
            title=str(data.get("title", "")).strip(), description=str(data.get("description", "")).strip(),
            path=self.where,
        )

    def scenario_source(self, key: str, value: Any) -> str:
        """A library name or a scenario file (a relative path is read beside the design file), checked."""
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, value, "a scenario name or the path of a .yaml file")
        if value.endswith((".yaml", ".yml")) and not Path(value).is_absolute():
            beside = Path(self.where).parent / value  # a scenario file next to the design file
            if beside.is_file():
                value = str(beside.resolve())
        try:
            load(value)
        except ScenarioError as err:
            raise DesignError(f"{self.where}: field '{key}': {err}") from None
        return value

    def factors(self, spec: Any, method: str, data: dict) -> tuple[Factor, ...]:
        if spec == "levers":
            spec = {f.name: None for f in fields() if f.metadata["lever"]}
        if not isinstance(spec, dict) or not spec:
            raise self.fail("parameters", spec, "a mapping of parameter names to {range: [lo, hi]} / {levels: "
                                                "[...]} / null (defaults), or the word 'levers'")
        grid_levels = self.integer(data, "levels", 5, 2, 1000) if method == "grid" else None
        if method != "grid" and "levels" in data:
            raise self.fail("levels", data["levels"], "no 'levels' for sampled designs (use 'samples')")
        return tuple(self.factor(name, opts, method, grid_levels) for name, opts in spec.items())

    def factor(self, name: str, opts: Any, method: str, grid_levels: int | None) -> Factor:
        key = f"parameters.{name}"
        try:
            f = field_info(str(name))
        except ParameterError as err:
            raise self.fail(key, name, err.allowed) from None
        opts = {} if opts is None else opts
        if not isinstance(opts, dict) or set(opts) - {"range", "levels"}:
            raise self.fail(key, opts, "null or a mapping with 'range' and/or 'levels'")
        kind, meta = f.type, f.metadata
        if kind in ("bool", "str"):
            choices = (False, True) if kind == "bool" else tuple(meta["choices"])
            levels = tuple(opts.get("levels", choices))
            bad = [v for v in levels if v not in choices or (kind == "bool") != isinstance(v, bool)]
            if bad or len(levels) < 1 or "range" in opts:
                raise self.fail(f"{key}.levels", bad[0] if bad else opts, allowed_text(f) + " (a list of them)")
            return Factor(name, kind, levels=levels)
        lo, hi = meta["range"]
        if "range" in opts:
            rng = opts["range"]
            if not (isinstance(rng, list) and len(rng) == 2 and all(_is_number(v) for v in rng)
                    and lo <= rng[0] < rng[1] <= hi):
                raise self.fail(f"{key}.range", rng, f"[lo, hi] with lo < hi inside {allowed_text(f)}")
            lo, hi = rng
        levels: tuple[Any, ...] = ()
        if "levels" in opts:
            if method != "grid":
                raise self.fail(f"{key}.levels", opts["levels"], "a 'range' (levels are for grid designs)")
            levels = tuple(opts["levels"]) if isinstance(opts["levels"], list) else ()
            for v in levels:
                try:
                    Params.from_mapping({name: v})
                except ParameterError:
                    raise self.fail(f"{key}.levels", v, allowed_text(f)) from None
            if not levels:
                raise self.fail(f"{key}.levels", opts["levels"], "a non-empty list of values")
        elif method == "grid":
            grid = np.linspace(lo, hi, grid_levels)
            levels = tuple(sorted({round(v) for v in grid.tolist()})) if kind == "int" else tuple(
                round(v, 12) for v in grid.tolist())
        return Factor(name, kind, lo=float(lo) if kind == "float" else int(lo),
                      hi=float(hi) if kind == "float" else int(hi), levels=levels)

    def outcomes(self, value: Any) -> tuple[str, ...]:
        known = list(metrics.OUTCOMES)
        if not isinstance(value, list) or not value:
            raise self.fail("outcomes", value, "a non-empty list of outcome columns")
        for name in value:
            if name not in known:
                raise self.fail("outcomes", name, f"outcome columns of the outcome registry ({len(known)}, e.g. "
                                                  f"{', '.join(known[:6])}; `smartgov outcomes` lists them all)")
        return tuple(value)

    def discovery(self, value: Any, outcomes: tuple[str, ...]) -> dict[str, Any]:
        """Scenario discovery target: ``{outcome: NAME, below: X}`` or ``{outcome: NAME, above: X}``."""
        if value is None:
            return {}
        ok = (isinstance(value, dict) and value.get("outcome") in outcomes
              and len(set(value) & {"below", "above"}) == 1 and set(value) <= {"outcome", "below", "above"}
              and all(_is_number(value[k]) for k in ("below", "above") if k in value))
        if not ok:
            raise self.fail("discovery", value, "{outcome: NAME, below: X} or {outcome: NAME, above: X} with "
                                                "NAME among the design's outcomes")
        return dict(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)

