"""The issue-15 effects script on a small problem: a row per mechanism and outcome, files written, bad input refused."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from smartgov.experiments import mechanism_effects as me


def test_small_run_writes_one_row_per_mechanism_and_outcome(tmp_path: Path) -> None:
    me.main(["--n-citizens", "100", "--replicates", "2", "--workers", "1", "--out", str(tmp_path)])
    table = pd.read_csv(tmp_path / "effects_n100.csv")
    assert len(table) == len(me.KNOCKOUTS) * len(me.OUTCOMES)
    assert set(table.mechanism) == set(me.KNOCKOUTS)
    assert table[["default", "knocked_out", "diff"]].notna().all().all()
    # the difference is the paired mean: default mean − knock-out mean
    assert (table["diff"] - (table["default"] - table["knocked_out"])).abs().max() < 1e-9
    assert "| mechanism" in (tmp_path / "effects_n100.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "field"), [(["--n-citizens", "0"], "n_citizens"),
                                             (["--replicates", "1"], "--replicates"),
                                             (["--workers", "0"], "--workers")])
def test_bad_input_is_refused_before_any_run(args: list[str], field: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as stop:
        me.main([*args, "--out", str(tmp_path / "out")])
    assert stop.value.code == 2
    assert field in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_an_unwritable_folder_is_refused_before_any_run(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(SystemExit) as stop:
        me.main(["--n-citizens", "100", "--replicates", "2", "--out", str(blocker / "out")])
    assert stop.value.code == 2
    assert "--out" in capsys.readouterr().err
