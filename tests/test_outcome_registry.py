"""The outcome registry: each outcome declared once in model/metrics.py, and every reader takes it from there."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from smartgov.cli import main
from smartgov.experiments.compare import comparison_table, format_table, run_comparison, summarize_runs
from smartgov.experiments.design import default_outcomes
from smartgov.model import GovernanceModel, Params, metrics


@pytest.fixture
def new_outcome() -> Iterator[str]:
    """A temporary headline outcome declared only in the registry (the way a contributor adds one)."""

    @metrics.outcome(label_en="Share with an open need", label_zh="有未解决需求的比例", unit="share of citizens",
                     higher_is_better=False, kind="stock", headline=True)
    def open_need_share(model: GovernanceModel) -> float:
        return float(model.population.has_need.mean())

    yield "open_need_share"
    metrics.remove_outcome("open_need_share")


def test_every_outcome_is_declared_completely() -> None:
    assert len(metrics.OUTCOMES) >= 30
    for name, spec in metrics.OUTCOMES.items():
        assert spec.name == name and spec.label_en and spec.label_zh and spec.unit, name
        assert spec.kind in ("stock", "flow") and spec.higher_is_better in (True, False, None), name
        if spec.group:
            assert spec.family in metrics.OUTCOMES, f"{name}: family {spec.family} is not an outcome"
    assert [s.name for s in metrics.headline()] == ["trust", "equity_gap", "efficiency", "participation_rate",
                                                      "exposed_share"]


def test_a_declaration_error_is_refused() -> None:
    with pytest.raises(ValueError, match="kind = 'weekly'"):
        metrics.outcome(label_en="x", label_zh="x", unit="x", higher_is_better=True, kind="weekly")
    with pytest.raises(ValueError, match="group = 'poor'"):
        metrics.outcome(label_en="x", label_zh="x", unit="x", higher_is_better=True, kind="stock", group="poor")
    with pytest.raises(ValueError, match="declared twice"):
        metrics.outcome(label_en="x", label_zh="x", unit="x", higher_is_better=True, kind="stock", name="trust")(
            lambda model: 0.0)


def test_a_new_outcome_reaches_the_collector_the_cli_table_and_the_comparison(
        new_outcome: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = GovernanceModel(Params(n_citizens=100), rng=1)
    model.run_for(2)
    assert new_outcome in model.outcomes().columns
    assert new_outcome in default_outcomes()

    assert main(["run", "--steps", "3", "--n-citizens", "100", "--out", str(tmp_path / "run")]) == 0
    assert "Share with an open need [share of citizens]" in capsys.readouterr().out

    frame = run_comparison(["baseline", "digital_only"], replicates=2, steps=4, overrides={"n_citizens": 100})
    table = comparison_table(summarize_runs(frame, 2))
    assert new_outcome in set(table["outcome"])
    assert "open_need_share: Share with an open need [share of citizens]  (lower is better)" in format_table(table)


def test_trust_shares_follow_the_oecd_answer_scale() -> None:
    """0–10 answers: 6–10 is "high or moderately high", 0–4 "low or no trust", 5 neither (OECD Trust Survey)."""
    model = GovernanceModel(Params(n_citizens=100), rng=1)
    answers = [0.0, 0.44, 0.45, 0.5, 0.549, 0.55, 0.6, 1.0, 0.3, 0.8]
    model.population.trust[:] = answers * 10
    assert metrics.trust_low_share(model) == pytest.approx(0.3)  # 0.0, 0.44, 0.3 round to 0, 4, 3
    assert metrics.trust_high_share(model) == pytest.approx(0.4)  # 0.55, 0.6, 1.0, 0.8 round to 6, 6, 10, 8
    assert metrics.trust_sd(model) == pytest.approx(float(model.population.trust.std()))
