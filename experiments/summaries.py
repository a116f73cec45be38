"""Summaries of runs: the end-of-run window mean, t confidence intervals, paired differences (pairs share a seed)
and effect sizes. Every table, figure, report and test takes these numbers from here, so a window mean or an
interval is defined once."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

LEVEL = 0.95
LONG_WINDOW = 52  # weeks: the second year of a two-year run; comparisons and validation read this window
RUN_WINDOW = 13  # weeks: a quarter; the single-run table and designs' default summary window
KEYS = ("run_id", "point", "scenario", "replicate", "seed", "network")  # run identifiers, never averaged


def default_window(steps: int, longest: int = LONG_WINDOW) -> int:
    """The end-of-run window for a run of ``steps`` weeks: ``longest`` weeks, or the second half of a shorter run."""
    return max(1, min(longest, steps // 2))


def window_mean(frame: pd.DataFrame, window: int, by: tuple[str, ...] | list[str] | None = None,
                outcomes: list[str] | tuple[str, ...] | None = None) -> pd.DataFrame:
    """Each run's mean over its last ``window`` steps (step 0, the initial state, is never in the window).

    ``by`` names the columns that identify a run (default: those of :data:`KEYS` present); ``outcomes`` the
    columns to average (default: every other numeric column except ``step``). Returns one row per run.
    """
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        raise ValueError(f"window = {window!r} is not allowed; expected an integer >= 1")
    keys = [k for k in (by if by is not None else KEYS) if k in frame.columns]
    columns = list(outcomes) if outcomes is not None else [
        c for c in frame.columns
        if c not in (*keys, *KEYS, "step") and pd.api.types.is_numeric_dtype(frame[c]) and frame[c].dtype != bool]
    last = frame.groupby(keys, sort=False, observed=True)["step"].transform("max") if keys else frame["step"].max()
    tail = frame[(frame["step"] > last - window) & (frame["step"] > 0)]
    if not keys:
        return tail[columns].mean().to_frame().T
    return tail.groupby(keys, sort=True, observed=True)[columns].mean().reset_index()


@dataclass(frozen=True)
class Estimate:
    """A mean with its t confidence interval over ``n`` replicates."""

    mean: float
    ci_low: float
    ci_high: float
    sd: float
    n: int

    def as_dict(self, prefix: str = "") -> dict[str, float]:
        return {f"{prefix}{k}": v for k, v in asdict(self).items()}


@dataclass(frozen=True)
class PairedDifference:
    """Treatment minus control over paired replicates, with an effect size and one-sided p-values."""

    mean: float
    ci_low: float
    ci_high: float
    sd: float
    n: int
    effect_size: float  # Cohen's d_z: mean difference over the sd of the differences
    p_greater: float  # one-sided paired t-test, H1: difference > 0
    p_less: float  # H1: difference < 0

    def p_value(self, direction: str) -> float:
        """One-sided p-value for the expected ``direction`` ('up' or 'down')."""
        if direction not in ("up", "down"):
            raise ValueError(f"direction = {direction!r} is not allowed; expected 'up' or 'down'")
        return self.p_greater if direction == "up" else self.p_less


def _clean(values: np.ndarray | list[float]) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    return arr[np.isfinite(arr)]


def mean_ci(values: np.ndarray | list[float], level: float = LEVEL) -> Estimate:
    """Mean and t interval of replicate values (non-finite values are left out: an outcome can be undefined in a
    run, e.g. the excluded group's rate once nobody is excluded)."""
    arr = _clean(values)
    n = arr.size
    if n == 0:
        return Estimate(math.nan, math.nan, math.nan, math.nan, 0)
    mean = float(arr.mean())
    if n == 1:
        return Estimate(mean, math.nan, math.nan, math.nan, 1)
    sd = float(arr.std(ddof=1))
    from scipy import stats

    half = float(stats.t.ppf(0.5 + level / 2, n - 1)) * sd / math.sqrt(n)
    return Estimate(mean, mean - half, mean + half, sd, n)


def paired_difference(differences: np.ndarray | list[float], level: float = LEVEL) -> PairedDifference:
    """Summary of per-pair differences (treatment − control for the same seed)."""
    arr = _clean(differences)
    est = mean_ci(arr, level)
    if est.n < 2:
        return PairedDifference(est.mean, math.nan, math.nan, math.nan, est.n, math.nan, math.nan, math.nan)
    if est.sd == 0.0:  # identical runs or a deterministic shift: the sign decides, p is 0 or 1
        sign = float(np.sign(est.mean))
        d = math.copysign(math.inf, est.mean) if est.mean else 0.0
        return PairedDifference(est.mean, est.mean, est.mean, 0.0, est.n, d,
                                0.0 if sign > 0 else 1.0, 0.0 if sign < 0 else 1.0)
    from scipy import stats

    t = est.mean / (est.sd / math.sqrt(est.n))
    return PairedDifference(
        est.mean, est.ci_low, est.ci_high, est.sd, est.n, est.mean / est.sd,
        float(stats.t.sf(t, est.n - 1)), float(stats.t.cdf(t, est.n - 1)),
    )


def end_of_run_table(frame: pd.DataFrame, window: int = RUN_WINDOW) -> pd.DataFrame:
    """One run's end-of-run means by group: a row per summary outcome of the registry (a group outcome shows as
    its family's row), columns ``all``, ``included`` and ``excluded`` (NaN where an outcome has no group split)."""
    from smartgov.model import metrics

    means = window_mean(frame, window, by=()).iloc[0]
    rows, seen = [], set()
    for spec in metrics.summary():
        name = spec.family or spec.name
        if name in seen or name not in metrics.OUTCOMES:
            continue
        seen.add(name)
        groups = metrics.by_group(name)
        overall = metrics.OUTCOMES[name]
        rows.append({"outcome": f"{overall.label_en} [{overall.unit}]", "all": means.get(name, math.nan),
                     **{group: means.get(groups[group].name, math.nan) if group in groups else math.nan
                        for group in ("included", "excluded")}})
    return pd.DataFrame(rows).set_index("outcome")
