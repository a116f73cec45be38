"""The fault suite (issue 14): a sweep interrupted with Ctrl-C, two resumes of one folder at once, a full disk and a
folder that turns read-only part-way. Each ends in one clear line (or exit code 130 for Ctrl-C), leaves only whole
files, and ``--resume`` then completes with exactly the results of an uninterrupted sweep.

Full disks and read-only folders are real: a small tmpfs is mounted (sessions and CI run as root, where ``chmod``
stops nothing; DESIGN §8) and remounted read-only or larger. Without root these tests are skipped, saying why.
SIGKILL then ``--resume`` is in tests/test_runner.py.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from smartgov.cli import main
from smartgov.experiments.design import load_design
from smartgov.experiments.runner import finished, load_results, sweep

pytestmark = pytest.mark.slow

DESIGN = """
scenario: baseline
method: grid
parameters:
  data_sharing: {{levels: [siloed, fusion]}}
  outreach_share: {{levels: [0.0, 0.2]}}
fixed: {{n_citizens: {n}}}
replicates: {replicates}
steps: {steps}
outcomes: [trust, trust_excluded, equity_gap, efficiency]
seed: 2026
"""
TIMEOUT = 240  # seconds for one smartgov process; the machine may be busy with other work


def write_design(folder: Path, replicates: int, steps: int, n: int = 300) -> Path:
    path = folder / f"design_{replicates}_{steps}_{n}.yaml"
    path.write_text(DESIGN.format(replicates=replicates, steps=steps, n=n), encoding="utf-8")
    return path


def smartgov(*args: str | Path, **options) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "smartgov", *map(str, args)], capture_output=True, text=True,
                          timeout=TIMEOUT, **options)


def _interruptible() -> None:
    """Ctrl-C as at a terminal: a shell's background job (``cmd &``, as CI scripts launch the suite) inherits SIGINT
    ignored, and Python then leaves it ignored, so the sweep would never see the test's Ctrl-C."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_sweep(design: Path, out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "smartgov", "sweep", str(design), "--out", str(out),
                             "--no-progress", *extra], start_new_session=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=_interruptible)


def wait_for_runs(proc: subprocess.Popen, out: Path, count: int, timeout: float = TIMEOUT) -> None:
    """Until ``count`` runs are saved in ``out`` (the sweep must still be running)."""
    deadline = time.monotonic() + timeout
    while not ((out / "runs").is_dir() and len(finished(out)) >= count):
        assert proc.poll() is None, f"the sweep ended before the fault: {proc.communicate()}"
        assert time.monotonic() < deadline, f"the sweep saved fewer than {count} runs in {timeout} s"
        time.sleep(0.02)


def resume(design: Path, out: Path, capsys: pytest.CaptureFixture) -> str:
    """``smartgov sweep --resume`` in this process (a CLI subprocess costs seconds); its exit code must be 0."""
    capsys.readouterr()
    code = main(["sweep", str(design), "--out", str(out), "--resume", "--workers", "0", "--no-progress"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Traceback" not in captured.err
    return captured.out


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one message line on stderr, got {len(lines)}:\n{stderr}"
    assert "Traceback" not in stderr
    return lines[0]


def leftovers(folder: Path) -> list[Path]:
    """Temporary files or staging folders (hidden names) anywhere under ``folder``."""
    return [p for p in folder.rglob(".*") if p.name.endswith(".tmp") or p.is_dir()]


def assert_complete(out: Path, design_path: Path, reference: pd.DataFrame) -> None:
    """Every run of the design saved once, whole, nothing temporary, identical to an uninterrupted sweep."""
    design = load_design(design_path)
    assert sorted(p.name for p in (out / "runs").iterdir()) == sorted(f"{r.run_id}.parquet" for r in design.runs())
    assert not leftovers(out), leftovers(out)
    assert not list((out / "errors").iterdir())
    frame = load_results(out)
    assert not frame.duplicated(["run_id", "step"]).any()
    pd.testing.assert_frame_equal(frame, reference, check_exact=True)


def process_group_gone(pgid: int, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


@pytest.fixture(scope="module")
def designs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, pd.DataFrame]]:
    """Small designs and their results from an uninterrupted serial sweep in this process: the references."""
    folder = tmp_path_factory.mktemp("designs")
    found = {}
    for name, (replicates, steps) in {"long": (12, 20), "short": (3, 8)}.items():
        path = write_design(folder, replicates, steps)
        summary = sweep(load_design(path), folder / name, workers=0, progress=False)
        assert summary.complete and summary.failed == 0
        found[name] = (path, load_results(folder / name))
    return found


class Tmpfs:
    """A small tmpfs mounted at ``path``; remounted larger or read-only by the tests, unmounted at the end."""

    def __init__(self, path: Path, size: str) -> None:
        self.path = path
        path.mkdir()
        if os.geteuid() != 0:
            pytest.skip("mounting a tmpfs (full disk, read-only folder) needs root; CI and sessions run as root")
        if shutil.which("mount") is None:
            pytest.skip("no mount command (util-linux) on this machine")
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"mount -t tmpfs is not permitted here ({done.stderr.strip()})")
        self.mounted = True

    def remount(self, options: str, timeout: float = 0.0) -> bool:
        """``mount -o remount,OPTIONS``; retried until ``timeout`` (read-only fails while a file is being written)."""
        deadline = time.monotonic() + timeout
        while True:
            done = subprocess.run(["mount", "-o", f"remount,{options}", str(self.path)], capture_output=True,
                                  text=True)
            if done.returncode == 0:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.005)

    def unmount(self) -> None:
        if self.mounted:
            subprocess.run(["umount", str(self.path)], capture_output=True)
            if os.path.ismount(self.path):
                subprocess.run(["umount", "-l", str(self.path)], capture_output=True)
            self.mounted = False


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[callable]:
    mounts: list[Tmpfs] = []

    def make(size: str, name: str = "disk") -> Tmpfs:
        mounts.append(Tmpfs(tmp_path / name, size))
        return mounts[-1]

    try:
        yield make
    finally:
        for mount in mounts:
            mount.unmount()


# -- Ctrl-C ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("to", ["process", "group"])
def test_ctrl_c_midway_then_resume_gives_exactly_the_design(to: str, designs, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture) -> None:
    """SIGINT to the sweep (``process``) or, as a terminal's Ctrl-C does, to its whole process group (``group``):
    exit code 130, one line, the workers stop, only whole files; ``--resume`` finishes with identical results."""
    path, reference = designs["long"]
    out = tmp_path / "interrupted"
    proc = start_sweep(path, out, "--workers", "1")
    try:
        wait_for_runs(proc, out, 3)
        if to == "process":
            proc.send_signal(signal.SIGINT)
        else:
            os.killpg(proc.pid, signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, (proc.returncode, stderr)
    assert one_line(stderr) == "smartgov sweep: interrupted"
    assert process_group_gone(proc.pid), "worker processes still running after Ctrl-C"
    partial = finished(out)
    assert 3 <= len(partial) < len(reference["run_id"].unique())
    assert not leftovers(out), leftovers(out)
    load_results(out)  # every saved file is whole
    assert f"{len(partial)} already done" in resume(path, out, capsys)
    assert_complete(out, path, reference)


# -- two resumes at once --------------------------------------------------------------------------------

def test_two_resumes_of_one_folder_at_once(designs, tmp_path: Path) -> None:
    """Both finish (or one refuses in one line); the folder ends complete, nothing duplicated, torn or temporary."""
    path, reference = designs["long"]
    out = tmp_path / "shared"
    saved: list[str] = []

    def stop_after_three(result: dict) -> None:
        saved.append(result["run_id"])
        if len(saved) == 3:
            raise KeyboardInterrupt  # as if the first session was interrupted
    with pytest.raises(KeyboardInterrupt):
        sweep(load_design(path), out, workers=0, progress=False, on_result=stop_after_three)
    assert len(finished(out)) == 3
    procs = [start_sweep(path, out, "--resume", "--workers", "1") for _ in range(2)]
    try:
        results = [proc.communicate(timeout=TIMEOUT) for proc in procs]
    finally:
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    codes = [proc.returncode for proc in procs]
    print(f"two resumes at once: exit codes {codes}; stderr {[err.strip()[-300:] for _, err in results]}")
    assert 0 in codes, results
    for proc, (_, stderr) in zip(procs, results, strict=True):
        assert proc.returncode in (0, 2), (proc.returncode, stderr)
        if proc.returncode == 2:
            one_line(stderr)  # a clean refusal
        else:
            assert "Traceback" not in stderr
    assert_complete(out, path, reference)


# -- full disk ------------------------------------------------------------------------------------------

def test_full_disk_during_run_leaves_nothing_then_a_rerun_succeeds(tmpfs) -> None:
    """``smartgov run`` writes ≈ 95 kB; on a 64 kB disk: exit 2, one line, no partial folder; with room: exit 0."""
    disk = tmpfs("64k")
    out = disk.path / "run"
    done = smartgov("run", "--n-citizens", "2000", "--steps", "104", "--out", out)
    assert done.returncode == 2, (done.returncode, done.stderr)
    line = one_line(done.stderr)
    assert line.startswith("smartgov run: error:")
    assert "cannot write" in line and "No space left on device" in line
    assert list(disk.path.iterdir()) == [], list(disk.path.rglob("*"))  # no half folder, no staging folder
    assert disk.remount("size=20m")
    assert main(["run", "--n-citizens", "2000", "--steps", "104", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "timeseries.csv", "timeseries.parquet"]
    assert not leftovers(disk.path)


def test_full_disk_partway_through_a_sweep_then_resume(designs, tmpfs, capsys: pytest.CaptureFixture) -> None:
    """Results of 48 runs do not fit in 200 kB: exit 2, one line naming the cause, only whole run files; with room,
    ``--resume`` completes with the results of an uninterrupted sweep."""
    path, reference = designs["long"]
    disk = tmpfs("200k")
    out = disk.path / "sweep"
    done = smartgov("sweep", path, "--out", out, "--workers", "0", "--no-progress")
    assert done.returncode == 2, (done.returncode, done.stderr)
    line = one_line(done.stderr)
    assert line.startswith("smartgov sweep: error:")
    assert "cannot write" in line and "No space left on device" in line
    assert not leftovers(disk.path), leftovers(disk.path)
    partial = finished(out)
    assert 0 < len(partial) < len(reference["run_id"].unique())  # part-way, not at the start
    load_results(out)  # the saved files are whole
    assert disk.remount("size=20m")
    assert f"{len(partial)} already done" in resume(path, out, capsys)
    assert_complete(out, path, reference)


def test_full_disk_before_the_first_run_leaves_no_folder(designs, tmpfs) -> None:
    """A disk with no room at all: the sweep refuses in one line and leaves no half-made result folder behind (a
    later sweep without --resume would call it 'not empty'); with room the same command then succeeds."""
    path, reference = designs["short"]
    disk = tmpfs("8k")
    filler = disk.path / "filler"
    with pytest.raises(OSError):
        filler.write_bytes(b"x" * 64 * 1024)
    out = disk.path / "sweep"
    done = smartgov("sweep", path, "--out", out, "--workers", "0", "--no-progress")
    assert done.returncode == 2, (done.returncode, done.stderr)
    line = one_line(done.stderr)
    assert "cannot write" in line and "No space left on device" in line
    assert not out.exists(), sorted(map(str, out.rglob("*")))
    assert not leftovers(disk.path)
    filler.unlink()
    assert disk.remount("size=20m")
    assert main(["sweep", str(path), "--out", str(out), "--workers", "0", "--no-progress"]) == 0
    assert_complete(out, path, reference)


# -- read-only mid-sweep --------------------------------------------------------------------------------

def test_folder_turns_read_only_midway_then_resume(designs, tmpfs, capsys: pytest.CaptureFixture) -> None:
    """The output's file system is remounted read-only while the sweep saves runs: exit 2 with one line naming
    "Read-only file system", only whole files; remounted writable, ``--resume`` completes with identical results."""
    path, reference = designs["long"]
    disk = tmpfs("20m")
    out = disk.path / "sweep"
    proc = start_sweep(path, out, "--workers", "1")
    try:
        wait_for_runs(proc, out, 3)
        assert disk.remount("ro", timeout=30), "could not remount read-only while the sweep runs"
        _, stderr = proc.communicate(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 2, (proc.returncode, stderr)
    line = one_line(stderr)
    assert line.startswith("smartgov sweep: error:")
    assert "cannot write" in line and "Read-only file system" in line
    assert process_group_gone(proc.pid), "worker processes still running after the sweep stopped"
    partial = finished(out)
    assert 3 <= len(partial) < len(reference["run_id"].unique())
    load_results(out)
    assert disk.remount("rw")
    assert not leftovers(disk.path), leftovers(disk.path)
    assert f"{len(partial)} already done" in resume(path, out, capsys)
    assert_complete(out, path, reference)


def test_tmpfs_fixture_unmounts(tmp_path: Path) -> None:
    """The mounts above never outlive their test (a stray mount would fill /proc/mounts and hold memory)."""
    assert not [line for line in Path("/proc/mounts").read_text().splitlines()
                if str(tmp_path.parent) in line and " tmpfs " in line]

