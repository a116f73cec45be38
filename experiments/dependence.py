"""Is digital transformation path-dependent? Human-centred service, years of automation, then a return (issue 15,
item 2).

Three phases through the policy timeline (model/events.py), the same for every rule compared:
A  weeks 1–104    ``algorithm_reliance`` = 0.2 (human-centred service)
B  weeks 105–260  ``algorithm_reliance`` = 1.0 (automation, three years)
C  weeks 261–416  ``algorithm_reliance`` = 0.2 (return to human-centred service, three years)

Measures per replicate, from the weekly equity gap g (windows fixed before any run was looked at):
gA = mean g, weeks 53–104 (end of A); gB = mean g, weeks 209–260 (end of B); gC = mean g, weeks 365–416 (end of C);
loss = share of the change gA → gB made in the first 26 weeks of B: (mean g weeks 105–130 − gA) / (gB − gA);
restore = share of the change gB → gA undone in the first 26 weeks of C: (gB − mean g weeks 261–286) / (gB − gA).
Hysteresis index = loss − restore (> 0: equity is restored more slowly than it was lost). Ratios are taken of
replicate means (a bootstrap over replicates gives the 95% interval), since a single replicate's gB − gA is noisy.

``python -m smartgov.experiments.dependence [--n 1000] [--reps 20]`` prints the figures for the default rules and
the knock-outs.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..model import GovernanceModel, Params

PHASES: list[dict[str, Any]] = [
    {"week": 1, "set": {"algorithm_reliance": 0.2}},
    {"week": 105, "set": {"algorithm_reliance": 1.0}},
    {"week": 261, "set": {"algorithm_reliance": 0.2}},
]
WEEKS = 416
WINDOWS = {"gA": (53, 104), "gB": (209, 260), "gC": (365, 416), "lossw": (105, 130), "restorew": (261, 286)}
KNOCKOUTS: dict[str, dict[str, Any]] = {
    "default": {},
    "constant_judgement": {"judgement_rule": "constant"},
    "mandated_reliance": {"reliance_rule": "mandated"},
    "no_dependence": {"judgement_rule": "constant", "reliance_rule": "mandated"},
}


def run(seed: int, n: int = 1000, columns: Sequence[str] = ("equity_gap", "mean_judgement", "mean_reliance"),
        **changes: Any) -> dict[str, np.ndarray]:
    """One run of the three phases; the weekly series of ``columns`` (row W = week W)."""
    model = GovernanceModel(Params(n_citizens=n, **changes), rng=seed, events=PHASES)
    for _ in range(WEEKS):
        model.step()
    frame = model.outcomes()
    return {column: frame[column].to_numpy(dtype=float) for column in columns}


def windows(series: np.ndarray) -> dict[str, float]:
    """Mean of the series over each window (weeks inclusive)."""
    return {name: float(np.nanmean(series[lo:hi + 1])) for name, (lo, hi) in WINDOWS.items()}


def index(w: Mapping[str, float]) -> dict[str, float]:
    """Loss and restore shares and the hysteresis index from window means."""
    change = w["gB"] - w["gA"]
    loss = (w["lossw"] - w["gA"]) / change
    restore = (w["gB"] - w["restorew"]) / change
    return {"gA": w["gA"], "gB": w["gB"], "gC": w["gC"], "loss": loss, "restore": restore,
            "hysteresis": loss - restore, "residual": w["gC"] - w["gA"]}


def measure(rows: list[dict[str, float]], draws: int = 2000, seed: int = 0) -> dict[str, tuple[float, float, float]]:
    """Index of the replicate-mean windows, with 95% bootstrap intervals over replicates: name -> (value, lo, hi)."""
    table = {key: np.array([row[key] for row in rows]) for key in rows[0]}
    point = index({key: float(values.mean()) for key, values in table.items()})
    rng = np.random.default_rng(seed)
    boot: dict[str, list[float]] = {key: [] for key in point}
    for _ in range(draws):
        pick = rng.integers(0, len(rows), len(rows))
        for key, value in index({k: float(v[pick].mean()) for k, v in table.items()}).items():
            boot[key].append(value)
    return {key: (point[key], *np.percentile(boot[key], [2.5, 97.5])) for key in point}


def paired_difference(a: list[dict[str, float]], b: list[dict[str, float]], key: str = "hysteresis",
                      draws: int = 2000, seed: int = 0) -> tuple[float, float, float]:
    """Index of ``a`` minus index of ``b`` (same seeds, resampled together): (value, lo, hi) of a 95% interval."""
    ta = {k: np.array([row[k] for row in a]) for k in a[0]}
    tb = {k: np.array([row[k] for row in b]) for k in b[0]}
    point = index({k: v.mean() for k, v in ta.items()})[key] - index({k: v.mean() for k, v in tb.items()})[key]
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(draws):
        pick = rng.integers(0, len(a), len(a))
        values.append(index({k: v[pick].mean() for k, v in ta.items()})[key]
                      - index({k: v[pick].mean() for k, v in tb.items()})[key])
    return (float(point), *np.percentile(values, [2.5, 97.5]))


def replicate_windows(changes: Mapping[str, Any], seeds: Sequence[int], n: int = 1000) -> list[dict[str, float]]:
    """Window means of the equity gap for each seed."""
    return [windows(run(seed, n, ("equity_gap",), **changes)["equity_gap"]) for seed in seeds]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--reps", type=int, default=20)
    args = parser.parse_args(argv)
    seeds = range(1, args.reps + 1)
    results = {name: replicate_windows(changes, seeds, args.n) for name, changes in KNOCKOUTS.items()}
    for name, rows in results.items():
        figures = measure(rows)
        print(name, {k: f"{v:.3f} [{lo:.3f}, {hi:.3f}]" for k, (v, lo, hi) in figures.items()})
    for name in KNOCKOUTS:
        if name != "default":
            v, lo, hi = paired_difference(results["default"], results[name])
            print(f"hysteresis default − {name}: {v:.3f} [{lo:.3f}, {hi:.3f}]")


if __name__ == "__main__":
    main()
