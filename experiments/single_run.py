"""One run of the model and its outputs: time series (Parquet and CSV) plus a manifest."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from smartgov.experiments import limits, results
from smartgov.model import GovernanceModel, Params
from smartgov.model.events import Timeline


def run_model(params: Params, seed: int, steps: int, events: Timeline | Iterable[Any] | None = None) -> pd.DataFrame:
    """Run ``steps`` weeks from ``seed``; returns the per-step outcomes (step 0 = initial state).

    ``events``: a policy timeline (a ``Timeline`` or its plain data); every event must fall within the run's weeks,
    since an event after the end would silently never happen.
    """
    limits.check("steps", steps)
    limits.check("seed", seed)
    if events is None:
        model = GovernanceModel(params, rng=seed)
    else:
        timeline = Timeline.coerce(events)
        timeline.check(params, steps)
        model = GovernanceModel(params, rng=seed, events=timeline)
    model.run_for(steps)
    frame = model.outcomes().reset_index()
    frame.insert(1, "seed", seed)
    return frame


def manifest(params: Params, seed: int, steps: int, **extra: Any) -> dict[str, Any]:
    """What it takes to reproduce a run: parameters, seed, steps and provenance."""
    return results.manifest("run", seed=seed, steps=steps, parameters=params.to_dict(), **extra)


def write_run(frame: pd.DataFrame, meta: dict[str, Any], out: Path) -> list[Path]:
    """Write ``timeseries.parquet``, ``timeseries.csv`` and ``manifest.json`` into ``out``, all or nothing."""
    return results.write_folder(out, {
        "timeseries.parquet": lambda path: frame.to_parquet(path, index=False),
        "timeseries.csv": lambda path: frame.to_csv(path, index=False),
        "manifest.json": lambda path: path.write_text(results.to_json(meta), encoding="utf-8"),
    })
