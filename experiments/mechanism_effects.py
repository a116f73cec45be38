"""Effect of each of issue 15's mechanisms on the merged model: the default against its knock-out, paired seeds.

``python -m smartgov.experiments.mechanism_effects --n-citizens 1000 --replicates 20 --out docs/mechanism_effects``
runs, for every mechanism in :data:`KNOCKOUTS`, the baseline scenario with its defaults and with that mechanism
switched off (every other mechanism on), with the same seeds, and writes the paired difference (default −
knock-out) of the mean of weeks 53–104 for the headline outcomes with its 95% CI (``effects.csv``) and a Markdown
table (``effects.md``). A knock-out is a world setting for some mechanisms (vendor market, needs), so both arms burn
in under their own setting. Why one script: the note and the docs quote the effect of each mechanism in the model
as a whole, not in the branch where it was built.
"""

from __future__ import annotations

import argparse
import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pandas as pd

from ..model import GovernanceModel
from ..model.params import ParameterError, Params
from .summaries import paired_difference, window_mean
from .threads import limit_threads

KNOCKOUTS: dict[str, dict[str, Any]] = {
    "redress (12345 hotline)": {"redress": False},
    "dependence grows": {"judgement_rule": "constant", "reliance_rule": "mandated"},
    "vendors act": {"vendor_market": False},
    "consent binds + retention": {"consent_rule": "not_binding", "retention_limit": False},
    "needs follow disadvantage": {"needs_rule": "uniform"},
}
"""Mechanism -> the parameter settings that switch it off (each mechanism's own tests use the same settings)."""
OUTCOMES = ("trust", "equity_gap", "needs_met", "need_met_rate", "total_cost")
STEPS, WINDOW = 104, 52


def _one(job: tuple[int, int, dict[str, Any]]) -> dict[str, float]:
    n_citizens, seed, overrides = job
    limit_threads(1)
    model = GovernanceModel(Params(n_citizens=n_citizens, **overrides), rng=seed)
    model.run_for(STEPS)
    frame = model.datacollector.get_model_vars_dataframe()
    frame.index.name = "step"
    return window_mean(frame.reset_index(), WINDOW, by=(), outcomes=list(OUTCOMES)).iloc[0].to_dict()


def effects(n_citizens: int, replicates: int, workers: int = 2, seed0: int = 0) -> pd.DataFrame:
    """One row per mechanism and outcome: default mean, knock-out mean, paired difference and its 95% CI."""
    seeds = range(seed0, seed0 + replicates)
    arms = {"default": {}, **KNOCKOUTS}
    jobs = [(n_citizens, s, overrides) for overrides in arms.values() for s in seeds]
    if workers == 1:  # in this process: no fork of a threaded parent
        rows = [_one(job) for job in jobs]
    else:
        with ProcessPoolExecutor(workers) as pool:
            rows = list(pool.map(_one, jobs))
    frames = {name: pd.DataFrame(rows[i * replicates:(i + 1) * replicates]) for i, name in enumerate(arms)}
    out = []
    for name in KNOCKOUTS:
        for outcome in OUTCOMES:
            d = paired_difference((frames["default"][outcome] - frames[name][outcome]).to_numpy())
            out.append({"mechanism": name, "knockout": json.dumps(KNOCKOUTS[name]), "outcome": outcome,
                        "n_citizens": n_citizens, "replicates": replicates,
                        "default": float(frames["default"][outcome].mean()),
                        "knocked_out": float(frames[name][outcome].mean()), "diff": d.mean,
                        "ci_low": d.ci_low, "ci_high": d.ci_high})
    return pd.DataFrame(out)


def markdown(table: pd.DataFrame) -> str:
    """Mechanism × outcome: difference [95% CI]."""
    lines = ["| mechanism (knock-out) | N, reps | " + " | ".join(OUTCOMES) + " |",
             "| --- | --- | " + " | ".join("---" for _ in OUTCOMES) + " |"]
    for (name, n, reps), rows in table.groupby(["mechanism", "n_citizens", "replicates"], sort=False):
        cells = [f"{r.diff:+.4g} [{r.ci_low:+.3g}, {r.ci_high:+.3g}]" for r in rows.itertuples()]
        lines.append(f"| {name} (`{rows.knockout.iloc[0]}`) | {n:,}, {reps} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n-citizens", type=int, default=1000)
    parser.add_argument("--replicates", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        Params(n_citizens=args.n_citizens)
    except ParameterError as err:
        parser.error(f"--n-citizens: {err}")
    if args.replicates < 2:
        parser.error(f"--replicates = {args.replicates}: a paired interval needs at least 2")
    if args.workers < 1:
        parser.error(f"--workers = {args.workers}: at least 1")
    try:  # before the runs, so an unusable folder costs nothing
        args.out.mkdir(parents=True, exist_ok=True)
        probe = args.out / ".write_test"
        probe.write_text("", encoding="utf-8")
        probe.unlink()
    except OSError as err:
        parser.error(f"--out = {str(args.out)[:80]}: cannot write there ({err.strerror}); expected a writable folder")
    table = effects(args.n_citizens, args.replicates, args.workers)
    name = f"effects_n{args.n_citizens}"
    for suffix, text in ((".csv", table.to_csv(index=False)), (".md", markdown(table))):
        partial = args.out / f".{name}{suffix}.partial"  # renamed into place whole: never half-written
        partial.write_text(text, encoding="utf-8")
        partial.replace(args.out / f"{name}{suffix}")
    print(markdown(table))


if __name__ == "__main__":
    main()
