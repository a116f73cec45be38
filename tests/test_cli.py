"""`smartgov run` and friends, called as a user would (in-process and as a console script)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import smartgov
from smartgov.cli import main
from smartgov.model import metrics


def test_run_writes_timeseries_and_manifest(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "run"
    code = main(["run", "--scenario", "baseline", "--set", "service_rule=online_only", "--steps", "20",
                 "--seed", "3", "--n-citizens", "300", "--out", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    for spec in metrics.summary():  # every summary outcome of the registry, by its label
        assert (metrics.OUTCOMES[spec.family] if spec.family else spec).label_en in printed
    assert "included" in printed and "excluded" in printed
    parquet = pd.read_parquet(out / "timeseries.parquet")
    csv = pd.read_csv(out / "timeseries.csv")
    assert len(parquet) == 21 and (parquet["seed"] == 3).all()
    pd.testing.assert_frame_equal(parquet, csv, check_dtype=False)
    meta = json.loads((out / "manifest.json").read_text())
    assert meta["seed"] == 3 and meta["steps"] == 20 and meta["smartgov_version"] == smartgov.__version__
    assert meta["parameters"]["service_rule"] == "online_only" and meta["parameters"]["n_citizens"] == 300
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]  # no staging leftovers


def test_manifest_reproduces_the_run(tmp_path: Path) -> None:
    assert main(["run", "--steps", "15", "--seed", "9", "--n-citizens", "200", "--out", str(tmp_path / "a")]) == 0
    meta = json.loads((tmp_path / "a" / "manifest.json").read_text())
    overrides = [f"{k}={v}" for k, v in meta["parameters"].items()]
    args = ["run", "--steps", "15", "--seed", "9", "--out", str(tmp_path / "b")]
    for pair in overrides:
        args += ["--set", pair]
    assert main(args) == 0
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "a" / "timeseries.parquet"),
                                  pd.read_parquet(tmp_path / "b" / "timeseries.parquet"), check_exact=True)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "need_rat=0.1"], "parameter 'need_rat' = '0.1' is not allowed; expected one of the known"),
        (["--set", "need_rate=1.5"], "parameter 'need_rate' = 1.5 is not allowed; expected a number in [0, 1]"),
        (["--set", "n_agencies=three"], "parameter 'n_agencies' = 'three' is not allowed; expected an integer"),
        (["--set", "service_rule=fax"], "parameter 'service_rule' = 'fax' is not allowed; expected one of"),
        (["--set", "need_rate"], "KEY=VALUE"),
        (["--n-citizens", "3"], "parameter 'n_citizens' = 3 is not allowed"),
        (["--steps", "0"], "--steps = 0 is not allowed"),
        (["--scenario", "utopia"], "unknown scenario 'utopia'"),
    ],
)
def test_bad_input_exits_2_with_one_message_and_no_output(
    tmp_path: Path, capsys: pytest.CaptureFixture, args: list[str], message: str
) -> None:
    out = tmp_path / "out"
    code = main(["run", "--steps", "5", "--n-citizens", "100", "--out", str(out), *args])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_user_scenario_file(tmp_path: Path) -> None:
    scenario = tmp_path / "mine.yaml"
    scenario.write_text(
        "title: {en: Mine, zh: 我的}\ndescription: {en: test, zh: 测试}\nwatch: {en: trust, zh: 信任}\n"
        "source: test\nparameters: {service_rule: inclusive, outreach_share: 0.2}\n", encoding="utf-8")
    assert main(["run", "--scenario", str(scenario), "--steps", "5", "--n-citizens", "100",
                 "--out", str(tmp_path / "o")]) == 0
    meta = json.loads((tmp_path / "o" / "manifest.json").read_text())
    assert meta["parameters"]["service_rule"] == "inclusive"


def test_console_script_runs(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("smartgov")
    done = subprocess.run([str(exe), "run", "--steps", "3", "--n-citizens", "100", "--out", str(tmp_path / "x")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    bad = subprocess.run([str(exe), "run", "--set", "bogus=1", "--out", str(tmp_path / "y")],
                         capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and "bogus" in bad.stderr and not (tmp_path / "y").exists()


def test_params_command_lists_every_parameter(capsys: pytest.CaptureFixture) -> None:
    assert main(["params", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "need_rate" in out and "数据共享" in out
