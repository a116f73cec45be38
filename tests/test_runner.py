"""The sweep runner with real parts: process pools, a real Dask LocalCluster, SIGKILL and resume, lost workers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from tqdm import tqdm

from smartgov.cli import main
from smartgov.experiments.design import DesignError, parse_design
from smartgov.experiments.executors import Dask, Futures, ProcessPool, Serial
from smartgov.experiments.results import finished, load_results
from smartgov.experiments.runner import _Sink, run_design, sweep, work_items

DESIGN = """
scenario: baseline
method: grid
parameters:
  data_sharing: {{levels: [siloed, fusion]}}
  outreach_share: {{levels: [0.0, 0.2]}}
fixed: {{n_citizens: 300}}
replicates: {replicates}
steps: {steps}
outcomes: [trust, trust_excluded, equity_gap, efficiency]
seed: 2026
"""


def write_design(folder: Path, replicates: int = 3, steps: int = 6) -> Path:
    path = folder / "design.yaml"
    path.write_text(DESIGN.format(replicates=replicates, steps=steps), encoding="utf-8")
    return path


def design_of(path: Path):
    from smartgov.experiments.design import load_design

    return load_design(path)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    """The small design and its results run serially in this process: the reference."""
    folder = tmp_path_factory.mktemp("small")
    path = write_design(folder)
    summary = sweep(design_of(path), folder / "serial", workers=0, progress=False)
    assert summary.complete and summary.failed == 0
    return path, load_results(folder / "serial")


@pytest.fixture(scope="module")
def dask_client():
    """A real Dask cluster: two worker processes, dashboard on loopback only."""
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address="127.0.0.1:0")
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def test_serial_sweep_writes_runs_and_manifest(small: tuple[Path, pd.DataFrame]) -> None:
    path, frame = small
    design = design_of(path)
    out = path.parent / "serial"
    runs = design.runs()
    assert sorted(p.name for p in (out / "runs").iterdir()) == sorted(f"{r.run_id}.parquet" for r in runs)
    assert len(frame) == len(runs) * (design.steps + 1)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["digest"] == design.digest() and manifest["replicate_seeds"] == design.replicate_seeds()
    assert manifest["code"]["smartgov"] and "git_commit" in manifest["code"]
    by_run = {r["run_id"]: r for r in manifest["runs"]}
    for run_id, rows in frame.groupby("run_id"):  # every row records its run's seed and varied values
        assert (rows["seed"] == by_run[run_id]["seed"]).all()
        assert (rows["data_sharing"] == by_run[run_id]["values"]["data_sharing"]).all()
    assert (out / "design.yaml").read_text() == path.read_text()
    assert not list(out.rglob(".*.tmp"))


def test_pool_gives_identical_results(small: tuple[Path, pd.DataFrame], tmp_path: Path) -> None:
    path, reference = small
    summary = sweep(design_of(path), tmp_path / "pool", workers=2, progress=False)
    assert summary.done == summary.total and summary.failed == 0
    pd.testing.assert_frame_equal(load_results(tmp_path / "pool"), reference, check_exact=True)


def test_dask_gives_identical_results(small: tuple[Path, pd.DataFrame], dask_client, tmp_path: Path) -> None:
    path, reference = small
    assert len(dask_client.nthreads()) == 2
    summary = sweep(design_of(path), tmp_path / "dask", dask=dask_client, chunk=2, progress=False)
    assert summary.done == summary.total and summary.failed == 0 and summary.executor.startswith("dask")
    pd.testing.assert_frame_equal(load_results(tmp_path / "dask"), reference, check_exact=True)


def _kill_first_worker(killed: list[int]):
    """``on_result`` hook: SIGKILL the worker process that delivered the first result (it is busy again)."""
    def hook(result: dict) -> None:
        if not killed:
            killed.append(result["pid"])
            os.kill(result["pid"], signal.SIGKILL)
    return hook


@pytest.mark.parametrize("executor", ["pool", "dask"])
def test_killed_worker_costs_no_runs(executor: str, dask_client, tmp_path: Path) -> None:
    design = design_of(write_design(tmp_path, replicates=6, steps=30))
    killed: list[int] = []
    options = {"dask": dask_client, "chunk": 1} if executor == "dask" else {"workers": 2}
    summary = sweep(design, tmp_path / "killed", progress=False, on_result=_kill_first_worker(killed), **options)
    assert killed and killed[0] != os.getpid()
    assert summary.failed == 0 and summary.done == summary.total == len(design.runs())
    assert not list((tmp_path / "killed" / "errors").iterdir())
    sweep(design, tmp_path / "serial", workers=0, progress=False)
    pd.testing.assert_frame_equal(load_results(tmp_path / "killed"), load_results(tmp_path / "serial"),
                                  check_exact=True)


def test_sigkill_midway_then_resume_gives_exactly_the_design(tmp_path: Path) -> None:
    path = write_design(tmp_path, replicates=12, steps=30)
    design = design_of(path)
    out = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, "-m", "smartgov", "sweep", str(path), "--out", str(out),
                             "--workers", "1", "--no-progress"], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while len(finished(out)) < 3 if (out / "runs").is_dir() else True:
            assert proc.poll() is None, "the sweep ended before it could be killed"
            assert time.monotonic() < deadline, "the sweep wrote nothing in 120 s"
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the CLI, its fork server and its worker
        proc.wait()
    partial = finished(out)
    assert 3 <= len(partial) < len(design.runs())
    summary = sweep(design, out, workers=0, resume=True, progress=False)
    assert summary.skipped == len(partial) and summary.skipped + summary.done == summary.total
    assert sorted(p.name for p in (out / "runs").iterdir()) == sorted(f"{r.run_id}.parquet" for r in design.runs())
    assert not list(out.rglob(".*.tmp"))
    resumed = load_results(out)
    assert not resumed.duplicated(["run_id", "step"]).any()
    sweep(design, tmp_path / "whole", workers=0, progress=False)
    pd.testing.assert_frame_equal(resumed, load_results(tmp_path / "whole"), check_exact=True)


@pytest.mark.parametrize("executor", ["serial", "pool", "dask"])
def test_a_run_that_raises_is_recorded_and_the_sweep_goes_on(executor: str, dask_client, tmp_path: Path) -> None:
    design = parse_design(DESIGN.format(replicates=1, steps=3))
    runs = design.runs()
    items = work_items(design, runs)
    items[1]["params"]["need_rate"] = 2.0  # fails inside the worker, as a model error would
    for sub in ("runs", "errors"):
        (tmp_path / sub).mkdir()
    chosen = {"serial": Serial(), "pool": ProcessPool(2), "dask": Dask(dask_client)}[executor]
    with tqdm(disable=True) as bar, chosen as running:
        sink = _Sink(tmp_path, bar, None)
        for results in running.results([items[i:i + 2] for i in range(0, len(items), 2)]):
            for result in results:
                sink(result)
    assert sink.done == len(items) - 1 and sink.failed == 1
    error = json.loads((tmp_path / "errors" / f"{runs[1].run_id}.json").read_text())
    assert "ParameterError" in error["error"] and "need_rate" in error["error"] and "Traceback" in error["traceback"]
    assert finished(tmp_path) == {r.run_id for r in runs} - {runs[1].run_id}


def test_existing_output_needs_resume_and_the_same_design(small: tuple[Path, pd.DataFrame], tmp_path: Path,
                                                          capsys: pytest.CaptureFixture) -> None:
    path, _ = small
    out = path.parent / "serial"
    before = sorted(p.stat().st_mtime_ns for p in out.rglob("*"))
    assert main(["sweep", str(path), "--out", str(out), "--workers", "0", "--no-progress"]) == 2
    assert "already holds results; pass --resume" in capsys.readouterr().err
    other = tmp_path / "other.yaml"
    other.write_text(path.read_text().replace("seed: 2026", "seed: 7"), encoding="utf-8")
    assert main(["sweep", str(other), "--out", str(out), "--resume", "--workers", "0", "--no-progress"]) == 2
    assert "holds results of a different design" in capsys.readouterr().err
    assert sorted(p.stat().st_mtime_ns for p in out.rglob("*")) == before  # nothing touched
    assert main(["sweep", str(path), "--out", str(out), "--resume", "--workers", "0", "--no-progress"]) == 0
    assert "0 runs done, 12 already done, 0 failed, of 12" in capsys.readouterr().out
    with pytest.raises(DesignError):
        sweep(design_of(other), out, workers=0, resume=True, progress=False)


def test_any_concurrent_futures_executor_gives_identical_results(small: tuple[Path, pd.DataFrame]) -> None:
    """An HPC user's executor (here the standard library's process pool) runs designs like ours do."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    path, reference = small
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("forkserver")) as pool:
        frame = run_design(design_of(path), executor=Futures(pool), progress=False)
    pd.testing.assert_frame_equal(frame, reference, check_exact=True)


def test_in_memory_results_equal_the_saved_ones(small: tuple[Path, pd.DataFrame], tmp_path: Path) -> None:
    """``run_design`` without a folder touches no disk and returns what a saved sweep holds, in design order."""
    path, reference = small
    before = set(tmp_path.iterdir())
    frame = run_design(design_of(path), workers=0, progress=False)
    assert set(tmp_path.iterdir()) == before
    pd.testing.assert_frame_equal(frame, reference, check_exact=True)
