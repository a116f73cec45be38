"""Sweep results into tidy tables: per-run and per-point summaries with confidence intervals, Morris and Sobol
sensitivity indices (SALib analyzers), and scenario discovery with PRIM.

A run's scalar outcome is its mean over the design's ``summary_window`` last steps (default: the last quarter),
so weekly noise does not drive the indices. Figures are drawn by ``smartgov.viz.sensitivity_plots``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from smartgov.experiments.design import Design, DesignError, Factor
from smartgov.experiments.summaries import LEVEL, mean_ci, window_mean
from smartgov.scenarios.safe_load import shorten


def design_from_manifest(manifest: dict[str, Any], where: str = "manifest.json") -> Design:
    """Rebuild the design a sweep folder was run with (its samples follow from the recorded seed); a manifest
    whose design was edited (it no longer matches its digest) is refused."""
    digest = manifest.get("digest")
    return Design.from_dict(manifest.get("design"), manifest.get("design_file"), where,
                            digest if isinstance(digest, str) else "")


def summarize_runs(frame: pd.DataFrame, design: Design) -> pd.DataFrame:
    """One row per run: identifiers, varied parameters and each outcome's mean over the last weeks."""
    keys = ("run_id", "point", "replicate", "seed", *(f.name for f in design.factors))
    runs = window_mean(frame, design.summary_window, by=keys, outcomes=design.outcomes)
    return runs.sort_values(["point", "replicate"], ignore_index=True)


def summarize_points(runs: pd.DataFrame, design: Design, level: float = LEVEL) -> pd.DataFrame:
    """Tidy: one row per design point and outcome with the replicate mean, sd and a t confidence interval."""
    keys = ["point", *(f.name for f in design.factors)]
    long = runs.melt(id_vars=keys, value_vars=list(design.outcomes), var_name="outcome")
    rows = []
    for values, group in long.groupby([*keys, "outcome"], sort=True, dropna=False):
        estimate = mean_ci(group["value"].to_numpy(), level)
        rows.append({**dict(zip([*keys, "outcome"], values, strict=True)), "mean": estimate.mean, "sd": estimate.sd,
                     "n": estimate.n, "ci_low": estimate.ci_low, "ci_high": estimate.ci_high})
    return pd.DataFrame(rows)


def point_means(runs: pd.DataFrame, design: Design) -> pd.DataFrame:
    """Replicate means per design point, in design order; every point must be there (SALib needs them all)."""
    means = runs.groupby("point", sort=True)[list(design.outcomes)].mean()
    expected = len(design.sample())
    if len(means) != expected or (means.index.to_numpy() != np.arange(expected)).any():
        raise DesignError(f"{design.method} analysis needs every design point: {len(means)} of {expected} have "
                          "results; finish the sweep with `smartgov sweep DESIGN --out DIR --resume`")
    return means


def morris_indices(runs: pd.DataFrame, design: Design, seed: int | None = None) -> pd.DataFrame:
    """Morris elementary effects per outcome (SALib): μ*, its bootstrap CI, μ and σ; tidy."""
    from SALib.analyze import morris

    means, X, problem = point_means(runs, design), design.sample(), design.problem()
    rows = []
    for outcome in design.outcomes:
        y = means[outcome].to_numpy(dtype=float)
        if not np.isfinite(y).all():
            continue  # an outcome undefined at some point (e.g. no excluded citizens left) has no indices
        res = morris.analyze(problem, X, y, num_levels=design.morris_levels, seed=design.seed if seed is None
                             else seed)
        for i, name in enumerate(problem["names"]):
            rows.append({"outcome": outcome, "parameter": name, "mu": float(res["mu"][i]),
                         "mu_star": float(res["mu_star"][i]), "mu_star_conf": float(res["mu_star_conf"][i]),
                         "sigma": float(res["sigma"][i])})
    return pd.DataFrame(rows, columns=["outcome", "parameter", "mu", "mu_star", "mu_star_conf", "sigma"])


def sobol_indices(runs: pd.DataFrame, design: Design, seed: int | None = None) -> pd.DataFrame:
    """First-order and total Sobol indices per outcome (SALib) with bootstrap confidence half-widths; tidy."""
    from SALib.analyze import sobol

    means, problem = point_means(runs, design), design.problem()
    rows = []
    for outcome in design.outcomes:
        y = means[outcome].to_numpy(dtype=float)
        if not np.isfinite(y).all() or np.var(y) == 0:
            continue
        res = sobol.analyze(problem, y, calc_second_order=design.second_order,
                            seed=design.seed if seed is None else seed)
        for i, name in enumerate(problem["names"]):
            rows.append({"outcome": outcome, "parameter": name, "S1": float(res["S1"][i]),
                         "S1_conf": float(res["S1_conf"][i]), "ST": float(res["ST"][i]),
                         "ST_conf": float(res["ST_conf"][i])})
    return pd.DataFrame(rows, columns=["outcome", "parameter", "S1", "S1_conf", "ST", "ST_conf"])


# -- scenario discovery -------------------------------------------------------------------------------

@dataclass
class Discovery:
    """A PRIM box: where in parameter space the outcome of interest happens."""

    outcome: str
    rule: str  # e.g. "trust_excluded < 0.45"
    cases: int  # runs with the outcome of interest
    total: int
    box: pd.DataFrame  # parameter, kind, min, max, levels, qp_value (restricted parameters only)
    trajectory: pd.DataFrame  # coverage, density, mass, res_dim per peeling step; 'chosen' marks the box
    coverage: float
    density: float


def parse_rule(text: str, outcomes: tuple[str, ...]) -> dict[str, Any]:
    """``"trust_excluded<0.45"`` (or ``>``) into a discovery target; DesignError names what is allowed."""
    for op, key in (("<", "below"), (">", "above")):
        name, sep, value = text.partition(op)
        if sep:
            try:
                threshold = float(value)
            except ValueError:
                break
            if name.strip() in outcomes and math.isfinite(threshold):
                return {"outcome": name.strip(), key: threshold}
            break
    raise DesignError(f"prim = {shorten(text)} is not allowed; expected OUTCOME<VALUE or OUTCOME>VALUE with a finite "
                      f"VALUE and OUTCOME one of the design's outcomes: {', '.join(outcomes)}")


def discover(runs: pd.DataFrame, design: Design, target: dict[str, Any], min_coverage: float = 0.5,
             ) -> Discovery | None:
    """PRIM (``prim`` package) over the runs: cases of interest are runs where the outcome crosses the threshold.

    The box reported is the densest one on the peeling trajectory that still covers ``min_coverage`` of the
    cases (EMA Workbench users pick it by eye from the same trade-off; the whole trajectory is returned).
    None when no run, or every run, is a case of interest.
    """
    import prim  # imports pyplot, which picks no backend until a figure is shown: no backend switch needed

    outcome = target["outcome"]
    below = "below" in target
    threshold = float(target["below"] if below else target["above"])
    values = runs[outcome].to_numpy(dtype=float)
    y = values < threshold if below else values > threshold
    rule = f"{outcome} {'<' if below else '>'} {threshold:g}"
    if y.all() or not y.any():
        return None
    x = pd.DataFrame({f.name: _prim_column(runs[f.name], f) for f in design.factors})
    finder = prim.Prim(x, y)
    box = finder.find_box()
    trajectory = box.peeling_trajectory.rename(columns={"res dim": "res_dim"}).reset_index(names="step")
    eligible = trajectory[trajectory["coverage"] >= min_coverage]
    chosen = int(eligible.sort_values(["density", "coverage"], ascending=False)["step"].iloc[0])
    trajectory["chosen"] = trajectory["step"] == chosen
    # ``box.limits`` breaks on pandas 3 for categorical limits, so read the chosen limits directly.
    limits, initial = box._box_lims[chosen], finder._box_init
    quasi_p = box._calculate_quasi_p(chosen)
    rows = []
    for f in design.factors:
        lo, hi = limits[f.name][0], limits[f.name][1]
        if f.discrete:
            kept = sorted(lo, key=str)
            if set(kept) == set(initial[f.name][0]):
                continue
            rows.append({"parameter": f.name, "kind": f.kind, "min": math.nan, "max": math.nan,
                         "levels": ", ".join(map(str, kept)), "qp_value": quasi_p.get(f.name, math.nan)})
        elif lo != initial[f.name][0] or hi != initial[f.name][1]:
            rows.append({"parameter": f.name, "kind": f.kind, "min": float(lo), "max": float(hi), "levels": "",
                         "qp_value": quasi_p.get(f.name, math.nan)})
    table = pd.DataFrame(rows, columns=["parameter", "kind", "min", "max", "levels", "qp_value"])
    row = trajectory.loc[trajectory["step"] == chosen].iloc[0]
    return Discovery(outcome, rule, int(y.sum()), len(y), table, trajectory, float(row["coverage"]),
                     float(row["density"]))


def _prim_column(column: pd.Series, factor: Factor) -> pd.Series:
    """PRIM peels by NumPy dtype: choices as objects, switches as bools, numbers as numbers."""
    if factor.kind == "str":
        return column.astype(object)
    if factor.kind == "bool":
        return column.astype(bool)
    return column.astype(np.int64 if factor.kind == "int" else np.float64)


# -- everything at once -------------------------------------------------------------------------------

@dataclass
class Analysis:
    """The tables of one sweep folder (figures are drawn from these)."""

    design: Design
    runs: pd.DataFrame  # one row per run
    points: pd.DataFrame  # one row per design point and outcome, with CIs
    morris: pd.DataFrame | None = None
    sobol: pd.DataFrame | None = None
    discovery: Discovery | None = None
    notes: tuple[str, ...] = ()

    def tables(self) -> dict[str, pd.DataFrame]:
        """File name -> table, for writing."""
        out = {"runs.csv": self.runs, "points.csv": self.points}
        if self.morris is not None:
            out["morris.csv"] = self.morris
        if self.sobol is not None:
            out["sobol.csv"] = self.sobol
        if self.discovery is not None:
            out["prim_box.csv"] = self.discovery.box
            out["prim_trajectory.csv"] = self.discovery.trajectory
        return out


def analyze(results: pd.DataFrame, manifest: dict[str, Any], prim_target: dict[str, Any] | None = None,
            ) -> Analysis:
    """Summaries, the method's sensitivity indices and PRIM scenario discovery for a sweep's results."""
    design = design_from_manifest(manifest)
    runs = summarize_runs(results, design)
    notes = []
    expected = len(manifest["runs"]) if isinstance(manifest.get("runs"), list) else len(runs)
    if len(runs) < expected:
        notes.append(f"{len(runs)} of {expected} runs have results; finish with --resume for the full design")
    undefined = [o for o in design.outcomes if runs[o].isna().any()]
    for outcome in undefined:
        notes.append(f"{outcome} is undefined in {int(runs[outcome].isna().sum())} runs (e.g. no excluded "
                     "citizens left in the last weeks); those runs have no value for it")
    analysis = Analysis(design, runs, summarize_points(runs, design))
    if design.method in ("morris", "sobol"):
        try:
            point_means(runs, design)
        except DesignError as err:
            notes.append(f"no {design.method} indices: {err}")
        else:
            indices = (morris_indices if design.method == "morris" else sobol_indices)(runs, design)
            setattr(analysis, design.method, indices)
            skipped = sorted(set(design.outcomes) - set(indices["outcome"]))
            if skipped:
                notes.append(f"no {design.method} indices for {', '.join(skipped)}: undefined or constant at some "
                             "design points")
    target = prim_target or design.discovery
    if target:
        analysis.discovery = discover(runs, design, target)
        if analysis.discovery is None:
            notes.append(f"no PRIM box for {target}: no run, or every run, is a case of interest")
    analysis.notes = tuple(notes)
    return analysis
