"""Effect sizes of the vendor market (issue 15 item 3): paired seeds, mean of weeks 53–104 after the burn-in.

``python -m smartgov.experiments.vendor_effects N REPS`` prints, for each contrast, the paired difference
(variant − reference) with a 95% t interval for trust, equity_gap, need_met_rate, total_cost, breaches, vendor
effort, contract spending and exposed share.
"""

from __future__ import annotations

import sys

import numpy as np
from scipy import stats

from ..model.model import GovernanceModel
from ..model.params import Params

OUTCOMES = ("trust", "equity_gap", "need_met_rate", "total_cost", "breaches", "exposed_share", "vendor_effort",
            "contract_price", "analytics_quality", "allocation_accuracy", "contract_switches")
CONTRASTS = {
    "security_weighted_vs_lowest_price": ({"procurement_rule": "lowest_price"},
                                          {"procurement_rule": "quality_security"}),
    "liability_on_vs_off": ({"vendor_liability": 0.0}, {"vendor_liability": 0.5}),
    "liability_on_vs_off_fixed_effort": ({"vendor_liability": 0.0, "security_effort_rule": "fixed"},
                                         {"vendor_liability": 0.5, "security_effort_rule": "fixed"}),
    "oversight_0.6_vs_0": ({"oversight": 0.0}, {"oversight": 0.6}),
    "oversight_0.6_vs_0_fixed_effort": ({"oversight": 0.0, "security_effort_rule": "fixed"},
                                        {"oversight": 0.6, "security_effort_rule": "fixed"}),
    "market_vs_off": ({"vendor_market": False}, {}),
    "exit_clause_1_vs_0": ({}, {"exit_clause": 1.0}),
    "inhouse_1_vs_0": ({}, {"inhouse_investment": 1.0}),
}


def window_mean(params: Params, seed: int, weeks: int = 104) -> dict[str, float]:
    model = GovernanceModel(params, rng=seed)
    for _ in range(weeks):
        model.step()
    frame = model.outcomes().loc[53:weeks]
    return {name: float(frame[name].mean()) for name in OUTCOMES}


def contrast(n: int, reps: int, reference: dict, variant: dict) -> dict[str, tuple[float, float, float]]:
    diffs: dict[str, list[float]] = {name: [] for name in OUTCOMES}
    for seed in range(reps):
        a = window_mean(Params(n_citizens=n, **reference), seed)
        b = window_mean(Params(n_citizens=n, **variant), seed)
        for name in OUTCOMES:
            diffs[name].append(b[name] - a[name])
    out = {}
    for name, values in diffs.items():
        x = np.asarray(values)
        x = x[~np.isnan(x)]
        if len(x) < 2:
            out[name] = (float("nan"),) * 3
            continue
        half = stats.t.ppf(0.975, len(x) - 1) * x.std(ddof=1) / np.sqrt(len(x))
        out[name] = (float(x.mean()), float(x.mean() - half), float(x.mean() + half))
    return out


def main(argv: list[str]) -> None:
    n, reps = int(argv[0]), int(argv[1])
    names = argv[2:] or list(CONTRASTS)
    for name in names:
        reference, variant = CONTRASTS[name]
        print(f"## {name} (N = {n}, {reps} paired seeds, weeks 53–104): variant − reference [95% CI]", flush=True)
        for outcome, (mean, lo, hi) in contrast(n, reps, reference, variant).items():
            print(f"  {outcome:20s} {mean:+.4f} [{lo:+.4f}, {hi:+.4f}]", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
