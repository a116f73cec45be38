"""The redress channel's calibration against Beijing's 12345 hotline (experiments/redress_calibration.py,
`smartgov calibrate --pattern redress`): what is fitted and what is held out, the statistics, the simulator's
response to its parameters, the command end to end and its bad input.

The ABC-SMC machinery is shared with the inclusion calibration and tested there on problems with a known answer
(tests/test_calibration.py); a recovery test of the hotline's own parameters would take tens of minutes (each
simulation is a burned-in run of the whole model), so it is a documented command, not a test.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smartgov.cli import main
from smartgov.commands import calibrate as command
from smartgov.experiments import redress_calibration as rc
from smartgov.model.params import field_info

pyabc = pytest.importorskip("pyabc")  # the `calibrate` extra; CI installs it with `test`


def test_command_lists_match_the_library() -> None:
    assert command.REDRESS_CALIBRATABLE == rc.CALIBRATABLE
    assert command.PATTERNS["redress"] == (rc.CALIBRATABLE, rc.DEFAULT_PARAMETERS)


def test_priors_are_the_params_ranges() -> None:
    from smartgov.experiments.calibration import CalibrationError, prior_bounds

    for name, (lo, hi) in prior_bounds(rc.CALIBRATABLE, rc.CALIBRATABLE).items():
        assert (lo, hi) == tuple(field_info(name).metadata["range"])
    with pytest.raises(CalibrationError, match=r"parameters = 'innovation' is not allowed"):
        prior_bounds(["innovation"], rc.CALIBRATABLE)


def test_2020_volume_is_held_out_and_never_fitted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only 2019 figures and the 2020 channel mix (which CALIBRATION.md allows) reach the fitting code."""
    assert {(t.statistic, t.year) for t in rc.TARGETS} == {
        ("requests_per_resident", 1), ("request_resolution", 1), ("remote_phone_share", 2)}
    assert all(t.year == 2 for t in rc.HOLDOUT)
    seen = {}

    def spy(model, bounds, observed, scales, out, **kwargs):  # stop after recording what would be fitted
        seen.update(observed=dict(observed))
        raise RuntimeError("stop")

    monkeypatch.setattr(rc, "calibrate", spy)
    with pytest.raises(RuntimeError, match="stop"):
        rc.run(tmp_path / "out", predict_draws=10)
    assert seen["observed"] == {t.label: t.value for t in rc.TARGETS}
    assert not set(seen["observed"]) & {t.label for t in rc.HOLDOUT}


def test_year_statistics_pool_the_channel_shares_by_volume() -> None:
    """Year 1 is weeks 1–52 (step 0, the burned-in state, is not in it); the phone share is pooled over requests,
    not averaged over weeks; a week with no closed order does not count towards resolution."""
    steps = np.arange(0, 105)
    frame = pd.DataFrame({
        "step": steps,
        "requests_per_resident": np.where(steps % 2 == 0, 3.0, 1.0),
        "request_phone_share": np.where(steps % 2 == 0, 0.5, 1.0),
        "request_online_share": np.where(steps % 2 == 0, 0.5, 0.0),
        "request_resolution": np.where(steps % 4 == 0, np.nan, 0.8),
    })
    frame.loc[0, "requests_per_resident"] = 1000.0  # step 0 must be ignored
    year1 = rc.year_statistics(frame, 1)
    assert year1["requests_per_resident"] == pytest.approx(2.0)
    # 26 weeks of 3 requests half by phone + 26 weeks of 1 request all by phone: (39 + 26) / (78 + 26)
    assert year1["remote_phone_share"] == pytest.approx(65 / 104)
    assert year1["request_resolution"] == pytest.approx(0.8)
    assert rc.year_statistics(frame, 2)["requests_per_resident"] == pytest.approx(2.0)


def test_the_parameters_move_what_they_are_fitted_to() -> None:
    """Verification that each parameter reaches its statistic in the whole model (same seed, N = 300): a lower
    filing offset means fewer requests; an online effort of 4 logit pushes the remote phone share towards 1. The
    changes are large (a factor e³ in the odds), so one paired run each suffices."""
    model = rc.HotlineYears(n_citizens=300)
    base = model.years({}, seed=3, years=1)[1]
    fewer = model.years({"request_offset": -3.0}, seed=3, years=1)[1]
    phone = model.years({"online_request_effort": 4.0}, seed=3, years=1)[1]
    assert fewer["requests_per_resident"] < 0.5 * base["requests_per_resident"]
    assert phone["remote_phone_share"] > base["remote_phone_share"] + 0.1
    assert phone["remote_phone_share"] > 0.9


@pytest.mark.slow
def test_cli_calibrates_and_predicts_2020_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "cal"
    code = main(["calibrate", "--pattern", "redress", "--out", str(out), "--n-citizens", "100",
                 "--population-size", "10", "--generations", "1", "--predict", "--draws", "10", "--seed", "4"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "request_offset" in printed and "held_out" in printed and "2020" in printed
    for name in ("calibration.db", "posterior.csv", "posterior.json", "posterior.png", "particles.csv",
                 "generations.csv", "predictive.csv", "manifest.json"):
        assert (out / name).is_file(), name
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["pattern"] == "redress" and manifest["prediction"]["held_out"] == len(rc.HOLDOUT)
    assert [row["parameter"] for row in manifest["posterior"]] == list(rc.CALIBRATABLE)
    predictive = pd.read_csv(out / "predictive.csv")
    assert len(predictive) == 2 * len(rc.STATISTICS)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pattern", "hotline"], "--pattern = 'hotline' is not allowed; expected one of 'inclusion', 'redress'"),
        (["--pattern", "redress", "--parameters", "innovation"],
         "--parameters = 'innovation' is not allowed; expected one or more of 'request_offset', "
         "'online_request_effort', 'capacity_ratio'"),
        (["--parameters", "request_offset"], "--parameters = 'request_offset' is not allowed; expected one or more "
                                             "of 'innovation'"),
        (["--pattern", "redress", "--mechanism", "turnover"],
         "--mechanism = 'turnover' is not allowed with --pattern redress"),
        (["--pattern", "redress", "--draws", "50"], "--draws = 50 is not allowed without --predict"),
    ],
)
def test_bad_input_exits_2_naming_the_option_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture, args: list[str], message: str) -> None:
    out = tmp_path / "out"
    assert main(["calibrate", "--out", str(out), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1, err
    assert not out.exists()
