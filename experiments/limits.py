"""Sizes checked before any work starts, so a mistyped number is a clear error, not hours of computing or a
machine out of memory. Each limit is a documented default (``smartgov params`` lists them); the design size can
be raised with ``max_runs`` (``--max-runs``) by a researcher whose machine has room.
"""

from __future__ import annotations

from typing import Any

MAX_STEPS = 5_200  # weeks: a century of simulated time
MAX_REPLICATES = 10_000
MAX_WORKERS = 1_024
MAX_SEED = 2**63 - 1  # seeds are stored in int64 columns (Parquet); NumPy accepts any of them
MAX_RUNS = 100_000  # runs in one design (scenarios × points × replicates); raise with max_runs / --max-runs
MAX_GRID_LEVELS = 1_000

LIMITS = {
    "steps": (1, MAX_STEPS, "weeks per run"),
    "replicates": (1, MAX_REPLICATES, "paired replicates"),
    "workers": (0, MAX_WORKERS, "worker processes"),
    "seed": (0, MAX_SEED, "master or run seed"),
    "runs": (1, MAX_RUNS, "runs in one design (raise with --max-runs)"),
}


class LimitError(ValueError):
    """A size outside what smartgov accepts; names the argument, the value and the allowed range."""


def shorten(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def check_int(name: str, value: Any, lo: int, hi: int, what: str = "") -> int:
    """``value`` as an int in [lo, hi], or a LimitError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        suffix = f" ({what})" if what else ""
        raise LimitError(f"{name} = {shorten(value)} is not allowed; expected an integer in [{lo:,}, {hi:,}]{suffix}")
    return value


def check(name: str, value: Any) -> int:
    """Check one of the named sizes in :data:`LIMITS` (steps, replicates, workers, seed, runs)."""
    lo, hi, what = LIMITS[name]
    return check_int(name, value, lo, hi, what)


def describe() -> list[str]:
    """One line per limit, for ``smartgov params`` and the docs."""
    return [f"{name}: {lo:,} to {hi:,} ({what})" for name, (lo, hi, what) in LIMITS.items()]
