"""Run a design on an executor (this process, a local process pool or a Dask cluster), resumably.

Output folder::

    OUT/manifest.json          the resolved design, its digest, every run's seed and values, code version
    OUT/design.yaml            the design file as given
    OUT/runs/<run_id>.parquet  one file per finished run (time series; run_id, seed and varied values per row)
    OUT/errors/<run_id>.json   one file per run that raised (message and traceback); the sweep goes on
    OUT/status.json            counts and timing of the last session

Every file is written to a temporary name and renamed into place, so a sweep killed at any moment leaves only
whole files; ``resume=True`` skips the runs that have one. Results depend only on parameters and seed, so the
same design gives identical files whichever executor ran it.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

import smartgov
from smartgov.experiments.design import Design, DesignError, Run
from smartgov.scenarios import load

MAX_ATTEMPTS = 3  # like Dask's allowed-failures: a run whose worker died this often is recorded as failed


@dataclass
class SweepSummary:
    total: int
    skipped: int  # already finished before this session (resume)
    done: int  # finished in this session
    failed: int  # raised, or lost its worker MAX_ATTEMPTS times
    seconds: float
    executor: str

    @property
    def complete(self) -> bool:
        return self.skipped + self.done == self.total


# -- the work done on a worker ------------------------------------------------------------------------

def run_chunk(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Run several design runs in one task (Dask's per-task overhead is milliseconds); errors are returned."""
    return [run_one(item) for item in items]


def run_one(item: dict[str, Any]) -> dict[str, Any]:
    """One run from plain data (picklable, no file access): the time series, or the error it raised."""
    from smartgov.experiments.single_run import run_model
    from smartgov.model.params import Params

    try:
        frame = run_model(Params.from_mapping(item["params"]), item["seed"], item["steps"])
        frame.insert(0, "replicate", item["replicate"])
        frame.insert(0, "point", item["point"])
        frame.insert(0, "run_id", item["run_id"])
        for position, (name, value) in enumerate(item["values"].items(), start=5):
            frame.insert(position, name, value)
        return {"run_id": item["run_id"], "frame": frame, "error": None, "pid": os.getpid()}
    except Exception as err:  # recorded, never fatal: one bad corner of parameter space must not stop a sweep
        return {"run_id": item["run_id"], "frame": None, "error": f"{type(err).__name__}: {err}",
                "traceback": traceback.format_exc(), "pid": os.getpid(), "host": platform.node()}


# -- output folder ----------------------------------------------------------------------------------

def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write through ``write(tmp)`` to a hidden temporary name beside ``path``, then rename into place."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_json(path: Path, data: Any) -> None:
    atomic_write(path, lambda tmp: tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False, default=str),
                                                  encoding="utf-8"))


def code_version() -> dict[str, Any]:
    """Package version and, from a source checkout, the git commit (and whether the tree had changes)."""
    info: dict[str, Any] = {"smartgov": smartgov.__version__, "python": platform.python_version()}
    for name in ("numpy", "pandas", "mesa", "SALib"):
        try:
            from importlib.metadata import version

            info[name] = version(name)
        except Exception:  # pragma: no cover - a missing distribution is only missing information
            info[name] = None
    root = Path(smartgov.__file__).resolve().parent.parent
    try:
        commit = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True,
                                timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10, check=True).stdout.strip()
        info.update(git_commit=commit, git_dirty=bool(dirty))
    except (OSError, subprocess.SubprocessError):
        info.update(git_commit=None, git_dirty=None)
    return info


def build_manifest(design: Design, runs: list[Run], design_text: str | None) -> dict[str, Any]:
    return {
        "design": design.to_dict(),
        "digest": design.digest(),
        "design_file": design.path,
        "design_text": design_text,
        "problem": design.problem(),
        "replicate_seeds": design.replicate_seeds(),
        "runs": [{"run_id": r.run_id, "point": r.point, "replicate": r.replicate, "seed": r.seed,
                  "values": r.values} for r in runs],
        "code": code_version(),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def prepare(design: Design, out: Path, resume: bool) -> list[Run]:
    """Check the output folder against the design (before anything is written) and set it up."""
    runs = design.runs()
    manifest_path = out / "manifest.json"
    if manifest_path.exists():
        if not resume:
            raise DesignError(f"{out}: already holds a sweep; pass --resume to continue it, or choose another --out")
        old = json.loads(manifest_path.read_text(encoding="utf-8"))
        if old.get("digest") != design.digest():
            raise DesignError(f"{out}: holds a sweep of a different design (digest {old.get('digest')}, this "
                              f"design {design.digest()}); resume it with the same design file or use another --out")
    elif out.exists() and any(out.iterdir()) and not resume:
        raise DesignError(f"{out}: folder exists and is not empty; choose a new --out")
    (out / "runs").mkdir(parents=True, exist_ok=True)
    (out / "errors").mkdir(exist_ok=True)
    for stale in [*(out / "runs").glob(".*.tmp"), *(out / "errors").glob(".*.tmp"), *out.glob(".*.tmp")]:
        stale.unlink(missing_ok=True)  # left by a killed session: never a result
    if not manifest_path.exists():
        text = Path(design.path).read_text(encoding="utf-8") if design.path and Path(design.path).is_file() else None
        write_json(manifest_path, build_manifest(design, runs, text))
        if text is not None:
            atomic_write(out / "design.yaml", lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return runs


def finished(out: Path) -> set[str]:
    """Run ids with a results file."""
    return {p.stem for p in (out / "runs").glob("*.parquet")}


class _Sink:
    """Writes each result as it arrives and keeps the count."""

    def __init__(self, out: Path, bar: Any, on_result: Callable[[dict[str, Any]], None] | None) -> None:
        self.out, self.bar, self.on_result = out, bar, on_result
        self.done = self.failed = 0

    def __call__(self, result: dict[str, Any]) -> None:
        run_id = result["run_id"]
        error_path = self.out / "errors" / f"{run_id}.json"
        if result["error"] is None:
            atomic_write(self.out / "runs" / f"{run_id}.parquet",
                         lambda tmp: result["frame"].to_parquet(tmp, index=False))
            error_path.unlink(missing_ok=True)
            self.done += 1
        else:
            write_json(error_path, {k: v for k, v in result.items() if k != "frame"})
            self.failed += 1
        self.bar.update(1)
        if self.on_result is not None:
            self.on_result(result)


# -- executors --------------------------------------------------------------------------------------

def chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _serial(items: list[dict[str, Any]], sink: _Sink, chunk: int) -> None:
    for item in items:
        sink(run_one(item))


def _pool(items: list[dict[str, Any]], sink: _Sink, chunk: int, workers: int) -> None:
    """A local process pool; if a worker dies the pool is rebuilt and the unfinished runs go again."""
    import multiprocessing

    pending = {item["run_id"]: item for item in items}
    attempts: dict[str, int] = {}
    # A fork server, started single-threaded and with the model imported once: workers start fast and no
    # threaded parent (progress bar, Dask client) is ever forked.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["smartgov.experiments.runner"])
    while pending:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        submitted = [(pool.submit(run_chunk, part), part) for part in chunks(list(pending.values()), chunk)]
        try:
            for future in as_completed([f for f, _ in submitted]):
                for result in future.result():
                    sink(result)
                    pending.pop(result["run_id"], None)
        except BrokenProcessPool:
            # Work items are taken first in, first out: the in-flight ones are the earliest unfinished.
            unfinished = [part for _, part in submitted if part[0]["run_id"] in pending]
            for part in unfinished[:workers]:
                for item in part:
                    attempts[item["run_id"]] = attempts.get(item["run_id"], 0) + 1
                    if attempts[item["run_id"]] >= MAX_ATTEMPTS and item["run_id"] in pending:
                        sink({"run_id": item["run_id"], "frame": None,
                              "error": f"worker process died {MAX_ATTEMPTS} times while running this run"})
                        pending.pop(item["run_id"])
            for future, _ in submitted:  # results that arrived together with the failure
                if future.done() and future.exception() is None:
                    for result in future.result():
                        if result["run_id"] in pending:
                            sink(result)
                            pending.pop(result["run_id"])
        except BaseException:  # interrupted (Ctrl-C): stop at once; saved runs are kept for --resume
            for process in list((pool._processes or {}).values()):  # no public way to stop running work
                process.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=True)


def _dask(items: list[dict[str, Any]], sink: _Sink, chunk: int, client: Any) -> None:
    """A Dask cluster: the scheduler reschedules a lost worker's tasks (up to its allowed-failures)."""
    from distributed import as_completed as dask_completed

    parts = list(chunks(items, chunk))
    futures = dict(zip(client.map(run_chunk, parts, pure=False), parts, strict=True))
    # with_results: results are fetched concurrently as tasks finish, not one round trip per task.
    for future, outcome in dask_completed(list(futures), with_results=True, raise_errors=False):
        if future.status == "finished":
            results = outcome
        else:  # KilledWorker after too many lost workers, a failure to (un)pickle, a cancellation
            err = outcome[1] if isinstance(outcome, tuple) else outcome
            results = [{"run_id": item["run_id"], "frame": None, "error": f"{type(err).__name__}: {err}"}
                       for item in futures[future]]
        for result in results:
            sink(result)
        future.release()


def _dask_chunk(n_items: int, n_workers: int) -> int:
    """Runs per Dask task: about four tasks per worker for balance, at most 16 runs for prompt saving."""
    return max(1, min(16, n_items // max(1, 4 * n_workers)))


def sweep(design: Design, out: Path | str, *, workers: int | None = None, dask: Any = None, resume: bool = False,
          chunk: int | None = None, progress: bool = True,
          on_result: Callable[[dict[str, Any]], None] | None = None) -> SweepSummary:
    """Run every unfinished run of ``design`` into ``out``.

    ``workers=0`` runs in this process; otherwise a local process pool of ``workers`` (default: CPU count).
    ``dask`` is a scheduler address, ``"local"`` (a LocalCluster on this machine) or a ``distributed.Client``.
    ``on_result`` is called after each result is saved (tests use it to interrupt a sweep).
    """
    with _dask_client(dask, workers) as client:  # connect first: an unreachable cluster leaves nothing behind
        return _sweep(design, Path(out), workers, client, resume, chunk, progress, on_result)


def _sweep(design: Design, out: Path, workers: int | None, client: Any, resume: bool, chunk: int | None,
           progress: bool, on_result: Callable[[dict[str, Any]], None] | None) -> SweepSummary:
    from tqdm import tqdm

    runs = prepare(design, out, resume)
    done_before = finished(out)
    todo = [r for r in runs if r.run_id not in done_before]
    scenario = load(design.scenario)
    items = [{"run_id": r.run_id, "point": r.point, "replicate": r.replicate, "seed": r.seed,
              "steps": design.steps, "values": r.values,
              "params": scenario.params(**r.parameters).to_dict()} for r in todo]
    start = time.perf_counter()
    with tqdm(total=len(runs), initial=len(runs) - len(todo), unit="run", desc=design.name, disable=not progress,
              smoothing=0.1, dynamic_ncols=True) as bar:
        sink = _Sink(out, bar, on_result)
        if client is not None:
            n_workers = max(1, len(client.nthreads()))
            executor = f"dask ({client.scheduler.address}, {n_workers} workers)"
            if items:
                _dask(items, sink, chunk or design.chunk or _dask_chunk(len(items), n_workers), client)
        elif workers == 0:
            executor = "serial"
            _serial(items, sink, 1)
        else:
            n = workers or os.cpu_count() or 1
            executor = f"process pool ({n} workers)"
            if items:
                _pool(items, sink, chunk or design.chunk or 1, n)
    summary = SweepSummary(len(runs), len(runs) - len(todo), sink.done, sink.failed,
                           time.perf_counter() - start, executor)
    write_json(out / "status.json", {**summary.__dict__, "finished": len(finished(out)),
                                     "updated": datetime.now(UTC).isoformat(timespec="seconds")})
    return summary


class SweepError(ValueError):
    """A sweep that cannot start (e.g. no Dask scheduler at the address given)."""


@contextmanager
def _dask_client(dask: Any, workers: int | None) -> Iterator[Any]:
    """None (no Dask), a given Client, a LocalCluster on loopback (``"local"``), or a scheduler address."""
    if dask is None or not isinstance(dask, str):
        yield dask
        return
    from distributed import Client, LocalCluster

    if dask == "local":
        with LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                          host="127.0.0.1", dashboard_address="127.0.0.1:0") as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(dask, timeout="20s")
    except (OSError, TimeoutError, ValueError) as err:
        raise SweepError(f"--dask = {dask!r}: cannot reach a Dask scheduler there ({type(err).__name__}: {err}); "
                         "expected the address of a running `dask scheduler` (tcp://HOST:8786) or 'local'") from None
    with client:
        yield client


def load_results(out: Path | str) -> pd.DataFrame:
    """All finished runs' time series as one tidy frame (one row per run and step)."""
    files = sorted((Path(out) / "runs").glob("*.parquet"))
    if not files:
        raise DesignError(f"{out}: no finished runs (expected {Path(out) / 'runs'}/*.parquet)")
    return pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)


def load_manifest(out: Path | str) -> dict[str, Any]:
    path = Path(out) / "manifest.json"
    if not path.is_file():
        raise DesignError(f"{out}: not a sweep folder (no manifest.json); run `smartgov sweep DESIGN --out {out}`")
    return json.loads(path.read_text(encoding="utf-8"))
