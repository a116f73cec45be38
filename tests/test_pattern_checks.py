"""Pattern checks against real figures (experiments/pattern_checks.py): the survey mapping, the table, bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from smartgov.experiments import pattern_checks as pc


def test_survey_band_reads_oecd_bands() -> None:
    """0.55 reads 6 ("moderately high": 6–10 is high), 0.44 reads 4 (0–4 is low), 0.5 reads 5 (neutral)."""
    np.testing.assert_array_equal(pc.survey_band(np.array([0.0, 0.44, 0.5, 0.56, 1.0])), [0, 4, 5, 6, 10])


def test_table_has_every_pattern_with_its_source(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert pc.main(["--out", str(tmp_path / "p"), "--n-citizens", "200", "--seeds", "2"]) == 0
    import pandas as pd

    table = pd.read_csv(tmp_path / "p" / "patterns.csv")
    assert [p.name for p in pc.PATTERNS] == table["pattern"].tolist()
    assert table["source"].str.len().gt(10).all()
    figures = table.set_index("pattern")[["model_mean", "model_q05", "model_q95"]]
    shares = figures.drop(index="trust_gap_voice").to_numpy()
    assert ((shares >= 0.0) & (shares <= 1.0)).all()
    gap = figures.loc["trust_gap_voice"].to_numpy()  # a difference of shares; NaN when nobody (at N = 200) has a say
    assert (np.isnan(gap) | ((gap >= -1.0) & (gap <= 1.0))).all()


@pytest.mark.parametrize(("args", "message"), [(["--seeds", "1"], "--seeds = 1 is not allowed"),
                                               (["--n-citizens", "5"], "--n-citizens = 5 is not allowed")])
def test_bad_input_exits_2_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture, args: list[str],
                                              message: str) -> None:
    assert pc.main(["--out", str(tmp_path / "p"), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not (tmp_path / "p").exists()
