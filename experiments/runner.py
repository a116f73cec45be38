"""The one runner: every multi-run task — a sweep, a scenario comparison, the validation suite — is a design run
on an executor (this process, a local process pool, a Dask cluster, any ``concurrent.futures`` executor).

In memory (``out=None``) :func:`run_design` returns the runs' time series as one DataFrame. With an output
folder it is resumable::

    OUT/manifest.json          the resolved design (with its posterior: file, hash, draws), its digest, every run's
                           seed, values and posterior draw, provenance
    OUT/design.yaml            the design file as given (designs read from a file)
    OUT/runs/<run_id>.parquet  one file per finished run (time series; run id, scenario, seed, varied values)
    OUT/errors/<run_id>.json   one file per run that raised (message and traceback); the others go on
    OUT/status.json            counts and timing of the last session

Every file is written atomically (:mod:`smartgov.experiments.results`), so a run killed at any moment leaves
only whole files; ``resume=True`` skips the runs that have one. Results depend only on parameters and seed, so
the same design gives identical files whichever executor ran it.
"""

from __future__ import annotations

import contextlib
import os
import platform
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from smartgov.experiments import limits
from smartgov.experiments.design import Design, DesignError, Run
from smartgov.experiments.executors import ExecutorError, as_executor
from smartgov.experiments.results import (
    ResultsError,
    atomic_write,
    check_output_folder,
    finished,
    load_manifest,
    load_results,
    make_folder,
    manifest,
    ordered,
    write_json,
    write_parquet,
)
from smartgov.scenarios import load

ID_COLUMNS = ("run_id", "point", "replicate", "scenario")  # inserted before step and seed in every run's frame
SweepError = ExecutorError  # the name sweeps used before executors were public


@dataclass
class RunSummary:
    total: int
    skipped: int  # already finished before this session (resume)
    done: int  # finished in this session
    failed: int  # raised, or lost its worker too often
    seconds: float
    executor: str

    @property
    def complete(self) -> bool:
        return self.skipped + self.done == self.total


SweepSummary = RunSummary


# -- the work done on a worker ------------------------------------------------------------------------

def run_one(item: dict[str, Any]) -> dict[str, Any]:
    """One run from plain data (picklable, no file access): the time series, or the error it raised."""
    from smartgov.experiments.single_run import run_model
    from smartgov.model.params import Params

    try:
        frame = run_model(Params.from_mapping(item["params"]), item["seed"], item["steps"], item.get("events"))
        for position, name in enumerate(ID_COLUMNS):
            frame.insert(position, name, item[name])
        for position, (name, value) in enumerate(item["values"].items(), start=len(ID_COLUMNS) + 2):
            frame.insert(position, name, value)
        return {"run_id": item["run_id"], "frame": frame, "error": None, "pid": os.getpid()}
    except Exception as err:  # recorded, never fatal: one bad corner of parameter space must not stop the rest
        return {"run_id": item["run_id"], "frame": None, "error": f"{type(err).__name__}: {err}",
                "traceback": traceback.format_exc(), "pid": os.getpid(), "host": platform.node()}


def work_items(design: Design, runs: list[Run]) -> list[dict[str, Any]]:
    """The runs as plain data for workers, each with its full, validated parameters and its scenario's policy
    timeline (plain data; None without one)."""
    scenarios = {source: load(source) for source in design.scenarios}
    return [{"run_id": r.run_id, "point": r.point, "replicate": r.replicate, "scenario": r.scenario,
             "seed": r.seed, "steps": design.steps, "values": r.values,
             "params": scenarios[r.source].params(**r.parameters).to_dict(),
             "events": scenarios[r.source].events or None} for r in runs]


# -- output folder ----------------------------------------------------------------------------------

def design_manifest(design: Design, runs: list[Run], design_text: str | None) -> dict[str, Any]:
    return manifest(
        "design",
        design=design.to_dict(), digest=design.digest(), design_file=design.path, design_text=design_text,
        problem=design.problem(), replicate_seeds=design.replicate_seeds(),
        parameters={name: load(source).params(**design.fixed).to_dict()
                    for name, source in zip(design.scenario_names(), design.scenarios, strict=True)},
        events={name: load(source).events for name, source in zip(design.scenario_names(), design.scenarios,
                                                                   strict=True) if load(source).events},
        runs=[{"run_id": r.run_id, "scenario": r.scenario, "point": r.point, "replicate": r.replicate,
               "seed": r.seed, "values": r.values, **({"draw": r.draw} if design.posterior else {})} for r in runs],
    )


def prepare(design: Design, out: Path, resume: bool, max_runs: int = limits.MAX_RUNS) -> list[Run]:
    """Check the output folder against the design (before anything is written) and set it up."""
    check_output_folder(out)
    runs = design.runs(max_runs)
    manifest_path = out / "manifest.json"
    if manifest_path.exists():
        if not resume:
            raise DesignError(f"{out}: already holds results; pass resume=True to continue them, or choose "
                              "another output folder")
        old = load_manifest(out, required=("digest",))
        if old.get("digest") != design.digest():
            raise DesignError(f"{out}: holds results of a different design (digest {old.get('digest')}, this "
                              f"design {design.digest()}); resume with the same design or choose another folder")
    elif out.exists() and any(out.iterdir()) and not resume:
        raise DesignError(f"{out}: folder exists and is not empty; choose a new output folder")
    if manifest_path.exists():
        make_folder(out / "runs")
        make_folder(out / "errors")
        for odd in (out / "runs").glob("*.parquet"):
            if not odd.is_file():
                raise ResultsError(f"{odd}: expected a run file, found a folder; remove it and resume again")
        for stale in [*(out / "runs").glob(".*.tmp"), *(out / "errors").glob(".*.tmp"), *out.glob(".*.tmp")]:
            stale.unlink(missing_ok=True)  # left by a killed session: never a result
        return runs
    created = [folder for folder in (*reversed(out.parents), out) if not folder.exists()]
    try:  # a new folder is set up whole or not at all (a full disk must not leave a half-made folder behind)
        make_folder(out / "runs")
        make_folder(out / "errors")
        text = Path(design.path).read_text(encoding="utf-8") if design.path and Path(design.path).is_file() else None
        if text is not None:
            atomic_write(out / "design.yaml", lambda tmp: tmp.write_text(text, encoding="utf-8"))
        write_json(manifest_path, design_manifest(design, runs, text))  # last: its presence marks a set-up folder
    except BaseException:
        for folder in (out / "errors", out / "runs", out / "design.yaml", *reversed(created)):
            with contextlib.suppress(OSError):
                folder.unlink() if folder.is_file() else folder.rmdir()  # only what this call made, only if empty
        raise
    return runs


class _Sink:
    """Keeps each result as it arrives (on disk, in memory, or both) and counts."""

    def __init__(self, out: Path | None, bar: Any, on_result: Callable[[dict[str, Any]], None] | None) -> None:
        self.out, self.bar, self.on_result = out, bar, on_result
        self.done = self.failed = 0
        self.frames: dict[str, pd.DataFrame] = {}
        self.errors: dict[str, str] = {}

    def __call__(self, result: dict[str, Any]) -> None:
        run_id = result["run_id"]
        if result["error"] is None:
            if self.out is not None:
                write_parquet(self.out / "runs" / f"{run_id}.parquet", result["frame"])
                (self.out / "errors" / f"{run_id}.json").unlink(missing_ok=True)
            else:
                self.frames[run_id] = result["frame"]
            self.done += 1
        else:
            if self.out is not None:
                write_json(self.out / "errors" / f"{run_id}.json", {k: v for k, v in result.items() if k != "frame"})
            self.errors[run_id] = result["error"]
            self.failed += 1
        self.bar.update(1)
        if self.on_result is not None:
            self.on_result(result)


# -- running ------------------------------------------------------------------------------------------

def execute(design: Design, out: Path | str | None = None, *, executor: Any = None, workers: int | None = None,
            resume: bool = False, chunk: int | None = None, progress: bool = True, max_runs: int = limits.MAX_RUNS,
            on_result: Callable[[dict[str, Any]], None] | None = None) -> tuple[RunSummary, pd.DataFrame | None]:
    """Run every unfinished run of ``design``; returns the summary and, without ``out``, the results in memory.

    ``executor``: None (a local process pool of ``workers``, default one per CPU; ``workers=0`` runs here), a
    Dask scheduler address or ``"local"``, a ``distributed.Client``, any ``concurrent.futures.Executor`` or a
    :class:`~smartgov.experiments.executors.Executor`. ``on_result`` is called after each result is kept.
    ``max_runs`` refuses a larger design before it is expanded.
    """
    from tqdm import tqdm

    if workers is not None:
        limits.check("workers", workers)
    if chunk is not None:
        limits.check_int("chunk", chunk, 1, limits.MAX_REPLICATES, "runs per task")
    design.check_size(max_runs)
    target = check_output_folder(out) if out is not None else None
    chosen = as_executor(executor, workers)
    with chosen as running:  # connect first: an unreachable cluster leaves nothing behind
        runs = prepare(design, target, resume, max_runs) if target is not None else design.runs(max_runs)
        done_before = finished(target) if target is not None else set()
        todo = [r for r in runs if r.run_id not in done_before]
        items = work_items(design, todo)
        size = chunk or design.chunk or running.chunk_size(len(items))
        parts = [items[i:i + size] for i in range(0, len(items), size)]
        start = time.perf_counter()
        with tqdm(total=len(runs), initial=len(runs) - len(todo), unit="run", desc=design.name,
                  disable=not progress, smoothing=0.1, dynamic_ncols=True) as bar:
            sink = _Sink(target, bar, on_result)
            arriving = running.results(parts)
            try:
                for results in arriving:
                    for result in results:
                        sink(result)
            finally:
                arriving.close()  # a failure here (disk full, Ctrl-C) stops the workers at once
        summary = RunSummary(len(runs), len(runs) - len(todo), sink.done, sink.failed,
                             time.perf_counter() - start, running.describe())
    if target is None:
        if sink.errors:
            first = next(iter(sink.errors.items()))
            raise RuntimeError(f"{len(sink.errors)} of {len(runs)} runs failed; first: {first[0]}: {first[1]}")
        return summary, ordered(list(sink.frames.values()), [r.run_id for r in runs])
    write_json(target / "status.json", {**summary.__dict__, "finished": len(finished(target)),
                                        "updated": datetime.now(UTC).isoformat(timespec="seconds")})
    return summary, None


def run_design(design: Design, out: Path | str | None = None, **options: Any) -> pd.DataFrame:
    """Run ``design`` and return every run's time series (one row per run and step), in design order.

    Without ``out`` nothing touches the disk (notebooks); with ``out`` runs are saved as they finish and the
    call can be resumed (``resume=True``). Options as for :func:`execute`.
    """
    summary, frame = execute(design, out, **options)
    if frame is not None:
        return frame
    if summary.failed:
        raise RuntimeError(f"{summary.failed} of {summary.total} runs failed; see {Path(out) / 'errors'}/ and rerun "
                           "with resume=True (--resume) to try them again")
    return load_results(out, design.run_ids())


def sweep(design: Design, out: Path | str, *, workers: int | None = None, dask: Any = None, resume: bool = False,
          chunk: int | None = None, progress: bool = True,
          on_result: Callable[[dict[str, Any]], None] | None = None) -> RunSummary:
    """Run a design into ``out`` (a resumable sweep); ``dask`` is an address, ``"local"`` or a Client."""
    summary, _ = execute(design, out, executor=dask, workers=workers, resume=resume, chunk=chunk,
                         progress=progress, on_result=on_result)
    return summary
