"""Patterns the model was not fitted to, checked against the real figures they come from (issue 10: posterior
predictive checks against every target; the "patterns" of ODD+2).

Why: a model that policy analysts act on must reproduce more than the figures it was fitted to. Each check reads
the default world after one year (week 52 after the burn-in) and puts the model's figure beside the survey's, with
the source and whether it holds by construction (an input the model draws: verification, not evidence). Trust and
efficacy are 0–1 states; OECD's questions are 0–10 scales, read as the response round(10·x) with 6–10 "high or
moderately high" and 0–4 "low or no" (OECD's bands; mapping a model state to a survey answer is an assumption).

``python -m smartgov.experiments.pattern_checks --out docs/calibration/patterns`` writes ``patterns.csv`` and
``manifest.json``; docs/calibration.md shows the table.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

WEEKS = 52


@dataclass(frozen=True)
class Pattern:
    """One real figure and how the model's figure is read."""

    name: str
    observed: float
    source: str
    by_construction: bool  # the model draws this as an input: a check of the input, not evidence


PATTERNS: tuple[Pattern, ...] = (
    Pattern("trust_high_share", 0.39, "OECD Drivers of Trust in Public Institutions 2024 (2023 survey, OECD mean): "
            "39% high or moderately high trust in national government", False),
    Pattern("trust_low_share", 0.44, "same survey: 44% low or no trust", False),
    Pattern("trust_gap_voice", 0.43, "OECD Society at a Glance 2024 (2021 survey): trust 43 points higher among "
            "those who feel they have a say", False),
    Pattern("say_share", 0.30, "OECD Government at a Glance 2025 (2023 Trust Survey, OECD mean): 30% believe the "
            "political system lets people like them have a say in what government does, 53% do not; the model's "
            "political efficacy read on the same bands", False),
    Pattern("older_share_of_excluded", 0.394, "CNNIC 49th report (Dec 2021): 39.4% of non-users aged 60+ "
            "(secondary); ages are drawn to match it", True),
    Pattern("reason_skills", 0.484 / 1.071, "CNNIC 49th report: skills 48.4% (multiple answers; shares of the four "
            "reasons' sum 107.1%, secondary); reasons are drawn from these shares", True),
)


def survey_band(state: np.ndarray) -> np.ndarray:
    """A 0–1 state as a 0–10 survey response: round(10·x) (halves to even, as NumPy rounds)."""
    return np.rint(10.0 * np.asarray(state))


def snapshot(model: Any) -> dict[str, float]:
    """The model's figure for every pattern, from the population now."""
    pop = model.population
    trust, say = survey_band(pop.trust), survey_band(pop.efficacy)
    high, low = trust >= 6, trust <= 4
    has_say, no_say = say >= 6, say <= 4
    gap = (high[has_say].mean() - high[no_say].mean()) if has_say.any() and no_say.any() else float("nan")
    excluded = pop.excluded
    return {"trust_high_share": float(high.mean()), "trust_low_share": float(low.mean()),
            "trust_gap_voice": float(gap), "say_share": float(has_say.mean()),
            "older_share_of_excluded": float(pop.older[excluded].mean()) if excluded.any() else float("nan"),
            "reason_skills": float((pop.reason[excluded] == 1).mean()) if excluded.any() else float("nan")}


def check(n_citizens: int = 1000, seeds: Sequence[int] = range(1, 11), weeks: int = WEEKS) -> pd.DataFrame:
    """Every pattern: the model's mean over ``seeds`` (default world, ``weeks`` after the burn-in), its spread over
    seeds (5% and 95% of the per-seed figures) and the real figure."""
    from smartgov.model import GovernanceModel, Params

    runs = []
    for seed in seeds:
        model = GovernanceModel(Params(n_citizens=n_citizens), rng=seed)
        model.run_for(weeks)
        runs.append(snapshot(model))
    frame = pd.DataFrame(runs)
    rows = []
    for p in PATTERNS:
        x = frame[p.name].dropna().to_numpy(dtype=float)  # a seed where nobody has a say has no gap
        mean, q05, q95 = (float(x.mean()), *np.quantile(x, [0.05, 0.95])) if len(x) else (np.nan, np.nan, np.nan)
        rows.append({"pattern": p.name, "observed": p.observed, "model_mean": mean, "model_q05": float(q05),
                     "model_q95": float(q95), "difference": mean - p.observed, "by_construction": p.by_construction,
                     "source": p.source})
    return pd.DataFrame(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m smartgov.experiments.pattern_checks", description=__doc__)
    parser.add_argument("--out", required=True, help="output folder (patterns.csv, manifest.json)")
    parser.add_argument("--n-citizens", type=int, default=1000)
    parser.add_argument("--seeds", type=int, default=10, help="seeds 1..SEEDS (default 10)")
    args = parser.parse_args(argv)
    for name, lo, hi in (("n_citizens", 100, 100_000), ("seeds", 2, 1000)):
        value = getattr(args, name)
        if not lo <= value <= hi:
            print(f"pattern_checks: error: --{name.replace('_', '-')} = {value} is not allowed; expected an integer "
                  f"in [{lo:,}, {hi:,}]", file=sys.stderr)
            return 2
    from smartgov.experiments.results import ResultsError, check_output_folder, provenance, write_json

    try:
        out = check_output_folder(args.out, "--out")
    except ResultsError as error:  # the folder cannot be written: say so before any run
        print(f"pattern_checks: error: {error}", file=sys.stderr)
        return 2
    table = check(args.n_citizens, range(1, args.seeds + 1))
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "patterns.csv", index=False)
    write_json(out / "manifest.json", {"kind": "pattern_checks", "n_citizens": args.n_citizens,
                                       "seeds": list(range(1, args.seeds + 1)), "weeks": WEEKS,
                                       "provenance": provenance()})
    print(table.drop(columns="source").to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
