"""Regenerate the stored baseline outcomes that ``tests/test_regression.py`` checks.

Run after a change that is meant to alter results, and record the change in CHANGELOG.md::

    .venv/bin/python tests/regression/regenerate.py

It runs the library baseline scenario (N = 1,000 citizens, 104 weeks, seed 20261123) and writes every outcome
column at the last step and averaged over the last 13 weeks to ``baseline_seed20261123.json`` next to this file.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

HERE = Path(__file__).resolve().parent
STORED = HERE / "baseline_seed20261123.json"
SEED, STEPS, N_CITIZENS, WINDOW = 20261123, 104, 1_000, 13


def current() -> dict:
    """The baseline's end-of-run outcomes with the code as it is now."""
    from smartgov.experiments.single_run import run_model
    from smartgov.scenarios import load

    frame = run_model(load("baseline").params(n_citizens=N_CITIZENS), SEED, STEPS)
    columns = [c for c in frame.columns if c not in ("step", "seed")]

    def clean(value: float) -> float | None:
        return None if math.isnan(value) else float(value)

    return {
        "scenario": "baseline", "seed": SEED, "steps": STEPS, "n_citizens": N_CITIZENS, "window": WINDOW,
        "final": {c: clean(frame[c].iloc[-1]) for c in columns},
        "last_weeks_mean": {c: clean(frame[c].iloc[-WINDOW:].mean()) for c in columns},
    }


if __name__ == "__main__":
    STORED.write_text(json.dumps(current(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {STORED}")
