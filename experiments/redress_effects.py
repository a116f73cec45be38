"""Effect sizes of the redress channel (process 4a): default vs each knock-out, paired seeds, weeks 53–104.

``python -m smartgov.experiments.redress_effects --n 1000 --seeds 20`` prints, for every knock-out, the paired mean
difference (knock-out − reference) with a 95% CI (t interval over seeds) of each outcome. Reference runs are the
model defaults unless the knock-out says otherwise (the data-feed claim compares feed on with feed off).
"""

from __future__ import annotations

import argparse
import json

import numpy as np
from scipy import stats

from ..model.model import GovernanceModel
from ..model.params import Params

OUTCOMES = ("trust", "equity_gap", "need_met_rate", "needs_met", "total_cost", "need_met_excluded",
            "representation_bias", "coverage_excluded", "need_met_requesters", "requests_per_resident",
            "requests_filed_per_resident", "request_resolution", "request_phone_share", "request_online_share",
            "request_in_person_share", "request_excluded_share", "trust_excluded", "technical_refugees")
# name: (reference setting, knock-out setting)
COMPARISONS: dict[str, tuple[dict, dict]] = {
    "redress_off": ({}, {"redress": False}),
    "no_priority": ({}, {"response_target": 0}),
    "phone_off": ({}, {"hotline_phone": False}),
    "feed_off": ({"request_data_feed": True}, {}),
    "feed_on_vs_redress_off": ({"request_data_feed": True}, {"redress": False}),
}


def run(n: int, seed: int, setting: dict, weeks: int = 104, window: tuple[int, int] = (53, 104)) -> dict[str, float]:
    """Mean of each outcome over the window (NaN weeks skipped)."""
    model = GovernanceModel(Params(n_citizens=n, **setting), rng=seed)
    for _ in range(weeks):
        model.step()
    frame = model.outcomes().loc[window[0]:window[1]]
    return {name: float(np.nanmean(frame[name].to_numpy(dtype=float))) for name in OUTCOMES}


def paired(reference: list[dict], knockout: list[dict]) -> dict[str, dict[str, float]]:
    """Paired difference knock-out − reference: mean, 95% CI, and the two means."""
    out = {}
    for name in OUTCOMES:
        a = np.array([r[name] for r in reference])
        b = np.array([k[name] for k in knockout])
        d = b - a
        half = stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / np.sqrt(len(d)) if len(d) > 1 else float("nan")
        out[name] = {"reference": float(a.mean()), "knockout": float(b.mean()), "diff": float(d.mean()),
                     "lo": float(d.mean() - half), "hi": float(d.mean() + half)}
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--out", default=None, help="write the results as JSON here")
    args = parser.parse_args(argv)
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    settings = {json.dumps(s, sort_keys=True) for pair in COMPARISONS.values() for s in pair}
    runs = {key: [run(args.n, seed, json.loads(key)) for seed in seeds] for key in sorted(settings)}
    results = {}
    for name, (ref, ko) in COMPARISONS.items():
        results[name] = {"reference": ref, "knockout": ko,
                         "effects": paired(runs[json.dumps(ref, sort_keys=True)], runs[json.dumps(ko, sort_keys=True)])}
        print(f"\n== {name}: {ko} vs {ref or 'defaults'} (N = {args.n}, {args.seeds} paired seeds, weeks 53–104)")
        for outcome, e in results[name]["effects"].items():
            print(f"  {outcome:28s} ref {e['reference']:9.4f}  ko {e['knockout']:9.4f}  diff {e['diff']:+9.4f} "
                  f"[{e['lo']:+.4f}, {e['hi']:+.4f}]")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            json.dump({"n": args.n, "seeds": list(seeds), "results": results}, handle, indent=1)


if __name__ == "__main__":
    main()
