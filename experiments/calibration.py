"""Pattern-oriented calibration by ABC-SMC (pyabc): the inclusion process against China's internet-penetration curve.

Why: a default is only as good as the figure behind it, and the Bass rates of process 8 (``innovation``,
``peer_adoption``) had none. Approximate Bayesian computation (Beaumont et al. 2002; sequential Monte Carlo:
Toni et al. 2009; pyabc: Schälte et al. 2022, J Open Source Softw 7:4304) needs nothing but a simulator, so it
calibrates the model as it is.

The simulator is process 8 run alone, in weekly steps, from the 2013 state (CNNIC year-end 2013: 45.8% online, so
54.2% excluded): under the baseline policy (hybrid service, no training, no device subsidy) adoption depends only
on who is online, each citizen's reason for being offline and the network, so running the other seven processes
would change nothing but the cost (``tests/test_calibration.py`` checks the full model gives the same curve).
Targets are the CNNIC year-end shares 2013–2020 (and the three interim points of 2019–2020); the shares for
2021–2024 are held out (:data:`HOLDOUT`) and read only after the posterior is fixed, to score the prediction.

An optional mechanism, cohort turnover (``turnover=True``), replaces citizens who die by young entrants; see
:class:`Turnover`. Everything else about the population is the model's (``Population.create``, ``build_network``,
``digital_inclusion``). Output folder: ``calibration.db`` (pyabc's history), ``posterior.csv``/``.json``
(medians and 90% intervals), ``particles.csv`` (the final weighted sample), ``generations.csv`` (epsilons),
``predictive.csv`` (posterior predictive at every target date and the held-out years), ``manifest.json``,
``predictive.png``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

WEEKS_PER_YEAR = 52.1775  # 365.2425 / 7
START = "2013-12"  # week 0: the CNNIC year-end 2013 survey


@dataclass(frozen=True)
class Target:
    """One observed share of the population online, at ``years`` after December 2013."""

    label: str
    years: float
    value: float
    scale: float  # distance scale: the misfit counted as one unit (see docs/calibration.md)
    source: str

    @property
    def week(self) -> int:
        return round(self.years * WEEKS_PER_YEAR)


_REPORT = "CNNIC Statistical Report on Internet Development in China"
# Year-end points: scale 1 pp (reported to 0.1 pp; survey design and definitions are the larger error: an
# assumption). Interim points 2019–2020: 2 pp, off the year-end cycle, and CNNIC's March 2020 telephone survey was
# disrupted by the epidemic (as the press reported the 45th report); fixed before any calibration was run.
TARGETS: tuple[Target, ...] = (
    Target("2014-12", 1.0, 0.479, 0.01, f"{_REPORT}, 35th (Jan 2015)"),
    Target("2015-12", 2.0, 0.503, 0.01, f"{_REPORT}, 37th (Jan 2016)"),
    Target("2016-12", 3.0, 0.532, 0.01, f"{_REPORT}, 39th (Jan 2017)"),
    Target("2017-12", 4.0, 0.558, 0.01, f"{_REPORT}, 41st (Jan 2018)"),
    Target("2018-12", 5.0, 0.596, 0.01, f"{_REPORT}, 43rd (Feb 2019)"),
    Target("2019-06", 5.5, 0.612, 0.02, f"{_REPORT}, 44th (Aug 2019)"),
    Target("2020-03", 6.25, 0.645, 0.02, f"{_REPORT}, 45th (Apr 2020)"),
    Target("2020-06", 6.5, 0.670, 0.02, f"{_REPORT}, 46th (Sep 2020)"),
    Target("2020-12", 7.0, 0.704, 0.01, f"{_REPORT}, 47th (Feb 2021)"),
)
START_SHARE = 0.458  # CNNIC 33rd report (Jan 2014) and NBS Statistical Communiqué 2013: 45.8% online, Dec 2013
# Held out: never passed to the fitting code; read only to score the out-of-sample prediction.
HOLDOUT: tuple[Target, ...] = (
    Target("2021-12", 8.0, 0.730, 0.01, f"{_REPORT}, 49th (Feb 2022)"),
    Target("2022-12", 9.0, 0.756, 0.01, f"{_REPORT}, 51st (Mar 2023)"),
    Target("2023-12", 10.0, 0.775, 0.01, f"{_REPORT}, 53rd (Mar 2024)"),
    Target("2024-12", 11.0, 0.786, 0.01, f"{_REPORT}, 55th (Jan 2025)"),
)
# Structural parameters the curve can inform, with the Params field each is. Priors: uniform on the field's range.
CALIBRATABLE = ("innovation", "peer_adoption", "homophily")
DEFAULT_PARAMETERS = ("innovation", "peer_adoption")


class CalibrationError(ValueError):
    """A calibration setting the code cannot accept; names the field, the value and what is allowed."""


# -- cohort turnover (optional mechanism) ------------------------------------------------------------------------

@dataclass(frozen=True)
class Turnover:
    """Cohort turnover: each week some citizens die and as many young people enter (the population is stationary).

    Why: the model's population never ages, yet part of a rising penetration is demographic: non-users are old
    (CNNIC 49th report: 39.4% of non-users aged 60+, about 20 points above their population share; secondary) and
    leave the population by death, while those who enter it are young. Deaths: the NBS crude death rate, 7.1‰ a
    year (7.11‰ in 2017, 7.13‰ in 2018: NBS, as reported by Xinhua; secondary), split between the groups by
    ``excluded_death_ratio``, the excluded's death hazard relative to the included's (they are older; 3 is an
    assumption). Entrants come online with probability ``entrant_online`` (0.95, an assumption: the young are
    almost all online). The population stays the same size (entries = deaths: an assumption; China's population
    grew slowly: natural increase 3.8‰ in 2018, NBS; secondary).
    """

    death_rate: float = 0.0071  # per year, NBS (7.11‰ 2017, 7.13‰ 2018; secondary)
    excluded_death_ratio: float = 3.0  # assumption (see docstring)
    entrant_online: float = 0.95  # assumption (see docstring)

    def weekly_hazards(self, excluded_share: float) -> tuple[float, float]:
        """Weekly death hazard of (excluded, included) citizens so that the population's rate is ``death_rate``."""
        yearly_included = self.death_rate / (1.0 + (self.excluded_death_ratio - 1.0) * excluded_share)
        to_week = lambda yearly: 1.0 - (1.0 - yearly) ** (1.0 / WEEKS_PER_YEAR)  # noqa: E731
        return to_week(yearly_included * self.excluded_death_ratio), to_week(yearly_included)


# -- the simulator -----------------------------------------------------------------------------------------------

def start_world(params: Any, rng: np.random.Generator) -> tuple[Any, Any]:
    """The 2013 population and network: exactly ``round((1 - START_SHARE) n)`` excluded citizens (the survey's
    share, not a binomial draw of it), their reasons drawn from the model's shares, and the model's network with
    homophily by group. Everything else is ``Population.create``'s."""
    from smartgov.model.network import build_network
    from smartgov.model.population import REASON_SHARES, Population

    pop = Population.create(params, rng)
    n = pop.n
    excluded = np.zeros(n, dtype=bool)
    excluded[rng.permutation(n)[:round((1.0 - START_SHARE) * n)]] = True
    pop.excluded[:] = excluded
    pop.initially_excluded[:] = excluded
    pop.reason[:] = 0
    pop.reason[excluded] = rng.choice(np.arange(1, 5), size=int(excluded.sum()), p=REASON_SHARES)
    network = build_network(params.network, n, params.mean_degree, params.rewiring, params.homophily, excluded,
                            rng)
    pop.online_neighbours[:] = network.neighbour_count(pop.included)
    return pop, network


def inclusion_curve(params: Any, seed: int, weeks: int, turnover: Turnover | None = None) -> np.ndarray:
    """Share online at the end of every week 0..``weeks`` from the 2013 state, running process 8 alone.

    The model's own function (``digital_inclusion``) moves citizens online; the neighbour counts are kept as
    ``GovernanceModel._week`` keeps them. With ``turnover``, dead citizens are replaced by entrants in place (same
    network position: a stationary population; the newcomer inherits the ties).
    """
    from smartgov.model.population import REASON_SHARES
    from smartgov.model.processes.inclusion import digital_inclusion

    rng = np.random.default_rng(seed)
    pop, network = start_world(params, rng)
    share = np.empty(weeks + 1)
    share[0] = pop.included.mean()
    for week in range(1, weeks + 1):
        joins, leaves = digital_inclusion(pop, params, rng, network)
        if len(joins) or len(leaves):
            pop.online_neighbours += network.column_sum(joins) - network.column_sum(leaves)
        if turnover is not None:
            _turn_over(pop, network, rng, turnover, REASON_SHARES)
        share[week] = pop.included.mean()
    return share


def _turn_over(pop: Any, network: Any, rng: np.random.Generator, turnover: Turnover, reason_shares: np.ndarray
               ) -> None:
    """One week of deaths and entries (vectorized); keeps ``online_neighbours`` current."""
    hazard_excluded, hazard_included = turnover.weekly_hazards(float(pop.excluded.mean()))
    draws = rng.random((2, pop.n))
    dies = draws[0] < np.where(pop.excluded, hazard_excluded, hazard_included)
    if not dies.any():
        return
    online = draws[1] < turnover.entrant_online
    was_excluded = pop.excluded.copy()
    now_excluded = np.where(dies, ~online, pop.excluded)
    went_online = np.flatnonzero(was_excluded & ~now_excluded)
    went_offline = np.flatnonzero(~was_excluded & now_excluded)
    pop.excluded[:] = now_excluded
    pop.reason[dies & online] = 0
    offline_entrants = np.flatnonzero(dies & ~online)
    pop.reason[offline_entrants] = rng.choice(np.arange(1, 5), size=len(offline_entrants), p=reason_shares)
    if len(went_online) or len(went_offline):
        pop.online_neighbours += network.column_sum(went_online) - network.column_sum(went_offline)


@dataclass
class InclusionCurve:
    """The pyabc model: parameters -> the share online at each target date (picklable, for worker processes)."""

    n_citizens: int = 5000
    fixed: dict[str, Any] = field(default_factory=dict)
    turnover: bool = False
    targets: tuple[Target, ...] = TARGETS

    def params(self, theta: Mapping[str, float]) -> Any:
        from smartgov.model.params import Params

        values = {"n_citizens": self.n_citizens, "excluded_share": round(1.0 - START_SHARE, 3), **self.fixed}
        return Params.from_mapping({**values, **{k: float(v) for k, v in theta.items()}})

    def curve(self, theta: Mapping[str, float], seed: int, weeks: int) -> np.ndarray:
        return inclusion_curve(self.params(theta), seed, weeks, Turnover() if self.turnover else None)

    def __call__(self, theta: Mapping[str, float]) -> dict[str, float]:
        # pyabc draws from NumPy's legacy global generator (seeded in calibrate for one worker): so does the seed here
        seed = int(np.random.randint(2**31 - 1))  # noqa: NPY002
        curve = self.curve(theta, seed, max(t.week for t in self.targets))
        return {t.label: float(curve[t.week]) for t in self.targets}


# -- priors, distance, sampler -----------------------------------------------------------------------------------

def prior_bounds(names: Sequence[str], allowed: Sequence[str] = CALIBRATABLE) -> dict[str, tuple[float, float]]:
    """Uniform prior bounds from each Params field's metadata range (what a screening design would sample)."""
    from smartgov.model.params import field_info

    bounds = {}
    for name in names:
        if name not in allowed:
            raise CalibrationError(f"parameters = {name!r} is not allowed; expected one of "
                                   + ", ".join(repr(c) for c in allowed))
        lo, hi = field_info(name).metadata["range"]
        bounds[name] = (float(lo), float(hi))
    return bounds


def weighted_distance(scales: Mapping[str, float]) -> Callable[[dict, dict], float]:
    """Euclidean distance of the misfits, each divided by its target's scale (so 1 = one scale everywhere)."""
    keys = tuple(scales)

    def distance(simulated: dict, observed: dict) -> float:
        return float(np.sqrt(sum(((simulated[k] - observed[k]) / scales[k]) ** 2 for k in keys)))

    return distance


def _sampler(workers: int, dask: Any) -> tuple[Any, list[Any]]:
    """One core (reproducible), a local process pool, or a Dask cluster (pyabc's own samplers); with the Dask
    objects made here, to close after the run. pyabc reseeds every worker process from the OS."""
    import pyabc

    if dask is None:
        if workers <= 1:
            return pyabc.sampler.SingleCoreSampler(), []
        return pyabc.sampler.MulticoreEvalParallelSampler(n_procs=workers), []
    from distributed import Client, LocalCluster

    owned: list[Any] = []
    if not isinstance(dask, str):
        client = dask  # a distributed.Client the caller owns
    elif dask == "local":
        cluster = LocalCluster(n_workers=max(workers, 1), threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address="127.0.0.1:0")
        client = Client(cluster)
        owned += [cluster, client]
    else:
        client = Client(dask)
        owned.append(client)
    return pyabc.sampler.DaskDistributedSampler(dask_client=client), owned


# -- running and summarising -------------------------------------------------------------------------------------

@dataclass
class Calibration:
    """What an ABC-SMC run found: the final weighted particles, per-generation epsilons, the database path."""

    particles: pd.DataFrame
    weights: np.ndarray
    generations: pd.DataFrame
    database: Path
    simulations: int
    seconds: float


def calibrate(model: Callable[[dict], dict], bounds: Mapping[str, tuple[float, float]],
              observed: Mapping[str, float], scales: Mapping[str, float], out: Path | str, *,
              population_size: int = 200, generations: int = 8, seed: int = 2026, workers: int = 1,
              dask: Any = None, min_acceptance: float = 0.02) -> Calibration:
    """Run ABC-SMC of ``model`` (parameters -> summary statistics) against ``observed``; database in ``out``.

    Stops after ``generations`` populations or when the acceptance rate falls below ``min_acceptance``. With one
    worker and no Dask the run is reproducible from ``seed`` (pyabc draws from NumPy's global generator).
    """
    import pyabc

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    database = out / "calibration.db"
    if database.exists():
        database.unlink()
    prior = pyabc.Distribution(**{k: pyabc.RV("uniform", lo, hi - lo) for k, (lo, hi) in bounds.items()})
    np.random.seed(seed)  # noqa: NPY002 - pyabc's proposals come from the legacy global generator
    sampler, owned = _sampler(workers, dask)
    try:
        abc = pyabc.ABCSMC(model, prior, weighted_distance(scales), population_size=population_size,
                           sampler=sampler)
        abc.new(f"sqlite:///{database}", dict(observed))
        start = time.perf_counter()
        history = abc.run(max_nr_populations=generations, min_acceptance_rate=min_acceptance)
        seconds = time.perf_counter() - start
    finally:
        for thing in reversed(owned):
            thing.close()
    particles, weights = history.get_distribution()
    populations = history.get_all_populations()
    populations = populations[populations["t"] >= 0].reset_index(drop=True)
    return Calibration(particles=particles.reset_index(drop=True)[list(bounds)], weights=np.asarray(weights),
                       generations=populations, database=database, simulations=int(history.total_nr_simulations),
                       seconds=seconds)


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """The ``q`` quantile of a weighted sample (inverse of the weighted empirical CDF, midpoint rule)."""
    order = np.argsort(values)
    v, w = np.asarray(values)[order], np.asarray(weights)[order]
    cdf = (np.cumsum(w) - 0.5 * w) / w.sum()
    return float(np.interp(q, cdf, v))


def posterior_summary(cal: Calibration, bounds: Mapping[str, tuple[float, float]]) -> pd.DataFrame:
    """Per parameter: weighted median, 90% credible interval, mean, and the prior range."""
    rows = []
    for name in cal.particles.columns:
        x = cal.particles[name].to_numpy()
        rows.append({"parameter": name, "median": weighted_quantile(x, cal.weights, 0.5),
                     "q05": weighted_quantile(x, cal.weights, 0.05), "q95": weighted_quantile(x, cal.weights, 0.95),
                     "mean": float(np.average(x, weights=cal.weights)),
                     "prior_lo": bounds[name][0], "prior_hi": bounds[name][1]})
    return pd.DataFrame(rows)


def predict(curve: Callable[[dict, int, int], np.ndarray], cal: Calibration, draws: int, seed: int,
            targets: Sequence[Target] = TARGETS, holdout: Sequence[Target] = HOLDOUT) -> pd.DataFrame:
    """Posterior predictive: ``draws`` particles resampled by weight, each run with a fresh seed to the last
    held-out date; 5/50/95% of the share online at every date. The held-out figures are joined only here, after
    the posterior is fixed, to score the prediction (inside the 90% interval or not)."""
    rng = np.random.default_rng(seed)
    picks = rng.choice(len(cal.weights), size=draws, p=cal.weights / cal.weights.sum())
    weeks = max(t.week for t in (*targets, *holdout))
    seeds = rng.integers(2**31 - 1, size=draws)
    curves = np.array([curve(cal.particles.iloc[i].to_dict(), int(s), weeks) for i, s in zip(picks, seeds,
                                                                                                strict=True)])
    rows = []
    for kind, group in (("fitted", targets), ("held_out", holdout)):
        for t in group:
            x = curves[:, t.week]
            lo, mid, hi = np.quantile(x, [0.05, 0.5, 0.95])
            rows.append({"date": t.label, "week": t.week, "kind": kind, "observed": t.value, "q05": lo,
                         "median": mid, "q95": hi, "inside_90": bool(lo <= t.value <= hi),
                         "error_pp": 100 * (mid - t.value), "source": t.source})
    frame = pd.DataFrame(rows)
    frame.attrs["curves"] = curves
    return frame


def plot_predictive(predictive: pd.DataFrame, path: Path) -> None:
    """The posterior predictive band with the fitted and held-out CNNIC figures."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    curves = predictive.attrs["curves"]
    years = 2013 + 11 / 12 + np.arange(curves.shape[1]) / WEEKS_PER_YEAR
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.fill_between(years, *np.quantile(curves, [0.05, 0.95], axis=0) * 100, alpha=0.3, label="90% predictive")
    ax.plot(years, np.median(curves, axis=0) * 100, label="median")
    for kind, marker, label in (("fitted", "o", "CNNIC (fitted)"), ("held_out", "x", "CNNIC (held out)")):
        part = predictive[predictive["kind"] == kind]
        ax.plot(2013 + 11 / 12 + part["week"] / WEEKS_PER_YEAR, part["observed"] * 100, marker, color="k",
                label=label)
    ax.axvline(2020 + 11 / 12 + 0.5 / 12, color="grey", lw=0.8, ls=":")
    ax.set_xlabel("year")
    ax.set_ylabel("share of population online (%)")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_pairs(particles: pd.DataFrame, weights: np.ndarray, bounds: Mapping[str, tuple[float, float]],
               path: Path) -> None:
    """The posterior's marginals (weighted histograms over the prior range) and pairwise scatter (point area by
    weight): what the data pin down shows as a narrow marginal, a trade-off as a ridge."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(particles.columns)
    k = len(names)
    fig, axes = plt.subplots(k, k, figsize=(2.6 * k, 2.6 * k), squeeze=False)
    w = np.asarray(weights) / np.sum(weights)
    for i, row in enumerate(names):
        for j, col in enumerate(names):
            ax = axes[i][j]
            if i == j:
                ax.hist(particles[col], bins=20, range=bounds[col], weights=w, color="C0")
                ax.set_yticks([])
            elif i > j:
                ax.scatter(particles[col], particles[row], s=4 + 400 * w, alpha=0.6, color="C0")
                ax.set_xlim(bounds[col])
                ax.set_ylim(bounds[row])
            else:
                ax.axis("off")
            if i == k - 1:
                ax.set_xlabel(col)
            if j == 0 and i > 0:
                ax.set_ylabel(row)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def write_posterior(out: Path, cal: Calibration, bounds: Mapping[str, tuple[float, float]]) -> pd.DataFrame:
    """Every calibration's posterior files: ``posterior.csv``/``.json`` (medians, 90% intervals), ``particles.csv``
    (the weighted sample, what ``--posterior`` reads), ``generations.csv`` (epsilons) and ``posterior.png``."""
    from smartgov.experiments.results import write_json

    summary = posterior_summary(cal, bounds)
    summary.to_csv(out / "posterior.csv", index=False)
    write_json(out / "posterior.json", summary.to_dict(orient="records"))
    pd.concat([cal.particles, pd.Series(cal.weights, name="weight")], axis=1).to_csv(out / "particles.csv",
                                                                                       index=False)
    cal.generations.to_csv(out / "generations.csv", index=False)
    plot_pairs(cal.particles, cal.weights, bounds, out / "posterior.png")
    return summary


def run_facts(cal: Calibration, summary: pd.DataFrame, bounds: Mapping[str, tuple[float, float]]) -> dict[str, Any]:
    """What every calibration's manifest says about its ABC-SMC run: priors, generations, final epsilon,
    simulations, wall time and the posterior summary."""
    return {"priors": {k: {"uniform": list(v)} for k, v in bounds.items()}, "generations_run": len(cal.generations),
            "final_epsilon": float(cal.generations["epsilon"].iloc[-1]), "simulations": cal.simulations,
            "seconds": round(cal.seconds, 1), "posterior": summary.to_dict(orient="records")}


def run(out: Path | str, *, parameters: Sequence[str] = DEFAULT_PARAMETERS, n_citizens: int = 5000,
        population_size: int = 200, generations: int = 8, seed: int = 2026, workers: int = 1, dask: Any = None,
        turnover: bool = False, predict_draws: int = 0, predict_citizens: int | None = None) -> dict[str, Any]:
    """The inclusion-curve calibration end to end; writes the output folder and returns the manifest.

    ``predict_citizens`` simulates the posterior predictive with a larger population than the fit (less of the
    model's finite-size noise in the interval); by default the fit's ``n_citizens``."""
    from smartgov.experiments.results import provenance, write_json

    out = Path(out)
    bounds = prior_bounds(parameters)
    model = InclusionCurve(n_citizens=n_citizens, turnover=turnover)
    observed = {t.label: t.value for t in TARGETS}
    scales = {t.label: t.scale for t in TARGETS}
    cal = calibrate(model, bounds, observed, scales, out, population_size=population_size, generations=generations,
                    seed=seed, workers=workers, dask=dask)
    summary = write_posterior(out, cal, bounds)
    result: dict[str, Any] = {
        "kind": "calibration", "start": START, "start_share": START_SHARE,
        "targets": [t.__dict__ | {"week": t.week} for t in TARGETS], "parameters": list(parameters),
        "n_citizens": n_citizens, "turnover": Turnover().__dict__ if turnover else None,
        "population_size": population_size, "seed": seed, "workers": workers,
        "dask": dask if isinstance(dask, str) else None, **run_facts(cal, summary, bounds), "provenance": provenance(),
    }
    if predict_draws:
        predictor = InclusionCurve(n_citizens=predict_citizens or n_citizens, turnover=turnover)
        predictive = predict(predictor.curve, cal, predict_draws, seed + 1)
        predictive.to_csv(out / "predictive.csv", index=False)
        plot_predictive(predictive, out / "predictive.png")
        held = predictive[predictive["kind"] == "held_out"]
        result["prediction"] = {"draws": predict_draws, "n_citizens": predictor.n_citizens,
                                "held_out_inside_90": int(held["inside_90"].sum()),
                                "held_out": len(held), "rows": predictive.to_dict(orient="records")}
    write_json(out / "manifest.json", result)
    return result
