"""Fact 3 under binding capacity: black box vs audited vs human-only allocation, and directed data collection.

Paired replicates (one seed = one population and network for every variant), outcomes the mean of weeks 53–104.
Variants are the library scenarios' settings (black_box_algorithm, audited_algorithm; human-only allocation is
black_box_algorithm with ``algorithm_reliance = 0``, as in experiments/validation.py), crossed with network,
``capacity_ratio`` (default and ±25%) and the audit's trust/consent side effects on or off. Side effects off:
``transparency_damping = 0`` (explained decisions no longer soften blame) and ``explained_benefit`` at its lowest
allowed value (under the default siloed rule consent gates nothing, so this one is idle anyway).

``python -m smartgov.experiments.fact3_capacity --replicates 20 --out fact3.json`` writes every run's window means.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from smartgov.model.model import GovernanceModel
from smartgov.model.params import Params

OUTCOMES = ("equity_gap", "need_met_excluded", "need_met_included", "service_need_ratio_excluded", "needs_met",
            "coverage_excluded", "trust_excluded", "trust", "efficiency", "cost_per_need_met", "mean_wait")
WINDOW = (53, 104)
ALLOCATION = {
    "black_box": {"algorithm": "black_box", "algorithm_reliance": 1.0},
    "audited": {"algorithm": "audited", "algorithm_reliance": 1.0},
    "human_only": {"algorithm": "black_box", "algorithm_reliance": 0.0},
}
SIDE_EFFECTS_OFF = {"transparency_damping": 0.0, "explained_benefit": 0.025}


def window_means(params: Params, seed: int) -> dict[str, float]:
    """Mean of each outcome over the window for one run."""
    model = GovernanceModel(params, rng=seed)
    for _ in range(WINDOW[1]):
        model.step()
    frame = model.outcomes().loc[WINDOW[0]:WINDOW[1], list(OUTCOMES)]
    means = {name: float(frame[name].mean()) for name in OUTCOMES}
    means["spending"] = float(means["needs_met"] / means["efficiency"]) if means["efficiency"] else float("nan")
    return means


def configurations(base_ratio: float) -> Iterable[tuple[dict[str, Any], dict[str, Any]]]:
    """(labels, parameter settings) of every variant run."""
    for network in ("small_world", "scale_free"):
        for factor in (0.75, 1.0, 1.25):
            for side in ("on", "off"):
                for allocation, settings in ALLOCATION.items():
                    labels = {"network": network, "capacity_factor": factor, "side_effects": side,
                              "allocation": allocation, "directed_collection": 0.0}
                    values = {"network": network, "capacity_ratio": round(base_ratio * factor, 6), **settings,
                              **(SIDE_EFFECTS_OFF if side == "off" else {})}
                    yield labels, values
        for allocation in ("black_box", "audited"):
            for share in (0.05, 0.1):
                labels = {"network": network, "capacity_factor": 1.0, "side_effects": "on",
                          "allocation": allocation, "directed_collection": share}
                yield labels, {"network": network, "capacity_ratio": base_ratio, **ALLOCATION[allocation],
                               "directed_collection": share}
            # the same total budget as directed_collection = 0.1, spent on the base budget (cases, counters) instead
            base = Params()
            ratio = base_ratio * (1.0 + base.outreach_share + 0.1) / (1.0 + base.outreach_share)
            labels = {"network": network, "capacity_factor": round(ratio / base_ratio, 4), "side_effects": "on",
                      "allocation": allocation, "directed_collection": 0.0, "same_budget_as": 0.1}
            yield labels, {"network": network, "capacity_ratio": round(ratio, 6), **ALLOCATION[allocation]}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=20)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--out", default="fact3_capacity.json")
    args = parser.parse_args(argv)
    base = Params(n_citizens=args.n)
    rows = []
    for labels, values in configurations(base.capacity_ratio):
        params = base.replace(**values)
        for seed in range(1, args.replicates + 1):
            rows.append({**labels, "seed": seed, **window_means(params, seed)})
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(rows, handle)
    print(f"{len(rows)} runs -> {args.out}; mean equity_gap per variant:")
    keys = ("network", "capacity_factor", "side_effects", "allocation", "directed_collection")
    groups: dict[tuple, list[float]] = {}
    for row in rows:
        groups.setdefault(tuple(row.get(k) for k in keys), []).append(row["equity_gap"])
    for key, values in groups.items():
        print(key, f"{np.mean(values):+.4f}")


if __name__ == "__main__":
    main()
