"""Stylized facts 1–9 (DESIGN §2) as statistical tests on paired replicates — the fast CI version.

Every claim of ``experiments.validation.FACTS`` is a one-sided paired t-test at significance ALPHA = 0.01 over
REPLICATES = 16 paired replicates (N = 2,000 citizens, small-world network, 104 weeks, outcomes averaged over the
second year). Replicate r of every scenario shares a seed, hence the initial population and network. One claim
has a small effect (audit narrowing the equity gap, d_z ≈ 0.5 at N = 2,000: the audited algorithm re-ranks only
the needs it can see), so it is tested at N = 5,000 with 20 replicates, where its power is ≈ 0.9.
The full suite (N = 10,000, 30 replicates, both networks) is ``smartgov validate``.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smartgov.cli import main
from smartgov.experiments.validation import (
    ALPHA,
    FACTS,
    Claim,
    Fact,
    evaluate,
    fact_summary,
    markdown_report,
    run_validation,
    scenarios_needed,
)

N, REPLICATES = 2_000, 16
SEEDS = Path(os.environ.get("SMARTGOV_SEEDS", Path(__file__).resolve().parents[2] / "shared" / "seeds"))
SMALL_EFFECT = ("equity_gap", "audited_algorithm")  # (outcome, treatment) of the claim tested at larger N


def _is_small(claim: Claim) -> bool:
    return claim.outcome == SMALL_EFFECT[0] and SMALL_EFFECT[1] in claim.weights


@functools.cache
def report_main() -> pd.DataFrame:
    report, _ = run_validation(n_citizens=N, replicates=REPLICATES, networks=("small_world",), workers=2,
                               master_seed=11)
    return report


@functools.cache
def report_small_effect() -> pd.DataFrame:
    fact = next(f for f in FACTS if any(_is_small(c) for c in f.claims))
    only = Fact(fact.number, fact.statement, fact.passage, tuple(c for c in fact.claims if _is_small(c)))
    report, _ = run_validation(n_citizens=5_000, replicates=20, networks=("small_world",), workers=2,
                               master_seed=12, facts=[only])
    return report


@pytest.mark.slow
@pytest.mark.parametrize("number", [f.number for f in FACTS])
def test_stylized_fact(number: int) -> None:
    fact = next(f for f in FACTS if f.number == number)
    rows = report_main()[report_main()["fact"] == number]
    assert len(rows) == len(fact.claims)
    failures = []
    for row in rows.itertuples():
        claim = next(c for c in fact.claims if c.text == row.claim)
        if _is_small(claim):
            row = next(report_small_effect().itertuples())
        if not row.p_value < ALPHA:
            failures.append(f"{row.claim}: effect {row.effect:+.4g} [{row.ci_low:+.4g}, {row.ci_high:+.4g}], "
                            f"p = {row.p_value:.3g} (expected {row.expected} at alpha {ALPHA})")
    assert not failures, f"fact {number} ({fact.statement}):\n" + "\n".join(failures)


def passage_fragments(source: str) -> list[str]:
    """Quoted fragments of a passage line ('author: quote … quote；author: quote'), whitespace removed."""
    pieces = (p for part in re.split(r"[；;]", source) for p in part.split(":", 1)[-1].split("…"))
    return [q for q in (re.sub(r"\s+", "", p).strip("，。") for p in pieces) if q]


def _fake_runs(effect: float, replicates: int = 12) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    base = rng.normal(0.5, 0.05, replicates)
    rows = [{"scenario": "baseline", "replicate": r, "y": base[r]} for r in range(replicates)]
    rows += [{"scenario": "t", "replicate": r, "y": base[r] + effect + rng.normal(0, 0.01)} for r in range(replicates)]
    return pd.DataFrame(rows)


def test_claims_are_paired_contrasts_and_can_fail() -> None:
    up = Claim("y", {"t": 1.0, "baseline": -1.0}, "up", "y up")
    down = Claim("y", {"t": 1.0, "baseline": -1.0}, "down", "y down")
    fact = Fact(0, "test", "passage", (up, down))
    report = evaluate(_fake_runs(0.02), [fact])
    assert report["passed"].tolist() == [True, False]  # the wrong direction fails
    assert report.loc[0, "effect"] == pytest.approx(0.02, abs=0.01)
    assert report.loc[0, "ci_low"] < report.loc[0, "effect"] < report.loc[0, "ci_high"]
    assert not evaluate(_fake_runs(0.0), [fact])["passed"].any()  # no effect: neither direction passes
    ratio = Claim("y", {"t": 1.0, "baseline": -0.5}, "up", "keeps half")
    assert ratio.contrast(_fake_runs(0.0)).mean() == pytest.approx(0.25, abs=0.03)
    summary = fact_summary(report)
    assert summary["passed"].tolist() == [False]
    assert "FAIL" in markdown_report(report) and "pass" in markdown_report(report)


def test_every_fact_names_library_scenarios_and_metric_columns() -> None:
    from smartgov.model.metrics import reporters
    from smartgov.scenarios import available
    assert [f.number for f in FACTS] == list(range(1, 10))
    assert set(scenarios_needed()) <= set(available())
    assert scenarios_needed()[0] == "baseline"
    for fact in FACTS:
        assert fact.passage and fact.claims
        for claim in fact.claims:
            assert claim.outcome in reporters()


def test_fact_passages_quote_the_essays() -> None:
    if not SEEDS.is_dir():
        pytest.skip("essays not available (set SMARTGOV_SEEDS)")
    essays = re.sub(r"\s+", "", "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))))
    for fact in FACTS:
        missing = [f for f in passage_fragments(fact.passage) if f not in essays]
        assert not missing, f"fact {fact.number}: not in the essays: {missing}"


def test_validation_is_identical_with_one_or_two_workers() -> None:
    kwargs = {"n_citizens": 150, "replicates": 3, "networks": ("small_world", "scale_free"), "steps": 52,
              "facts": FACTS[:2], "master_seed": 4}
    one, runs_one = run_validation(workers=1, **kwargs)
    two, runs_two = run_validation(workers=2, **kwargs)
    pd.testing.assert_frame_equal(one, two)
    pd.testing.assert_frame_equal(runs_one, runs_two)
    assert set(one["network"]) == {"small_world", "scale_free"}


def test_cli_validate_writes_a_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "val"
    code = main(["validate", "--n-citizens", "150", "--replicates", "3", "--steps", "52", "--networks",
                 "small_world", "--out", str(out), "--no-progress"])
    assert code in (0, 1)  # tiny runs: some facts may fail; the report is what is checked here
    text = capsys.readouterr().out
    assert "fact 9:" in text and "| fact | essay passage | claim |" in text
    assert {"report.csv", "report.md", "facts.csv", "report.parquet", "summaries.parquet", "runs",
            "manifest.json"} <= {p.name for p in out.iterdir()}
    report = pd.read_csv(out / "report.csv")
    assert set(report["fact"]) == set(range(1, 10)) and (report["n_citizens"] == 150).all()


@pytest.mark.parametrize(("args", "needle"), [
    (["--replicates", "2"], "--replicates = 2"),
    (["--steps", "0"], "--steps = 0"),
    (["--networks", "ring"], "networks = ['ring']"),
    (["--alpha", "1.5"], "--alpha = 1.5"),
    (["--n-citizens", "5"], "--n-citizens = 5"),
])
def test_cli_validate_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                                needle: str) -> None:
    out = tmp_path / "val"
    assert main(["validate", *args, "--out", str(out), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert needle in err and err.count("\n") == 1
    assert not out.exists()
