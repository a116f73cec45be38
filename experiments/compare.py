"""Paired, replicated scenario comparisons.

Every scenario runs with the same replicate seeds (drawn from ``np.random.SeedSequence(master)``), so replicate
``r`` of each scenario starts from the same population and network and differences are paired. A run's scalar
outcome is its mean over the last ``window`` weeks (default 52: the second year of a 104-week run), which keeps
weekly noise out of the comparison. Results are the same with one worker or many: runs are independent and are
put back in (scenario, replicate) order.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import smartgov
from smartgov.experiments.single_run import run_model
from smartgov.experiments.stats import mean_ci, paired_difference
from smartgov.model.metrics import HEADLINE
from smartgov.model.params import Params
from smartgov.scenarios import Scenario, load

DEFAULT_WINDOW = 52
# Outcomes in the comparison table (headline first, then the group outcomes an analyst asks about next).
TABLE_OUTCOMES = (
    *(name for name, _, _ in HEADLINE),
    "trust_excluded",
    "need_met_rate",
    "need_met_excluded",
    "coverage_excluded",
    "allocation_accuracy",
    "technical_refugees",
    "excluded_share",
)
HIGHER_IS_BETTER = {name: better for name, _, better in HEADLINE} | {
    "trust_excluded": True, "need_met_rate": True, "need_met_excluded": True, "coverage_excluded": True,
    "allocation_accuracy": True, "technical_refugees": False, "excluded_share": False,
}


def replicate_seeds(master: int, replicates: int) -> list[int]:
    """Seeds for ``replicates`` runs, the same for every scenario (paired); ``master`` fixes them all."""
    if isinstance(master, bool) or not isinstance(master, int) or master < 0:
        raise ValueError(f"seed = {master!r} is not allowed; expected a whole number >= 0")
    if isinstance(replicates, bool) or not isinstance(replicates, int) or replicates < 1:
        raise ValueError(f"replicates = {replicates!r} is not allowed; expected an integer >= 1")
    return [int(s.generate_state(1)[0]) for s in np.random.SeedSequence(master).spawn(replicates)]


def _run_task(task: tuple[str, dict[str, Any], int, int, int]) -> pd.DataFrame:
    """One run (top level so process pools can pickle it)."""
    label, values, replicate, seed, steps = task
    frame = run_model(Params.from_mapping(values, source=label), seed, steps)
    frame.insert(0, "replicate", replicate)
    frame.insert(0, "scenario", label)
    return frame


def run_comparison(
    scenarios: Sequence[Scenario | str],
    *,
    replicates: int,
    steps: int = 104,
    master_seed: int = 1,
    workers: int = 1,
    overrides: dict[str, Any] | None = None,
    labels: Sequence[str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> pd.DataFrame:
    """Run every scenario ``replicates`` times with paired seeds; the per-step outcomes of all runs (tidy: one row
    per scenario, replicate and step; columns ``scenario, replicate, step, seed`` and one per outcome).

    ``overrides`` (e.g. ``n_citizens``, ``network``) apply to every scenario; ``labels`` name the scenarios in the
    output (default: their names). All parameters are validated before the first run.
    """
    loaded = [s if isinstance(s, Scenario) else load(s) for s in scenarios]
    if not loaded:
        raise ValueError("scenarios = [] is not allowed; expected at least one scenario")
    names = list(labels) if labels is not None else [s.name for s in loaded]
    if len(set(names)) != len(names):
        raise ValueError(f"scenarios = {names} is not allowed; expected each scenario once")
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise ValueError(f"steps = {steps!r} is not allowed; expected an integer >= 1")
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers = {workers!r} is not allowed; expected an integer >= 1")
    params = [s.params(**(overrides or {})) for s in loaded]  # validates everything up front
    seeds = replicate_seeds(master_seed, replicates)
    tasks = [(name, p.to_dict(), r, seed, steps)
             for name, p in zip(names, params, strict=True) for r, seed in enumerate(seeds)]
    frames: list[pd.DataFrame] = []
    if workers == 1:
        for task in tasks:
            frames.append(_run_task(task))
            if progress:
                progress(1)
    else:
        context = multiprocessing.get_context("forkserver")  # no fork() of a threaded parent
        context.set_forkserver_preload(["smartgov.experiments.compare"])
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for frame in pool.map(_run_task, tasks, chunksize=1):  # map keeps task order
                frames.append(frame)
                if progress:
                    progress(1)
    frame = pd.concat(frames, ignore_index=True)
    frame["scenario"] = pd.Categorical(frame["scenario"], categories=names, ordered=True)
    return frame


def summarize_runs(frame: pd.DataFrame, window: int = DEFAULT_WINDOW) -> pd.DataFrame:
    """One row per run: each outcome's mean over the last ``window`` steps."""
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        raise ValueError(f"window = {window!r} is not allowed; expected an integer >= 1")
    last = int(frame["step"].max())
    tail = frame[frame["step"] > max(last - window, 0)]
    keys = ["scenario", "replicate", "seed"]
    outcomes = [c for c in frame.columns if c not in (*keys, "step")]
    return tail.groupby(keys, sort=True, observed=True)[outcomes].mean().reset_index()


def comparison_table(runs: pd.DataFrame, outcomes: Sequence[str] = TABLE_OUTCOMES) -> pd.DataFrame:
    """Tidy table: per scenario and outcome, the replicate mean with its 95% CI and the paired difference to the
    first scenario (same seeds) with its 95% CI, Cohen's d_z and the two-sided paired t-test p-value."""
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
            rows.append(row)
    table = pd.DataFrame(rows)
    for col in ("diff", "diff_ci_low", "diff_ci_high", "effect_size", "p_value"):
        if col not in table:
            table[col] = np.nan
    table["reference"] = reference
    return table


def format_table(table: pd.DataFrame) -> str:
    """The comparison table as text: one block per outcome, one line per scenario."""
    lines = []
    for outcome, block in table.groupby("outcome", sort=False):
        better = HIGHER_IS_BETTER.get(str(outcome))
        hint = "" if better is None else ("  (higher is better)" if better else "  (lower is better)")
        lines.append(f"{outcome}{hint}")
        for row in block.itertuples():
            text = f"  {row.scenario:<24} {row.mean:9.4f} [{row.ci_low:9.4f}, {row.ci_high:9.4f}]"
            if pd.notna(row.diff):
                text += (f"   Δ {row.diff:+9.4f} [{row.diff_ci_low:+9.4f}, {row.diff_ci_high:+9.4f}]"
                         f"  d={row.effect_size:+6.2f}  p={row.p_value:.2g}")
            elif row.scenario == row.reference:
                text += "   (reference)"
            lines.append(text)
    return "\n".join(lines)


def manifest(scenarios: Sequence[Scenario], params: Sequence[Params], **extra: Any) -> dict[str, Any]:
    """What it takes to reproduce a comparison: each scenario's full parameters, the seeds and settings."""
    return {
        "smartgov_version": smartgov.__version__,
        "scenarios": {s.name: {"path": str(s.path) if s.path else None, "parameters": p.to_dict()}
                      for s, p in zip(scenarios, params, strict=True)},
        **extra,
    }


def write_outputs(out: Path, tables: dict[str, pd.DataFrame], meta: dict[str, Any],
                  draw: Callable[[Path], list[Path]] | None = None) -> list[Path]:
    """Write Parquet tables, a CSV of the comparison, ``manifest.json`` and figures into ``out`` atomically: all
    goes to a temporary folder first and is moved in only when everything is written."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for name, table in tables.items():
            table.to_parquet(staging / f"{name}.parquet", index=False)
        if "comparison" in tables:
            tables["comparison"].to_csv(staging / "comparison.csv", index=False)
        (staging / "manifest.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False, default=str),
                                               encoding="utf-8")
        if draw is not None:
            draw(staging)
        out.mkdir(exist_ok=True)
        written = []
        for item in sorted(staging.iterdir()):
            target = out / item.name
            if target.is_dir():
                shutil.rmtree(target)
            os.replace(item, target)
            written.append(target)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
