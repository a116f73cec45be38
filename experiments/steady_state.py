"""Steady-state diagnostic: how long the burn-in must be for the model to forget where it started.

Chooses the default of ``Params.burn_in_weeks`` (docs/steady_state.md). Run::

    python -m smartgov.experiments.steady_state --out docs/steady_state

Method. The burn-in (``GovernanceModel._burn_in``: baseline policy, inclusion and literacy held at their calibrated
values) is run for ``--weeks`` weeks from three dispersed starting states, with the same seed, world and generator
(common random numbers), so only the start differs: mean trust / mean efficacy of the initial draw low (0.2, 0.1),
mid (0.5, 0.32: the defaults) and high (0.8, 0.6). Under Friedkin–Johnsen the anchors stay the world's (drawn around
``initial_trust``): the anchor is a lasting predisposition, the starting trust a transient state. Fast variables
observed each week: mean trust, mean efficacy, participation rate, share of citizens with an open need (backlog).
Digital inclusion is a slow trend, held fixed during the burn-in, and is not part of the criterion.

Criterion (fixed before the results were seen). Each replicate's weekly series is smoothed by a 13-week trailing
mean. For every variable X:

1. start memory: D(t) = mean over replicates of X_high(t) − X_low(t); σ(t) = SD over replicates of X_mid(t) (how
   much one run differs from another by its seed alone). t_start(X) = the first week after which |D| ≤ σ at every
   later week up to the horizon: what remains of the start is smaller than the seed-to-seed noise.
2. initial transient of the default start (the backlog starts empty whatever the start): MSER-5 truncation of
   the replicate-mean weekly series of the mid start (batches of 5 weeks, truncation searched over the first half).

B(rule) = the largest of t_start and t_MSER over the four variables, rounded up to whole years (52 weeks). The
proposed default is the larger B of the two trust rules (degroot, friedkin_johnsen), so it holds whichever becomes
the default. A variable whose start memory is still above σ in the last two years of the horizon is reported as not
converged (then the horizon, not B, is the finding).

What happened (docs/steady_state.md). Criterion 1 proved horizon-dependent: once D is at noise level, |D| > σ is a
≈ 3-standard-error event (SE of D ≈ 0.32σ with 20 replicates) that a long enough horizon always produces somewhere,
so t_start moved from 1404 to 2028 weeks (friedkin_johnsen) when the horizon grew from 1560 to 2080 weeks. It is
kept and reported. The revised criterion, chosen after seeing that and reported as such
(``yearly_memory_week``), applies the same rule to yearly block means (52 weeks), evaluated at several horizons to
show it does not move with them; ``yearly_burn_in_weeks`` = max over variables of it and t_MSER, whole years.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd

from ..model.model import GovernanceModel
from ..model.params import Params
from ..model.population import beta_with_mean
from ..model.processes.security import consent_decision

STARTS: dict[str, tuple[float, float]] = {"low": (0.2, 0.1), "mid": (0.5, 0.32), "high": (0.8, 0.6)}
RULES = ("degroot", "friedkin_johnsen")
VARIABLES = ("mean_trust", "mean_efficacy", "participation", "open_needs")
SMOOTH = 13  # weeks: a quarter
MSER_BATCH = 5
YEAR = 52


def trajectory(rule: str, start: str, seed: int, weeks: int, n: int) -> np.ndarray:
    """Weekly fast variables (weeks × 4) of one burn-in from the ``start`` state."""
    model = GovernanceModel(Params(n_citizens=n, trust_rule=rule, burn_in_weeks=0), rng=seed)
    pop = model.population
    trust, efficacy = STARTS[start]
    aux = np.random.default_rng([seed, 7919])  # the same for every start: only the means differ
    pop.trust[:] = beta_with_mean(aux, trust, 8.0, n)  # the anchors (Friedkin–Johnsen) stay the world's
    pop.efficacy[:] = beta_with_mean(aux, efficacy, 8.0, n)
    pop.consent[:] = consent_decision(pop, model.params)
    rows: list[tuple[float, float, float, float]] = []

    def observe(m: GovernanceModel) -> None:
        p = m.population
        rows.append((float(p.trust.mean()), float(p.efficacy.mean()), float(p.flags.participated.mean()),
                     float(p.has_need.mean())))

    model._burn_in(weeks, observe=observe)
    return np.array(rows)


def mser_truncation(series: np.ndarray, batch: int = MSER_BATCH) -> int:
    """MSER-b truncation point in weeks (White 1997; Franklin & White 2008): the d minimising
    Var(Y[d:]) / (k − d) over batch means Y, searched over the first half of the series."""
    k = len(series) // batch
    means = series[: k * batch].reshape(k, batch).mean(axis=1)
    scores = [np.var(means[d:]) / (k - d) for d in range(k // 2)]
    return int(np.argmin(scores)) * batch


def start_memory_week(high: np.ndarray, low: np.ndarray, mid: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """First week after which |mean(high − low)| ≤ SD(mid) for good; arrays are replicates × weeks (smoothed)."""
    d = (high - low).mean(axis=0)
    sigma = mid.std(axis=0, ddof=1)
    bad = np.flatnonzero(np.abs(d) > sigma)
    return (int(bad[-1]) + 2 if len(bad) else 1), d, sigma  # row i is week i + 1


def yearly_memory_week(high: np.ndarray, low: np.ndarray, mid: np.ndarray) -> int:
    """Revised criterion (after the first proved horizon-dependent): yearly block means instead of weekly
    13-week means; the first week of the first year after which every later year has |mean(high − low)| ≤ SD(mid).
    Arrays are replicates × weeks (raw weekly values); incomplete last years are dropped."""
    years = high.shape[1] // YEAR
    block = [a[:, : years * YEAR].reshape(a.shape[0], years, YEAR).mean(axis=2) for a in (high, low, mid)]
    d = (block[0] - block[1]).mean(axis=0)
    sigma = block[2].std(axis=0, ddof=1)
    bad = np.flatnonzero(np.abs(d) > sigma)
    return int(bad[-1] + 1) * YEAR + 1 if len(bad) else 1


def smooth(data: np.ndarray) -> np.ndarray:
    """13-week trailing mean along the week axis (replicates × weeks)."""
    return pd.DataFrame(data.T).rolling(SMOOTH, min_periods=1).mean().to_numpy().T


def diagnose(weeks: int, replicates: int, n: int, rules: tuple[str, ...] = RULES) -> tuple[dict, pd.DataFrame]:
    """Run every rule × start × replicate; return the summary and a quarterly table of the trajectories."""
    summary: dict = {"weeks": weeks, "replicates": replicates, "n_citizens": n, "starts": STARTS,
                     "smooth_weeks": SMOOTH, "rules": {}}
    table = []
    for rule in rules:
        runs = {start: np.stack([trajectory(rule, start, seed, weeks, n) for seed in range(1, replicates + 1)])
                for start in STARTS}  # replicates × weeks × variables
        result: dict = {"variables": {}}
        for v, name in enumerate(VARIABLES):
            high, low, mid = (smooth(runs[s][:, :, v]) for s in ("high", "low", "mid"))
            t_start, d, sigma = start_memory_week(high, low, mid)
            t_mser = mser_truncation(runs["mid"][:, :, v].mean(axis=0))
            checkpoints = {str(w): {"D": round(float(d[w - 1]), 4), "sigma": round(float(sigma[w - 1]), 4)}
                           for w in (1, 52, 104, 156, 208, 312, 416, 520, 780, weeks) if w <= weeks}
            yearly = {str(h): yearly_memory_week(*(runs[s][:, :h, v] for s in ("high", "low", "mid")))
                      for h in sorted({weeks, min(weeks, 1560), min(weeks, 1040)})}
            result["variables"][name] = {"start_memory_week": t_start, "mser5_week": t_mser,
                                         "yearly_memory_week_by_horizon": yearly,
                                         "converged": t_start <= weeks - 2 * YEAR, "checkpoints": checkpoints,
                                         "final_mid_mean": round(float(runs["mid"][:, -YEAR:, v].mean()), 4)}
        longest = max(max(r["start_memory_week"], r["mser5_week"]) for r in result["variables"].values())
        result["burn_in_weeks"] = int(np.ceil(longest / YEAR) * YEAR)
        result["yearly_burn_in_weeks"] = max(max(r["yearly_memory_week_by_horizon"][str(weeks)] - 1,
                                                 r["mser5_week"]) for r in result["variables"].values())
        result["yearly_burn_in_weeks"] = int(np.ceil(result["yearly_burn_in_weeks"] / YEAR) * YEAR)
        result["all_converged"] = all(r["converged"] for r in result["variables"].values())
        summary["rules"][rule] = result
        for start, data in runs.items():
            for w in range(0, weeks, SMOOTH):
                row = {"rule": rule, "start": start, "week": w + 1}
                for v, name in enumerate(VARIABLES):
                    row[f"{name}_mean"] = round(float(data[:, w, v].mean()), 4)
                    row[f"{name}_sd"] = round(float(data[:, w, v].std(ddof=1)), 4)
                table.append(row)
    summary["proposed_burn_in_weeks"] = max(r["burn_in_weeks"] for r in summary["rules"].values())
    return summary, pd.DataFrame(table)


def review_figures(burn_in: int, replicates: int = 20, n: int = 1000, steps: int = 104) -> dict:
    """The review's two figures (issue 9) before (no burn-in, efficacy drawn around the lever) and after.

    Mean trust at week ``steps`` for initial_trust 0.2 / 0.5 / 0.8, and participation under responsiveness 0.05 in
    weeks 1–4 vs the last quarter. "Before" is the former initialization exactly: ``burn_in_weeks = 0`` and
    ``initial_efficacy`` equal to ``responsiveness`` (efficacy used to be drawn around the lever).
    """
    from .single_run import run_model

    quarter = steps // 4
    out: dict = {"n_citizens": n, "replicates": replicates, "steps": steps, "burn_in_weeks": burn_in}
    for label, weeks in (("before", 0), ("after", burn_in)):
        rows: dict = {}
        for trust in (0.2, 0.5, 0.8):
            values = [float(run_model(Params(n_citizens=n, initial_trust=trust, burn_in_weeks=weeks), seed, steps)
                           ["trust"].iloc[-1]) for seed in range(1, replicates + 1)]
            rows[f"trust_week{steps}_from_{trust}"] = [round(float(np.mean(values)), 4),
                                                       round(float(np.std(values, ddof=1)), 4)]
        for r in (0.05, Params().responsiveness):
            params = Params(n_citizens=n, responsiveness=r, burn_in_weeks=weeks,
                            initial_efficacy=r if label == "before" else Params().initial_efficacy)
            frames = [run_model(params, seed, steps)["participation_rate"] for seed in range(1, replicates + 1)]
            first = [float(f.iloc[1:5].mean()) for f in frames]
            last = [float(f.iloc[-quarter:].mean()) for f in frames]
            rows[f"participation_r{r}_weeks1-4"] = round(float(np.mean(first)), 4)
            rows[f"participation_r{r}_last_quarter"] = round(float(np.mean(last)), 4)
        out[label] = rows
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=1040, help="horizon of each burn-in run (default 1040)")
    parser.add_argument("--replicates", type=int, default=20, help="seeds 1..R (default 20)")
    parser.add_argument("--n-citizens", type=int, default=1000)
    parser.add_argument("--rules", nargs="+", default=list(RULES), choices=RULES)
    parser.add_argument("--out", default="docs/steady_state", help="writes OUT.json and OUT.csv")
    parser.add_argument("--review", type=int, metavar="BURN_IN", default=None,
                        help="instead: the review's figures before / after a burn-in of BURN_IN weeks "
                             "(writes OUT_review.json)")
    args = parser.parse_args(argv)
    if args.review is not None:
        figures = review_figures(args.review, args.replicates, args.n_citizens)
        path = Path(f"{args.out}_review.json")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
        print(json.dumps(figures, indent=1))
        return
    started = time.perf_counter()
    summary, table = diagnose(args.weeks, args.replicates, args.n_citizens, tuple(args.rules))
    summary["seconds"] = round(time.perf_counter() - started, 1)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    table.to_csv(out.with_suffix(".csv"), index=False)
    print(json.dumps({rule: {"burn_in_weeks": r["burn_in_weeks"], "all_converged": r["all_converged"],
                             "yearly_burn_in_weeks": r["yearly_burn_in_weeks"],
                             **{k: (v["start_memory_week"], v["mser5_week"], v["yearly_memory_week_by_horizon"])
                                for k, v in r["variables"].items()}}
                      for rule, r in summary["rules"].items()}, indent=1))
    print("proposed burn_in_weeks:", summary["proposed_burn_in_weeks"])


if __name__ == "__main__":
    main()
