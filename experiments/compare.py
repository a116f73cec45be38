"""Paired, replicated scenario comparisons: a design of several scenarios run by the one runner.

Every scenario runs with the same replicate seeds (drawn from ``np.random.SeedSequence(master)``), so replicate
``r`` of each scenario starts from the same population and network and differences are paired. Over a posterior
(``posterior=``, :mod:`smartgov.experiments.posterior`) replicate ``r`` of each scenario also takes posterior
draw ``r``, so the paired differences' spread carries parameter uncertainty as well as stochastic noise. A run's scalar
outcome is its mean over the last ``window`` weeks (:func:`smartgov.experiments.summaries.default_window`: 52
weeks — the second year of a 104-week run — or the second half of a shorter run), which keeps weekly noise out
of the comparison. Results do not depend on the executor: runs are independent and come back in design order.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from smartgov.experiments import limits
from smartgov.experiments.design import Design, DesignError, replicate_seeds
from smartgov.experiments.posterior import Particles, as_particles
from smartgov.experiments.runner import run_design
from smartgov.experiments.summaries import default_window, mean_ci, paired_difference, window_mean
from smartgov.model import metrics
from smartgov.scenarios import Scenario, load
from smartgov.scenarios.safe_load import shorten

__all__ = ["comparison_design", "comparison_table", "format_table", "per_1000_units", "replicate_seeds",
           "run_comparison", "summarize_runs"]


def _source(scenario: Scenario | str) -> str:
    if isinstance(scenario, str):
        return scenario
    return str(scenario.path) if scenario.path is not None else scenario.name


def comparison_design(scenarios: Sequence[Scenario | str], *, replicates: int, steps: int = 104,
                      master_seed: int = 1, overrides: dict[str, Any] | None = None,
                      window: int | None = None, name: str = "compare",
                      posterior: Particles | str | Path | None = None) -> Design:
    """The design of a comparison: every scenario, one point (``overrides`` on top of each), paired replicates.

    With ``posterior`` (a particles file or loaded particles) replicate ``r`` of every scenario takes posterior
    draw ``r``; ``overrides`` pin what they name (see :mod:`smartgov.experiments.posterior`). Every parameter is
    validated here, before any run.
    """
    sources = [_source(s) for s in scenarios]
    if not sources:
        raise DesignError("scenarios = [] is not allowed; expected at least one scenario")
    names = [load(s).name for s in sources]
    if len(set(names)) != len(names):
        raise DesignError(f"scenarios = {shorten(names, 120)} is not allowed; expected each scenario once (distinct "
                          "names)")
    limits.check("steps", steps)
    window = default_window(steps) if window is None else window
    if isinstance(window, bool) or not isinstance(window, int) or not 1 <= window <= steps:
        raise DesignError(f"window = {window!r} is not allowed; expected an integer in [1, steps = {steps}]")
    replicate_seeds(master_seed, replicates)  # checks both
    fixed = dict(overrides or {})
    for source in sources:
        load(source).params(**fixed)
    entry = {} if posterior is None else as_particles(posterior).entry(replicates, master_seed)
    design = Design(name=name, scenarios=tuple(sources), method="compare", factors=(), replicates=replicates,
                    steps=steps, outcomes=tuple(metrics.OUTCOMES), seed=master_seed, fixed=fixed,
                    summary_window=window, posterior=entry)
    if entry:
        design.runs()  # every scenario with every draw, before any run
    return design


def run_comparison(
    scenarios: Sequence[Scenario | str],
    *,
    replicates: int,
    steps: int = 104,
    master_seed: int = 1,
    workers: int = 1,
    overrides: dict[str, Any] | None = None,
    executor: Any = None,
    out: Path | str | None = None,
    resume: bool = False,
    progress: bool = False,
    posterior: Particles | str | Path | None = None,
) -> pd.DataFrame:
    """Run every scenario ``replicates`` times with paired seeds; the per-step outcomes of all runs (tidy: one row
    per scenario, replicate and step; columns ``scenario, replicate, step, seed`` and one per outcome).

    ``overrides`` (e.g. ``n_citizens``, ``network``) apply to every scenario. With ``posterior`` (a particles
    file) replicate ``r`` of every scenario takes posterior draw ``r`` (:func:`comparison_design`). ``workers=1``
    runs here, more on a local process pool; ``executor`` (a Dask address, a Client, any concurrent.futures
    executor) overrides that.
    With ``out`` the runs are saved as they finish and ``resume=True`` continues an interrupted comparison.
    """
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise DesignError(f"workers = {workers!r} is not allowed; expected an integer >= 1")
    design = comparison_design(scenarios, replicates=replicates, steps=steps, master_seed=master_seed,
                               overrides=overrides, posterior=posterior)
    frame = run_design(design, out, executor=executor, workers=0 if workers == 1 else workers, resume=resume,
                       progress=progress)
    return tidy(frame, design)


def tidy(frame: pd.DataFrame, design: Design) -> pd.DataFrame:
    """The runner's frame as a comparison frame: scenario (ordered as given), replicate, step, seed, outcomes."""
    frame = frame.drop(columns=["run_id", "point"])
    frame["scenario"] = pd.Categorical(frame["scenario"], categories=design.scenario_names(), ordered=True)
    return frame


def summarize_runs(frame: pd.DataFrame, window: int) -> pd.DataFrame:
    """One row per run: each outcome's mean over the last ``window`` steps."""
    return window_mean(frame, window, by=("scenario", "replicate", "seed"))


def comparison_table(runs: pd.DataFrame, outcomes: Sequence[str] | None = None) -> pd.DataFrame:
    """Tidy table: per scenario and outcome, the replicate mean with its 95% CI and the paired difference to the
    first scenario (same seeds) with its 95% CI, Cohen's d_z and the two-sided paired t-test p-value. For the
    registry's ``per_cost`` outcomes, also the mean paired extra cost (``cost_diff``, the registry's cost outcome)
    and the change per 1,000 budget units per week of it (``per_1000_units``, :func:`per_1000_units`).

    ``outcomes`` default to the registry's summary outcomes (headline first).
    """
    outcomes = list(outcomes) if outcomes is not None else [spec.name for spec in metrics.summary()]
    cost = metrics.cost_outcome()
    cost_name = cost.name if cost is not None and cost.name in runs else None
    order = list(runs["scenario"].cat.categories) if hasattr(runs["scenario"], "cat") else list(
        dict.fromkeys(runs["scenario"]))
    reference = order[0]
    wide = runs.set_index(["scenario", "replicate"])
    rows = []
    for scenario in order:
        for outcome in outcomes:
            values = wide.loc[scenario, outcome]
            row = {"scenario": scenario, "outcome": outcome, **mean_ci(values.to_numpy()).as_dict()}
            if scenario != reference:
                diff = (values - wide.loc[reference, outcome]).to_numpy()
                d = paired_difference(diff)
                row |= {"diff": d.mean, "diff_ci_low": d.ci_low, "diff_ci_high": d.ci_high,
                        "effect_size": d.effect_size, "p_value": min(1.0, 2 * min(d.p_greater, d.p_less))}
                if cost_name is not None and metrics.OUTCOMES.get(outcome, None) is not None \
                        and metrics.OUTCOMES[outcome].per_cost:
                    extra = float((wide.loc[scenario, cost_name] - wide.loc[reference, cost_name]).mean())
                    base = float(wide.loc[reference, cost_name].mean())
                    row |= {"cost_diff": extra, "per_1000_units": per_1000_units(d.mean, extra, base)}
            rows.append(row)
    table = pd.DataFrame(rows)
    for col in ("diff", "diff_ci_low", "diff_ci_high", "effect_size", "p_value", "cost_diff", "per_1000_units"):
        if col not in table:
            table[col] = np.nan
    table["reference"] = reference
    return table


SAME_COST = 0.01
"""Scenarios whose mean costs differ by less than this share of the reference's cost count as costing the same."""


def per_1000_units(change: float, extra_cost: float, reference_cost: float) -> float:
    """Cost-effectiveness: mean paired change of an outcome per 1,000 budget units per week of mean paired extra
    cost (ratio of means). NaN when the scenarios cost the same (|Δcost| < 1% of the reference's cost: a ratio to
    a near-zero denominator means nothing; budget-neutral comparisons are read from the change itself)."""
    if not abs(extra_cost) >= SAME_COST * abs(reference_cost) or extra_cost == 0:
        return float("nan")
    return 1000.0 * change / extra_cost


def format_table(table: pd.DataFrame) -> str:
    """The comparison table as text: one block per outcome (labelled from the registry), one line per scenario."""
    lines = []
    for outcome, block in table.groupby("outcome", sort=False):
        spec = metrics.OUTCOMES.get(str(outcome))
        better = None if spec is None else spec.higher_is_better
        hint = "" if better is None else ("  (higher is better)" if better else "  (lower is better)")
        label = f"{outcome}: {spec.label_en} [{spec.unit}]" if spec is not None else str(outcome)
        lines.append(f"{label}{hint}")
        for row in block.itertuples():
            text = f"  {row.scenario:<24} {row.mean:9.4f} [{row.ci_low:9.4f}, {row.ci_high:9.4f}]"
            if pd.notna(row.diff):
                text += (f"   Δ {row.diff:+9.4f} [{row.diff_ci_low:+9.4f}, {row.diff_ci_high:+9.4f}]"
                         f"  d={row.effect_size:+6.2f}  p={row.p_value:.2g}")
                if "per_1000_units" in table and pd.notna(row.per_1000_units):
                    text += f"  per 1,000 units/wk {row.per_1000_units:+.4g} (Δcost {row.cost_diff:+.1f})"
            elif row.scenario == row.reference:
                text += "   (reference)"
            lines.append(text)
    return "\n".join(lines)


COMPARISON_FILE = "comparison.parquet"


def load_comparison(folder: Path | str, *, with_runs: bool = True,
                    field: str = "folder") -> tuple[pd.DataFrame, dict[str, Any], pd.DataFrame | None]:
    """A finished ``smartgov compare`` folder as (comparison table, manifest, every run's weekly outcomes or None).

    Anything else (a missing folder, a sweep's folder, an unfinished comparison) raises ``ResultsError`` naming
    ``field``, the folder and what is expected.
    """
    from smartgov.experiments.results import ResultsError, load_manifest, load_results

    where = f"{field} = {shorten(str(folder))}"
    expected = "expected the --out folder of a finished `smartgov compare`"
    path = Path(folder)
    try:
        exists = path.is_dir()
    except (OSError, ValueError):  # a name the file system refuses (too long, NUL)
        exists = False
    if not exists:
        raise ResultsError(f"{where} is not allowed: no such folder; {expected}")
    if not (path / "manifest.json").is_file():
        raise ResultsError(f"{where} is not allowed: no manifest.json, not a result folder; {expected}")
    try:
        manifest = load_manifest(path)
        kind = manifest.get("kind")
        if kind != "design":
            raise ResultsError(f"{where} is not allowed: it holds a {shorten(kind)} result (manifest.json), not a "
                               f"comparison; {expected}")
        manifest = load_manifest(path, required=("design", "digest", "parameters"))
        design = Design.from_dict(manifest["design"], digest=manifest["digest"])
    except DesignError as err:
        raise ResultsError(f"{where} is not allowed: {err}") from None
    except ResultsError as err:
        raise err if str(err).startswith(where) else ResultsError(f"{where} is not allowed: {err}") from None
    if design.method != "compare":
        raise ResultsError(f"{where} is not allowed: it holds a {design.method!r} design, not a comparison; "
                           f"{expected}")
    table_path = path / COMPARISON_FILE
    if not table_path.is_file():
        raise ResultsError(f"{where} is not allowed: no {COMPARISON_FILE} (the comparison did not finish; run the "
                           "same `smartgov compare` again with --resume); " + expected)
    try:
        table = pd.read_parquet(table_path)
    except (OSError, ValueError) as err:
        raise ResultsError(f"{where} is not allowed: {COMPARISON_FILE} is damaged ({type(err).__name__}); run the "
                           "same `smartgov compare` into a new folder") from None
    runs = tidy(load_results(path, design.run_ids()), design) if with_runs else None
    return table, manifest, runs
