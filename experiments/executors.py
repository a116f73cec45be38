"""Where runs execute: this process, a local process pool, a Dask cluster, or any ``concurrent.futures`` executor.

Every executor has one interface: used as a context manager, ``results(parts)`` takes lists of run items (plain,
picklable data) and yields, as they finish and in any order, the lists of results ``run_chunk`` returns. A run
that raises becomes an error result (the runner records it and goes on); a task lost with its worker is retried
or reported as an error result, never silently dropped. Results depend only on parameters and seed, so every
executor gives identical files.

An HPC user passes any ``concurrent.futures.Executor`` (dask-jobqueue's cluster executor, submitit's, an MPI
pool): :class:`Futures` wraps it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import Executor as FuturesExecutor
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Any

WORKER_PRELOAD = "smartgov.experiments.single_run"  # imports the model (Mesa, pandas): once per worker, not per task
MAX_ATTEMPTS = 3  # like Dask's allowed-failures: a run whose worker died this often is recorded as failed

Item = dict[str, Any]
Result = dict[str, Any]


class ExecutorError(ValueError):
    """An executor that cannot start (e.g. no Dask scheduler at the address given)."""


def run_chunk(items: list[Item]) -> list[Result]:
    """Run several runs in one task (Dask's per-task overhead is milliseconds); errors are returned, not raised."""
    from smartgov.experiments.runner import run_one
    from smartgov.experiments.threads import limit_threads

    limit_threads()  # one BLAS/OpenMP thread per worker: parallelism comes from the workers
    return [run_one(item) for item in items]


def _lost(items: list[Item], why: str) -> list[Result]:
    return [{"run_id": item["run_id"], "frame": None, "error": why} for item in items]


class Executor:
    """Base class: a context manager whose :meth:`results` yields lists of results as tasks finish."""

    name = "executor"
    workers = 1

    def chunk_size(self, n_items: int) -> int:
        """Runs per task when the design does not say: one (process pools cost ~0.1 ms per task)."""
        return 1

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def results(self, parts: list[list[Item]]) -> Iterator[list[Result]]:  # pragma: no cover - abstract
        raise NotImplementedError

    def describe(self) -> str:
        return self.name


class Serial(Executor):
    """Runs in this process, one after another (debugging, notebooks, tiny designs)."""

    name = "serial"

    def results(self, parts: list[list[Item]]) -> Iterator[list[Result]]:
        for part in parts:
            yield run_chunk(part)


class ProcessPool(Executor):
    """A local process pool; if a worker dies the pool is rebuilt and its unfinished runs go again."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.name = f"process pool ({self.workers} workers)"

    def results(self, parts: list[list[Item]]) -> Iterator[list[Result]]:
        import multiprocessing

        pending = {part[0]["run_id"]: part for part in parts if part}
        attempts: dict[str, int] = {}
        # A fork server, started single-threaded and with the model imported once: workers start fast and no
        # threaded parent (progress bar, Dask client) is ever forked.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["smartgov.experiments.runner", WORKER_PRELOAD,
                                         "smartgov.experiments.threads"])
        while pending:
            pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
            submitted = {pool.submit(run_chunk, part): key for key, part in pending.items()}
            try:
                for future in as_completed(submitted):
                    yield future.result()
                    pending.pop(submitted[future])
            except BrokenProcessPool:
                for future, key in submitted.items():  # results that arrived together with the failure
                    if key in pending and future.done() and future.exception() is None:
                        yield future.result()
                        pending.pop(key)
                # Work is taken first in, first out: the in-flight tasks are the earliest unfinished ones.
                for key in list(pending)[:self.workers]:
                    attempts[key] = attempts.get(key, 0) + 1
                    if attempts[key] >= MAX_ATTEMPTS:
                        yield _lost(pending.pop(key), f"worker process died {MAX_ATTEMPTS} times while running "
                                                      "this run")
            except BaseException:  # interrupted (Ctrl-C): stop at once; saved runs are kept for --resume
                for process in list((pool._processes or {}).values()):  # no public way to stop running work
                    process.terminate()
                pool.shutdown(wait=False, cancel_futures=True)
                raise
            pool.shutdown(wait=True)


class Dask(Executor):
    """A Dask cluster: a scheduler address, ``"local"`` (a LocalCluster on loopback) or a ``distributed.Client``.

    The scheduler reschedules a lost worker's tasks (up to its allowed-failures); after that the runs are
    recorded as failed.
    """

    def __init__(self, address: Any = "local", workers: int | None = None, timeout: float = 5.0) -> None:
        self.address, self.n_local, self.timeout = address, workers, timeout
        self.client: Any = None
        self._owned: list[Any] = []

    def __enter__(self) -> Dask:
        from distributed import Client, LocalCluster

        if not isinstance(self.address, str):
            self.client = self.address
        elif self.address == "local":
            cluster = LocalCluster(n_workers=self.n_local or os.cpu_count() or 1, threads_per_worker=1,
                                   processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0",
                                   preload=[WORKER_PRELOAD])  # the model is imported once per worker, up front
            self._owned.append(cluster)
            self.client = Client(cluster)
            self._owned.append(self.client)
        else:
            _probe(self.address, self.timeout)
            try:
                self.client = Client(self.address, timeout=f"{self.timeout}s")
            except (OSError, TimeoutError, ValueError) as err:
                raise ExecutorError(
                    f"dask = {self.address!r}: cannot reach a Dask scheduler there within {self.timeout:g} s "
                    f"({type(err).__name__}); expected the address of a running `dask scheduler` "
                    "(tcp://HOST:8786) or 'local'") from None
            self._owned.append(self.client)
        self.workers = max(1, len(self.client.nthreads()))
        self.name = f"dask ({self.client.scheduler.address}, {self.workers} workers)"
        return self

    def __exit__(self, *exc: object) -> None:
        for thing in reversed(self._owned):
            thing.close()
        self._owned.clear()

    def chunk_size(self, n_items: int) -> int:
        """About four tasks per worker for balance, at most 16 runs for prompt saving (Dask's per-task overhead
        is milliseconds)."""
        return max(1, min(16, n_items // max(1, 4 * self.workers)))

    def results(self, parts: list[list[Item]]) -> Iterator[list[Result]]:
        from distributed import as_completed as dask_completed

        futures = dict(zip(self.client.map(run_chunk, parts, pure=False), parts, strict=True))
        # with_results: results are fetched concurrently as tasks finish, not one round trip per task.
        for future, outcome in dask_completed(list(futures), with_results=True, raise_errors=False):
            if future.status == "finished":
                yield outcome
            else:  # KilledWorker after too many lost workers, a failure to (un)pickle, a cancellation
                err = outcome[1] if isinstance(outcome, tuple) else outcome
                yield _lost(futures[future], f"{type(err).__name__}: {err}")
            future.release()


def _probe(address: str, timeout: float) -> None:
    """Refuse at once an address where nothing listens (Dask's client would retry for its whole timeout)."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        host, port = None, None
    if parts.scheme not in ("tcp", "tls") or not host or not port:
        raise ExecutorError(f"dask = {address!r} is not allowed; expected a scheduler address such as "
                            "tcp://HOST:8786, or 'local'")
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as err:
        raise ExecutorError(f"dask = {address!r}: nothing answers there ({err.strerror or type(err).__name__}); "
                            "expected the address of a running `dask scheduler` (tcp://HOST:8786) or 'local'") from None


class Futures(Executor):
    """Any ``concurrent.futures.Executor`` (submitit, dask-jobqueue, mpi4py.futures, a thread pool, ...)."""

    def __init__(self, executor: FuturesExecutor, workers: int = 1) -> None:
        self.executor, self.workers = executor, workers
        self.name = f"{type(executor).__name__}"

    def results(self, parts: list[list[Item]]) -> Iterator[list[Result]]:
        submitted = {self.executor.submit(run_chunk, part): part for part in parts}
        for future in as_completed(submitted):
            try:
                yield future.result()
            except Exception as err:  # the task as a whole failed (lost job, pickling): its runs are recorded
                yield _lost(submitted[future], f"{type(err).__name__}: {err}")


def as_executor(executor: Any = None, workers: int | None = None) -> Executor:
    """An :class:`Executor` from what a caller has: None (a process pool), ``workers=0`` (serial), a Dask
    address or ``"local"``, a ``distributed.Client``, any ``concurrent.futures.Executor``, or an Executor."""
    if isinstance(executor, Executor):
        return executor
    if executor is None:
        return Serial() if workers == 0 else ProcessPool(workers)
    if isinstance(executor, str):
        return Dask(executor, workers)
    if isinstance(executor, FuturesExecutor):
        return Futures(executor, workers or 1)
    if type(executor).__name__ == "Client" and hasattr(executor, "scheduler"):
        return Dask(executor)
    raise ExecutorError(f"executor = {type(executor).__name__} is not allowed; expected None, a Dask address or "
                        "'local', a distributed.Client, a concurrent.futures.Executor or a smartgov Executor")
