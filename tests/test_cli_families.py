"""A few real command lines per bad-input family of issue 14, each run as a `smartgov` process: result folders and
manifests, output paths, huge or odd numbers, silent acceptance, pipes and slow refusal (faults are in
tests/test_faults.py, YAML structure in tests/test_safe_load.py).

The contract (README): bad input exits with code 2 and ONE line on stderr, ``smartgov COMMAND: error: ...``, naming
the option or field, the value and what is allowed, with no traceback, and leaves no output behind. The processes
are started together, two at a time (each costs seconds of start-up), in one module fixture; each case is then
checked on its own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest

from smartgov.experiments.design import load_design
from smartgov.experiments.runner import sweep

TIMEOUT = 300
MAX_MESSAGE = 600
LONG = "9" * 5000
DESIGN = """
scenario: baseline
method: grid
parameters:
  data_sharing: {levels: [siloed, fusion]}
  outreach_share: {levels: [0.0, 0.2]}
fixed: {n_citizens: 50}
replicates: 2
steps: 3
outcomes: [trust, trust_excluded, equity_gap, efficiency]
seed: 2026
"""
LEVERS = ["data_sharing", "anonymization", "vendor_analytics", "service_rule", "counter_share", "outreach_share",
          "proxy_help", "responsiveness", "algorithm", "algorithm_reliance", "trace_management",
          "security_investment", "oversight", "graded_management", "training_rate", "device_subsidy"]
HUGE = {  # designs of 10**10 runs and more: refused when counted, before anything is sampled
    "grid_1000_levels": {"method": "grid", "levels": 1000, "replicates": 10,
                         "parameters": {p: None for p in ["counter_share", "outreach_share", "proxy_help",
                                                          "responsiveness"]}},
    "lhs_2e20_x_10000": {"method": "lhs", "samples": 2**20, "replicates": 10_000,
                         "parameters": {"outreach_share": None}},
    "sobol_2e20_every_lever": {"method": "sobol", "samples": 2**20, "replicates": 10_000,
                               "parameters": {p: None for p in LEVERS}},
}

@dataclass
class Case:
    family: str
    argv: list[str]  # {w} is the workspace folder
    needles: list[str]  # must appear in the one stderr line (option or field, value)
    absent: list[str] = field(default_factory=list)  # paths that must not exist afterwards
    code: int = 2
    xfail: str | None = None
    root: bool = False  # needs a tmpfs mount


CASES: dict[str, Case] = {
    # -- result folders and manifests ---------------------------------------------------------------
    "manifest is a list": Case("results", ["analyze", "{w}/m_list"], ["m_list/manifest.json", "list"],
                               ["{w}/m_list/analysis"]),
    "manifest is null": Case("results", ["analyze", "{w}/m_null"], ["m_null/manifest.json"], ["{w}/m_null/analysis"]),
    "manifest is empty": Case("results", ["analyze", "{w}/m_empty"], ["m_empty/manifest.json"],
                              ["{w}/m_empty/analysis"]),
    "manifest misses a key (resume)": Case("results", ["sweep", "{w}/design.yaml", "--out", "{w}/m_missing",
                                                       "--resume", "--workers", "0", "--no-progress"],
                                           ["m_missing/manifest.json", "digest"]),
    "manifest has an unknown key": Case("results", ["analyze", "{w}/m_unknown"], ["m_unknown/manifest.json",
                                                                                  "surprise"],
                                        ["{w}/m_unknown/analysis"]),
    "manifest's design has an unknown key": Case("results", ["analyze", "{w}/m_unknown_design"],
                                                 ["m_unknown_design/manifest.json", "surprise"],
                                                 ["{w}/m_unknown_design/analysis"]),
    "damaged Parquet footer": Case("results", ["analyze", "{w}/p_footer", "--no-figures"], ["p00000_r000.parquet"],
                                   ["{w}/p_footer/analysis"]),
    "Parquet of the wrong schema": Case("results", ["analyze", "{w}/p_schema", "--no-figures"],
                                        ["p00000_r000.parquet"], ["{w}/p_schema/analysis"]),
    "a folder where a run file should be (resume)": Case("results", ["sweep", "{w}/design.yaml", "--out",
                                                                     "{w}/p_folder", "--resume", "--workers", "0",
                                                                     "--no-progress"], ["p00000_r000.parquet"]),
    # -- output paths -------------------------------------------------------------------------------
    "run --out under /proc": Case("paths", ["run", "--steps", "2", "--n-citizens", "50", "--out",
                                            "/proc/smartgov-test/out"], ["--out", "/proc/smartgov-test/out"]),
    "run --out 300-character name": Case("paths", ["run", "--steps", "2", "--n-citizens", "50", "--out",
                                                   "{w}/" + "n" * 300], ["--out"], ["{w}/" + "n" * 300]),
    "sweep --out an existing file": Case("paths", ["sweep", "{w}/design.yaml", "--out", "{w}/afile", "--workers",
                                                   "0", "--no-progress"], ["--out", "afile"]),
    "compare --out under a file": Case("paths", ["compare", "baseline", "digital_only", "--replicates", "2",
                                                 "--steps", "2", "--n-citizens", "50", "--out", "{w}/afile/sub",
                                                 "--no-progress"], ["--out", "afile"]),
    "analyze --out ''": Case("paths", ["analyze", "{w}/sweep", "--out", ""], ["--out", "''"]),
    "params --update-docs in a read-only folder": Case("paths", ["params", "--update-docs", "{w}/ro/model.md"],
                                                       ["ro/model.md", "Read-only file system"], root=True),
    # -- huge or odd numbers ------------------------------------------------------------------------
    "run --seed 2**64": Case("numbers", ["run", "--seed", str(2**64), "--out", "{w}/o_seed"],
                             ["--seed", str(2**64)], ["{w}/o_seed"]),
    "run --seed -1": Case("numbers", ["run", "--seed", "-1", "--out", "{w}/o_seed1"], ["--seed", "-1"],
                          ["{w}/o_seed1"]),
    "run --steps 10**30": Case("numbers", ["run", "--steps", str(10**30), "--out", "{w}/o_steps"],
                               ["--steps", str(10**30)], ["{w}/o_steps"]),
    "sweep --workers 10**20": Case("numbers", ["sweep", "{w}/design.yaml", "--out", "{w}/o_workers", "--workers",
                                               str(10**20)], ["--workers", str(10**20)], ["{w}/o_workers"]),
    "compare --replicates 10**9": Case("numbers", ["compare", "baseline", "digital_only", "--replicates",
                                                   str(10**9), "--out", "{w}/o_reps"], ["--replicates", str(10**9)],
                                       ["{w}/o_reps"]),
    **{f"sweep design {name}": Case("numbers", ["sweep", "{w}/" + name + ".yaml", "--out", "{w}/o_" + name],
                                    [name, "runs"], ["{w}/o_" + name]) for name in HUGE},
    "bench --sizes 0": Case("numbers", ["bench", "--sizes", "0"], ["--sizes", "0"]),
    "a 5,000-character value": Case("numbers", ["run", "--set", "outreach_share=" + LONG, "--out", "{w}/o_long"],
                                    ["outreach_share"], ["{w}/o_long"]),
    # -- silent acceptance --------------------------------------------------------------------------
    "analyze --prim 'trust>inf'": Case("silent", ["analyze", "{w}/sweep", "--prim", "trust>inf"],
                                       ["--prim", "trust>inf"], ["{w}/sweep/analysis"]),
    "analyze --prim ''": Case("silent", ["analyze", "{w}/sweep", "--prim", ""], ["--prim", "''"],
                              ["{w}/sweep/analysis"]),
    "analyze --prim on an outcome not in the design": Case("silent", ["analyze", "{w}/sweep", "--prim",
                                                                      "need_met_excluded<0.5"],
                                                           ["--prim", "need_met_excluded"], ["{w}/sweep/analysis"]),
    "run --set n_citizens and --n-citizens disagree": Case(
        "silent", ["run", "--steps", "2", "--set", "n_citizens=60", "--n-citizens", "50", "--out", "{w}/o_both"],
        ["--n-citizens", "n_citizens"], ["{w}/o_both"]),
    # -- slow refusal -------------------------------------------------------------------------------
    "sweep --dask at a closed port": Case("slow", ["sweep", "{w}/design.yaml", "--out", "{w}/o_dask", "--dask",
                                                   "tcp://127.0.0.1:1"], ["--dask", "tcp://127.0.0.1:1"],
                                          ["{w}/o_dask"]),
}
PIPES = {  # a reader that stops early: no traceback, no BrokenPipeError
    "scenarios | head -1": "scenarios | head -1",
    "params | head -1": "params | head -1",
    "params --markdown | true (reader gone before the first write)": "params --markdown | true",
}


def mount_read_only(folder: Path, source: Path) -> bool:
    """A tmpfs at ``folder`` holding a copy of ``source``, remounted read-only (root only)."""
    folder.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)]).returncode != 0:
        return False
    shutil.copy(source, folder / "model.md")
    return subprocess.run(["mount", "-o", "remount,ro", str(folder)]).returncode == 0


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory):
    """A finished tiny sweep, its damaged copies, huge designs, a file, a read-only folder."""
    import yaml

    w = tmp_path_factory.mktemp("families")
    (w / "design.yaml").write_text(DESIGN, encoding="utf-8")
    (w / "afile").write_text("a file, not a folder\n", encoding="utf-8")
    summary = sweep(load_design(w / "design.yaml"), w / "sweep", workers=0, progress=False)
    assert summary.complete
    real = json.loads((w / "sweep" / "manifest.json").read_text(encoding="utf-8"))

    def copy(name: str) -> Path:
        shutil.copytree(w / "sweep", w / name)
        return w / name

    for name, data in {"m_list": [real], "m_null": None, "m_empty": {},
                       "m_missing": {k: v for k, v in real.items() if k != "digest"},
                       "m_unknown": {**real, "surprise": 1},
                       "m_unknown_design": {**real, "design": {**real["design"], "surprise": 1}}}.items():
        (copy(name) / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    run_file = Path("runs") / "p00000_r000.parquet"
    data = (copy("p_footer") / run_file).read_bytes()
    (w / "p_footer" / run_file).write_bytes(data[:-8] + b"\0" * 8)  # footer length and magic overwritten
    pd.DataFrame({"trust": ["high"], "step": [0.5]}).to_parquet(copy("p_schema") / run_file)
    (copy("p_folder") / run_file).unlink()
    (w / "p_folder" / run_file).mkdir()
    base = yaml.safe_load(DESIGN)
    for name, changes in HUGE.items():
        doc = {**{k: v for k, v in base.items() if k != "parameters"}, **changes}
        (w / f"{name}.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    read_only = mount_read_only(w / "ro", Path(__file__).parents[1] / "docs" / "model.md")
    try:
        yield w, read_only
    finally:
        if os.path.ismount(w / "ro"):
            subprocess.run(["umount", str(w / "ro")])


@dataclass
class Done:
    code: int
    stdout: str
    stderr: str
    seconds: float
    snapshot: dict[str, float] = field(default_factory=dict)


def snapshot(folder: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for p in folder.rglob("*") if p.is_file() and "/ro/" not in str(p)}


@pytest.fixture(scope="module")
def done(workspace) -> dict[str, Done]:
    """Every case's process, two at a time (see the module docstring)."""
    w, read_only = workspace
    before = snapshot(w)

    def one(name: str) -> tuple[str, Done]:
        case = CASES[name]
        argv = [a.replace("{w}", str(w)) for a in case.argv]
        start = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "smartgov", *argv], capture_output=True, text=True,
                              timeout=TIMEOUT, cwd=w, stdin=subprocess.DEVNULL)
        return name, Done(proc.returncode, proc.stdout, proc.stderr, time.monotonic() - start)

    def pipe(name: str) -> tuple[str, Done]:
        command = f"{sys.executable} -m smartgov {PIPES[name]}; echo \"smartgov exit code ${{PIPESTATUS[0]}}\" >&2"
        start = time.monotonic()
        proc = subprocess.run(["bash", "-c", f"set +o pipefail; {command}"], capture_output=True, text=True,
                              timeout=TIMEOUT, cwd=w)
        return name, Done(proc.returncode, proc.stdout, proc.stderr, time.monotonic() - start)

    names = [n for n in CASES if read_only or not CASES[n].root]
    with ThreadPoolExecutor(2) as pool:
        found = dict(pool.map(one, names)) | dict(pool.map(pipe, PIPES))
    changed = {path for path, mtime in snapshot(w).items() if before.get(path) != mtime}
    for name, result in found.items():
        mine = {a.replace("{w}", str(w)).split("/")[len(w.parts)] for a in CASES[name].argv
                if a.startswith("{w}/")} if name in CASES else set()
        result.snapshot = {p: 0.0 for p in changed if Path(p).relative_to(w).parts[0] in mine}
    return found


def params():
    for name, case in CASES.items():
        marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
        yield pytest.param(name, id=f"{case.family}: {name}", marks=marks)


@pytest.mark.parametrize("name", list(params()))
def test_bad_input_is_one_clean_line(name: str, workspace, done: dict[str, Done]) -> None:
    w, read_only = workspace
    case = CASES[name]
    if case.root and not read_only:
        pytest.skip("a read-only folder needs a tmpfs mount (root); chmod does not stop root")
    result = done[name]
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.code == case.code, (result.code, result.stderr[-1000:])
    lines = result.stderr.rstrip("\n").split("\n")
    assert len(lines) == 1, result.stderr[-2000:]
    command = case.argv[0]
    assert lines[0].startswith(f"smartgov {command}: error: "), lines[0]
    assert len(lines[0]) < MAX_MESSAGE, f"{len(lines[0])} characters: {lines[0][:300]}…"
    message = lines[0].replace(str(w) + "/", "")
    for needle in case.needles:
        assert needle.replace("{w}/", "") in message, (needle, lines[0])
    for path in case.absent:
        assert not os.path.lexists(path.replace("{w}", str(w))), f"{path} was left behind"
    assert not result.snapshot, f"files written or changed in this command's folders: {sorted(result.snapshot)[:5]}"


@pytest.mark.parametrize("name", list(PIPES))
def test_a_reader_that_stops_early_gets_no_traceback(name: str, done: dict[str, Done]) -> None:
    result = done[name]
    assert "Traceback" not in result.stderr and "BrokenPipeError" not in result.stderr, result.stderr[-2000:]
    assert "Exception ignored" not in result.stderr, result.stderr[-2000:]
    status = result.stderr.strip().splitlines()[-1]
    assert status in ("smartgov exit code 0", "smartgov exit code 1"), result.stderr[-2000:]  # 1: reader gone
    assert result.stderr.strip().splitlines()[:-1] == [], result.stderr
    if "head -1" in PIPES[name]:
        assert len(result.stdout.splitlines()) == 1


def test_report_times(done: dict[str, Done], capsys: pytest.CaptureFixture) -> None:
    """Not a timed test (DESIGN §6): prints each process's wall time for the record (run with -s)."""
    with capsys.disabled():
        print()
        for name, result in sorted(done.items(), key=lambda item: -item[1].seconds):
            print(f"  {result.seconds:5.1f} s  exit {result.code}  {name}")
