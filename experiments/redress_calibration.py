"""Pattern-oriented calibration of the redress channel (process 4a) against Beijing's 12345 hotline in 2019.

Why: the hotline's filing propensity (``request_offset``), the extra effort of filing online
(``online_request_effort``) and the agencies' capacity (``capacity_ratio``) had no figure of their own; Beijing
published what they should produce. The first year of 接诉即办 (2019) gives the fitted targets — requests accepted
per resident-year, the share resolved — and the 2020 report the channel mix (CALIBRATION.md allows it to be
fitted). Beijing's 2020 request volume is held out (:data:`HOLDOUT`): read only after the posterior is fixed, to
score what the model predicts for the second year.

The simulator is the whole model under the baseline policy (every process runs: whether a request resolves a need
depends on allocation, delivery and the backlog), burned in as always; year 1 after the burn-in (weeks 1–52) stands
for 2019, year 2 (weeks 53–104) for 2020. The model stands for one city's residents: per-resident rates and shares
carry over, counts do not. The machinery (ABC-SMC, priors from ``Params`` ranges, distance, summaries) is
:mod:`smartgov.experiments.calibration`'s.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from smartgov.experiments.calibration import calibrate, prior_bounds, run_facts, write_posterior

YEAR = 52  # weeks: year 1 after the burn-in is 2019, year 2 is 2020
STATISTICS = ("requests_per_resident", "request_resolution", "remote_phone_share")


@dataclass(frozen=True)
class YearTarget:
    """One published figure of Beijing's 12345 hotline for a year of the reform (1 = 2019, 2 = 2020)."""

    statistic: str
    year: int
    value: float
    scale: float  # distance scale: the misfit counted as one unit (fixed before any run; docs/calibration.md)
    source: str

    @property
    def label(self) -> str:
        return f"{self.statistic}_{2018 + self.year}"


_PRESS_2019 = ("Beijing 12345 2019 figures as reported in the press (secondary; CALIBRATION.md); residents: Beijing "
               "Statistical Bulletin 2019, 21.536 m")
# Scales: 10% of the request rate (2.52 m requests vs 6.96 m contacts: where consultations end and requests begin
# is the hotline's definition, not ours: an assumption), 3 points for the two shares (rounded figures, and
# "resolved" is the hotline's own classification: an assumption). Fixed before the first calibration run.
TARGETS: tuple[YearTarget, ...] = (
    YearTarget("requests_per_resident", 1, round(2.52 / 21.536, 4), 0.0117,
               f"2.52 m requests accepted / 21.536 m residents; {_PRESS_2019}"),
    YearTarget("request_resolution", 1, 0.75, 0.03, f"75% of accepted requests resolved; {_PRESS_2019}"),
    YearTarget("remote_phone_share", 2, 0.9071, 0.03,
               "2020: 10.0138 m of 11.0394 m contacts by phone, 1.0256 m online (Beijing 2020 接诉即办 annual "
               "report, as reported by 新京报 2021-01-08; secondary). Shares of contacts, compared with the model's "
               "shares of requests by phone and online (12345 counts no in-person channel)"),
)
# Held out: never passed to the fitting code; read only to score the prediction for the reform's second year.
HOLDOUT: tuple[YearTarget, ...] = (
    YearTarget("requests_per_resident", 2, round(4.5 / 21.893, 4), 0.0206,
               "2020: 'nearly 4.5 m' requests dispatched (近450万件诉求派单, 新京报 2021-01-08, secondary) / "
               "21.893 m residents (7th census, 1 Nov 2020)"),
)
# Structural parameters the hotline's figures can inform; priors uniform on each field's Params range.
CALIBRATABLE = ("request_offset", "online_request_effort", "capacity_ratio")
DEFAULT_PARAMETERS = CALIBRATABLE


def year_statistics(frame: pd.DataFrame, year: int) -> dict[str, float]:
    """The three hotline statistics of one simulated year (weeks 52(year−1)+1 … 52·year) of one run.

    Requests per resident-year: the mean of the weekly annualised rate. Resolution: the mean of the weekly shares
    of closed work orders that were resolved (weeks with none closed skipped). Remote phone share: requests by
    phone over requests by phone or online, pooled over the year (the weekly shares weighted by the week's
    accepted requests)."""
    weeks = frame[(frame["step"] > YEAR * (year - 1)) & (frame["step"] <= YEAR * year)]
    accepted = weeks["requests_per_resident"].to_numpy()
    phone = np.nansum(accepted * weeks["request_phone_share"].to_numpy())
    remote = phone + np.nansum(accepted * weeks["request_online_share"].to_numpy())
    return {"requests_per_resident": float(accepted.mean()),
            "request_resolution": float(np.nanmean(weeks["request_resolution"].to_numpy())),
            "remote_phone_share": float(phone / remote) if remote > 0 else float("nan")}


@dataclass
class HotlineYears:
    """The pyabc model: parameters -> the fitted targets' statistics (picklable, for worker processes)."""

    n_citizens: int = 1000
    fixed: dict[str, Any] = field(default_factory=dict)
    targets: tuple[YearTarget, ...] = TARGETS

    def params(self, theta: Mapping[str, float]) -> Any:
        from smartgov.model.params import Params

        values = {"n_citizens": self.n_citizens, **self.fixed}
        return Params.from_mapping({**values, **{k: float(v) for k, v in theta.items()}})

    def years(self, theta: Mapping[str, float], seed: int, years: int = 2) -> dict[int, dict[str, float]]:
        """Every statistic of years 1..``years`` of one run from ``seed``."""
        from smartgov.experiments.single_run import run_model

        frame = run_model(self.params(theta), seed, YEAR * years)
        return {y: year_statistics(frame, y) for y in range(1, years + 1)}

    def __call__(self, theta: Mapping[str, float]) -> dict[str, float]:
        # pyabc draws from NumPy's legacy global generator (seeded in calibrate for one worker): so does the seed here
        seed = int(np.random.randint(2**31 - 1))  # noqa: NPY002
        years = self.years(theta, seed, max(t.year for t in self.targets))
        out = {t.label: years[t.year][t.statistic] for t in self.targets}
        # a statistic the run cannot form (no request all year) is as far as it gets from any target
        return {k: (v if np.isfinite(v) else 1e3) for k, v in out.items()}


def predict(model: HotlineYears, particles: pd.DataFrame, weights: np.ndarray, draws: int, seed: int,
            targets: Sequence[YearTarget] = TARGETS, holdout: Sequence[YearTarget] = HOLDOUT) -> pd.DataFrame:
    """Posterior predictive: ``draws`` particles resampled by weight, each run with a fresh seed for two years;
    5/50/95% of every statistic in both years, with Beijing's figure where one exists (fitted or held out: the
    held-out figure is joined only here, after the posterior is fixed)."""
    rng = np.random.default_rng(seed)
    picks = rng.choice(len(weights), size=draws, p=weights / weights.sum())
    seeds = rng.integers(2**31 - 1, size=draws)
    runs = [model.years(particles.iloc[i].to_dict(), int(s)) for i, s in zip(picks, seeds, strict=True)]
    figures = {(t.statistic, t.year): ("fitted", t) for t in targets} | {
        (t.statistic, t.year): ("held_out", t) for t in holdout}
    rows = []
    for year in (1, 2):
        for statistic in STATISTICS:
            x = np.array([r[year][statistic] for r in runs], dtype=float)
            lo, mid, hi = np.nanquantile(x, [0.05, 0.5, 0.95])
            kind, target = figures.get((statistic, year), ("predicted", None))
            observed = target.value if target else float("nan")
            rows.append({"year": 2018 + year, "statistic": statistic, "kind": kind, "observed": observed,
                         "q05": lo, "median": mid, "q95": hi,
                         "inside_90": bool(lo <= observed <= hi) if target else None,
                         "error": mid - observed if target else float("nan"),
                         "source": target.source if target else ""})
    return pd.DataFrame(rows)


def run(out: Path | str, *, parameters: Sequence[str] = DEFAULT_PARAMETERS, n_citizens: int = 1000,
        population_size: int = 100, generations: int = 6, seed: int = 2026, workers: int = 1, dask: Any = None,
        predict_draws: int = 0, predict_citizens: int | None = None) -> dict[str, Any]:
    """The hotline calibration end to end; writes the output folder (as the inclusion calibration's) and returns
    the manifest."""
    from smartgov.experiments.results import provenance, write_json

    out = Path(out)
    bounds = prior_bounds(parameters, CALIBRATABLE)
    model = HotlineYears(n_citizens=n_citizens)
    observed = {t.label: t.value for t in TARGETS}
    scales = {t.label: t.scale for t in TARGETS}
    cal = calibrate(model, bounds, observed, scales, out, population_size=population_size, generations=generations,
                    seed=seed, workers=workers, dask=dask)
    summary = write_posterior(out, cal, bounds)
    result: dict[str, Any] = {
        "kind": "calibration", "pattern": "redress", "years": {"1": 2019, "2": 2020},
        "targets": [t.__dict__ | {"label": t.label} for t in TARGETS], "parameters": list(parameters),
        "n_citizens": n_citizens, "population_size": population_size, "seed": seed, "workers": workers,
        "dask": dask if isinstance(dask, str) else None, **run_facts(cal, summary, bounds), "provenance": provenance(),
    }
    if predict_draws:
        predictor = HotlineYears(n_citizens=predict_citizens or n_citizens)
        predictive = predict(predictor, cal.particles, cal.weights, predict_draws, seed + 1)
        predictive.to_csv(out / "predictive.csv", index=False)
        held = predictive[predictive["kind"] == "held_out"]
        result["prediction"] = {"draws": predict_draws, "n_citizens": predictor.n_citizens,
                                "held_out_inside_90": int(held["inside_90"].sum()), "held_out": len(held),
                                "rows": predictive.to_dict(orient="records")}
    write_json(out / "manifest.json", result)
    return result


__all__ = ["CALIBRATABLE", "DEFAULT_PARAMETERS", "HOLDOUT", "TARGETS", "HotlineYears", "YearTarget", "predict",
           "run", "year_statistics"]
