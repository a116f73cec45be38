"""Benchmark: citizen-steps per second, build time and peak memory of the model and of the naive reference.

Each measurement runs in a fresh Python process with one BLAS/OpenMP thread (like a sweep worker: see
experiments/threads.py), so memory, caches and thread pools do not leak between them and the figures are per core.
A benchmark, not a test: it reports figures, it does not pass or fail.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Measurement:
    kind: str  # "vectorized" or "naive"
    n: int
    steps: int
    build_seconds: float
    run_seconds: float
    peak_rss_mb: float
    baseline_rss_mb: float
    threads: str = ""  # the BLAS/OpenMP thread setting the measurement ran with (experiments.threads)

    @property
    def citizen_steps_per_second(self) -> float:
        return self.n * self.steps / self.run_seconds


def measure_here(kind: str, n: int, steps: int, seed: int = 1) -> Measurement:
    """Build and run one model in this process (call in a fresh process for clean memory figures)."""
    from smartgov.experiments.naive import NaiveModel
    from smartgov.experiments.threads import describe_threads, limit_threads
    from smartgov.model import GovernanceModel, Params

    threads = describe_threads(limit_threads(1))  # after the imports, so every loaded library is limited
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    params = Params(n_citizens=n)  # both kinds at the defaults (every mechanism docked, the vendor market included)
    start = time.perf_counter()
    model = GovernanceModel(params, rng=seed) if kind == "vectorized" else NaiveModel(params, rng=seed)
    built = time.perf_counter()
    model.run_for(steps)
    done = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return Measurement(kind, n, steps, built - start, done - built, peak, baseline, threads)


def measure(kind: str, n: int, steps: int) -> Measurement:
    """One measurement in a fresh subprocess."""
    code = (f"import json, dataclasses; from smartgov.experiments.bench import measure_here; "
            f"print(json.dumps(dataclasses.asdict(measure_here({kind!r}, {n}, {steps}))))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return Measurement(**json.loads(out.strip().splitlines()[-1]))


DOCKED = ("naive = experiments/naive.py, the docked per-agent reference: the same ODD (every process, same rules "
          "and order), re-implemented independently; equivalence (TOST) on the headline outcomes in "
          "tests/test_docking.py, so the speed-up compares two implementations of one model; both run at the default "
          "parameters, the vendor market included")


def run_benchmark(sizes: list[int], naive_sizes: list[int], steps: int, naive_steps: int,
                  echo: Callable[[str], object] = print) -> list[Measurement]:
    """Every measurement, each in a fresh process; ``echo`` gets one line per measurement as it finishes, and,
    before the naive measurements, one line saying that the naive reference is docked (:data:`DOCKED`)."""
    results = []
    for kind, ns, st in (("vectorized", sizes, steps), ("naive", naive_sizes, naive_steps)):
        if kind == "naive" and ns:
            echo(DOCKED)
        for n in ns:
            m = measure(kind, n, st)
            echo(format_row(m))
            results.append(m)
    return results


def format_row(m: Measurement) -> str:
    """One line of the bench table."""
    return (f"{m.kind:10} N={m.n:>7,}  steps={m.steps:>3}  build {m.build_seconds:6.2f} s  "
            f"{m.citizen_steps_per_second / 1e6:7.3f} M citizen-steps/s  peak RSS {m.peak_rss_mb:7.1f} MB "
            f"(imports {m.baseline_rss_mb:.0f} MB)")


def speedups(results: list[Measurement]) -> dict[int, float]:
    """Vectorized over naive citizen-steps per second, at every N measured both ways.

    The naive model is the docked reference (:data:`DOCKED`): both run the same model with the same parameters,
    so the ratio is the speed-up of the implementation, not of a smaller model."""
    fast = {m.n: m.citizen_steps_per_second for m in results if m.kind == "vectorized"}
    slow = {m.n: m.citizen_steps_per_second for m in results if m.kind == "naive"}
    return {n: fast[n] / slow[n] for n in sorted(fast.keys() & slow.keys())}
