"""One BLAS/OpenMP thread per worker process.

Parallelism in smartgov comes from running many model runs side by side (process pool, Dask workers). The model's
NumPy/SciPy calls are small, so the thread pools that OpenBLAS, MKL or OpenMP start by default (one thread per
core, in every worker) only compete for the cores: on a 16-core machine the model ran 1.7x slower with the
default threads than with one. Worker initializers, Dask tasks and ``smartgov bench`` call :func:`limit_threads`.
"""

from __future__ import annotations

import os
from typing import Any

# Read by the native libraries when they load: covers libraries imported after the call and child processes.
THREAD_ENV_VARS = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)


def limit_threads(n: int = 1) -> list[dict[str, Any]]:
    """Limit BLAS/OpenMP to ``n`` threads in this process and in processes it starts; returns the libraries' state.

    Sets the environment variables above (libraries loaded later, and child processes, read them at start) and
    resizes the thread pools of libraries already loaded with threadpoolctl. Idempotent and cheap (~0.5 ms), so a
    Dask task may call it before every chunk of runs.
    """
    if n < 1:
        raise ValueError(f"n = {n!r} is not allowed; expected an integer >= 1")
    for var in THREAD_ENV_VARS:
        os.environ[var] = str(n)
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=n)  # used as a function: the limit stays in force (it is not undone on return)
    return thread_info()


def thread_info() -> list[dict[str, Any]]:
    """threadpoolctl's view of the BLAS/OpenMP libraries loaded in this process (API, library, version, threads)."""
    from threadpoolctl import threadpool_info

    return threadpool_info()


def describe_threads(info: list[dict[str, Any]] | None = None) -> str:
    """One line for reports: each loaded BLAS/OpenMP library with its thread count, and the environment limits."""
    info = thread_info() if info is None else info
    parts = []
    for lib in sorted(info, key=lambda lib: (lib["user_api"], lib["internal_api"], str(lib.get("version")))):
        n = lib["num_threads"]
        version = f" {lib['version']}" if lib.get("version") else ""
        parts.append(f"{lib['internal_api']}{version} ({lib['user_api']}): {n} thread{'' if n == 1 else 's'}")
    env = [f"{var}={os.environ[var]}" for var in THREAD_ENV_VARS[:3] if var in os.environ]
    return f"{', '.join(parts) or 'no BLAS/OpenMP library loaded'}; {' '.join(env) or 'no thread variables set'}"
