"""One run of the model and its outputs: time series (Parquet and CSV) plus a manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from smartgov.experiments import limits, results
from smartgov.model import GovernanceModel, Params


def run_model(params: Params, seed: int, steps: int) -> pd.DataFrame:
    """Run ``steps`` weeks from ``seed``; returns the per-step outcomes (step 0 = initial state)."""
    limits.check("steps", steps)
    limits.check("seed", seed)
    model = GovernanceModel(params, rng=seed)
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
