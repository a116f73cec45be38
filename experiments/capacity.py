"""Does case capacity bind? Per-run measures of capacity, backlog and resolution (issue 9, item 2).

The calibration target of ``capacity_ratio`` (docs/model.md, submodel 3) is Beijing 12345's 2019 resolution rate:
75% of accepted requests resolved. Its model counterpart is :func:`resolved_within`: the share of needs resolved
within ``weeks`` of first becoming visible to the responsible agency, over a cohort of needs first seen in the
window. The other measures say whether allocation decisions matter at all: visible needs against case capacity.

Run ``python -m smartgov.experiments.capacity --grid 1.0 1.5 2.0 --replicates 20`` for a table; everything is read
from the model's state after each step (nothing in the model is changed by measuring it).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from smartgov.model.model import GovernanceModel
from smartgov.model.params import Params

WINDOW = (53, 104)  # weeks whose means are reported (the project's convention)


@dataclass
class Probe:
    """Weekly counts of one run, and the visibility cohort behind :func:`resolved_within`."""

    capacity_cases: list[float] = field(default_factory=list)
    capacity_budget: list[float] = field(default_factory=list)
    allocated: list[int] = field(default_factory=list)
    visible: list[int] = field(default_factory=list)
    met: list[int] = field(default_factory=list)
    wait: list[float] = field(default_factory=list)
    open_needs: list[int] = field(default_factory=list)
    first_seen_week: list[np.ndarray] = field(default_factory=list)  # per need first seen in the window
    resolved_after: list[np.ndarray] = field(default_factory=list)  # weeks from first seen to met (-1: not yet)


def case_capacity(model: GovernanceModel) -> float:
    """Cases the agencies can decide this week: algorithm cases plus human cases at their higher unit cost."""
    p, service = model.params, model.plan.service
    per_agency = int(service * p.algorithm_reliance) + int(service * (1.0 - p.algorithm_reliance)
                                                          / (1.0 + p.human_review_cost))
    return float(per_agency * p.n_agencies)


def run(params: Params, seed: int, weeks: int = WINDOW[1]) -> Probe:
    """Step one run and record the weekly measures (all weeks; summaries pick the window)."""
    model = GovernanceModel(params, rng=seed)
    pop, flags = model.population, model.population.flags
    first_seen = np.full(pop.n, -1, dtype=np.int64)  # week the current need first became visible
    probe = Probe()
    cohort_week, cohort_done = [], []
    pending: dict[int, int] = {}  # citizen -> position in cohort lists of their open, seen need
    for week in range(1, weeks + 1):
        model.step()
        first_seen[flags.arisen] = -1
        newly = flags.visible & (first_seen < 0)
        first_seen[newly] = week
        for citizen in np.flatnonzero(newly).tolist():
            pending[citizen] = len(cohort_week)
            cohort_week.append(week)
            cohort_done.append(-1)
        for citizen in np.flatnonzero(flags.met).tolist():
            position = pending.pop(citizen, None)
            if position is not None:
                cohort_done[position] = week - cohort_week[position]
        first_seen[flags.met] = -1
        probe.capacity_cases.append(case_capacity(model))
        probe.capacity_budget.append(model.plan.service * model.params.n_agencies)
        probe.allocated.append(int(flags.allocated.sum()))
        probe.visible.append(int(flags.visible.sum()))
        probe.met.append(int(flags.met.sum()))
        probe.wait.append(float(flags.wait[flags.met].mean()) if flags.met.any() else float("nan"))
        probe.open_needs.append(int(pop.has_need.sum()))
    probe.first_seen_week = [np.asarray(cohort_week)]
    probe.resolved_after = [np.asarray(cohort_done)]
    return probe


def resolved_within(probe: Probe, weeks: int, window: tuple[int, int] = WINDOW) -> float:
    """Share of needs first visible in the window (and at least ``weeks`` before its end) met within ``weeks``
    weeks: a need first seen in week t counts if met in weeks t … t + weeks − 1."""
    start, end = window
    seen, after = probe.first_seen_week[0], probe.resolved_after[0]
    cohort = (seen >= start) & (seen <= end - weeks + 1)
    if not cohort.any():
        return float("nan")
    return float(((after[cohort] >= 0) & (after[cohort] < weeks)).mean())


def summary(probe: Probe, window: tuple[int, int] = WINDOW) -> dict[str, float]:
    """Window means of one run, plus the share of weeks in which visible needs exceeded case capacity."""
    lo, hi = window[0] - 1, window[1]
    part = {name: np.asarray(getattr(probe, name)[lo:hi], dtype=float)
            for name in ("capacity_cases", "capacity_budget", "allocated", "visible", "met", "wait", "open_needs")}
    return {
        "capacity_budget": part["capacity_budget"].mean(),
        "capacity_cases": part["capacity_cases"].mean(),
        "allocated": part["allocated"].mean(),
        "visible": part["visible"].mean(),
        "met": part["met"].mean(),
        "mean_wait": float(np.nanmean(part["wait"])),
        "open_needs": part["open_needs"].mean(),
        "binding_weeks": float((part["visible"] > part["capacity_cases"]).mean()),
        "resolved_1w": resolved_within(probe, 1, window),
        "resolved_2w": resolved_within(probe, 2, window),
        "resolved_3w": resolved_within(probe, 3, window),
    }


def table(params: Params, ratios: Sequence[float], seeds: Sequence[int]) -> list[dict[str, float]]:
    """Mean and SD over seeds of :func:`summary` at each ``capacity_ratio``."""
    rows = []
    for ratio in ratios:
        runs = [summary(run(params.replace(capacity_ratio=ratio), seed)) for seed in seeds]
        row: dict[str, float] = {"capacity_ratio": ratio}
        for key in runs[0]:
            values = np.array([r[key] for r in runs])
            row[key], row[key + "_sd"] = float(values.mean()), float(values.std(ddof=1)) if len(values) > 1 else 0.0
        rows.append(row)
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", type=float, nargs="+", default=[2.0])
    parser.add_argument("--replicates", type=int, default=20)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--set", nargs="*", default=[], metavar="KEY=VALUE")
    args = parser.parse_args(argv)
    overrides = dict(item.split("=", 1) for item in args.set)
    params = Params(n_citizens=args.n).replace(
        **{key: Params.parse_value(key, value) for key, value in overrides.items()})
    columns = ("capacity_ratio", "capacity_budget", "capacity_cases", "allocated", "visible", "met", "mean_wait",
               "open_needs", "binding_weeks", "resolved_1w", "resolved_2w", "resolved_3w")
    print(" | ".join(columns))
    for row in table(params, args.grid, range(1, args.replicates + 1)):
        print(" | ".join(f"{row[c]:.3f}" + (f" ± {row[c + '_sd']:.3f}" if c + "_sd" in row else "")
                         for c in columns))


if __name__ == "__main__":
    main()
