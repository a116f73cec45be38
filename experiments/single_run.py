"""One run of the model and its outputs: time series (Parquet and CSV) plus a manifest."""

from __future__ import annotations

import json
import os
import platform
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

import smartgov
from smartgov.model import GovernanceModel, Params


def run_model(params: Params, seed: int, steps: int) -> pd.DataFrame:
    """Run ``steps`` weeks from ``seed``; returns the per-step outcomes (step 0 = initial state)."""
    if steps < 1:
        raise ValueError(f"steps = {steps!r} is not allowed; expected an integer >= 1")
    model = GovernanceModel(params, rng=seed)
    model.run_for(steps)
    frame = model.outcomes().reset_index()
    frame.insert(1, "seed", seed)
    return frame


def manifest(params: Params, seed: int, steps: int, **extra: Any) -> dict[str, Any]:
    """What it takes to reproduce a run: parameters, seed, steps and code version."""
    return {
        "smartgov_version": smartgov.__version__,
        "python": platform.python_version(),
        "seed": seed,
        "steps": steps,
        "parameters": params.to_dict(),
        **extra,
    }


def write_run(frame: pd.DataFrame, meta: dict[str, Any], out: Path) -> list[Path]:
    """Write ``timeseries.parquet``, ``timeseries.csv`` and ``manifest.json`` into ``out`` atomically.

    Everything is written to a temporary folder next to ``out`` first and moved in only when complete, so a
    failure never leaves half-written output.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        frame.to_parquet(staging / "timeseries.parquet", index=False)
        frame.to_csv(staging / "timeseries.csv", index=False)
        (staging / "manifest.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
        out.mkdir(exist_ok=True)
        written = []
        for item in sorted(staging.iterdir()):
            target = out / item.name
            os.replace(item, target)
            written.append(target)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
