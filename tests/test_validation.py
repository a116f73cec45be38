"""Stylized facts 1–9 (DESIGN §2) as statistical tests on paired replicates — the fast CI version.

Every claim of ``experiments.validation.FACTS`` is a one-sided paired t-test at significance ALPHA = 0.01 over
REPLICATES = 16 paired replicates (N = 2,000 citizens, small-world network, 104 weeks, outcomes averaged over the
second year). Replicate r of every scenario shares a seed, hence the initial population and network. One claim
has a small effect (audit narrowing the equity gap, d_z ≈ 0.5 at N = 2,000: the audited algorithm re-ranks only
the needs it can see), so it is tested at N = 5,000 with 20 replicates, where its power is ≈ 0.9.
The full suite (N = 10,000, 30 replicates, both networks) is ``smartgov validate``.

Multiple testing: this CI version tests every claim — verification and validation alike — on its *unadjusted*
one-sided p at ALPHA, decided before the Holm column existed and kept on purpose: here each claim is a regression
check that must hold on its own (a verification claim failing means the code no longer does what its construction
says), and the small-effect claim comes from a separate run, so one Holm family over both runs would be ill-defined.
The Holm-adjusted validation verdicts are ``smartgov validate``'s report (column ``p_holm``); the knock-outs are
``tests/test_knockouts.py``. Unit tests below check the Holm implementation and the classification of every claim.
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
    KINDS,
    VARIANTS,
    Claim,
    Fact,
    claims,
    evaluate,
    fact_summary,
    holm,
    knockout_runs_per_replicate,
    markdown_report,
    resolve,
    run_validation,
    scenarios_needed,
    variant_groups,
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


FINDINGS = {
    3: ("finding (issue 9): with case capacity calibrated to bind (Beijing 12345 target), the audit no longer narrows "
        "the equity gap: audited − black box equity gap +0.0478 [+0.0332, +0.0625], service/need ratio of the "
        "excluded −0.065 [−0.108, −0.022] (N = 2,000/5,000, seeds 11/12, measured at the model-integrity merge). "
        "The audit's coverage estimate (visible share ÷ population share) reads the excluded's larger backlog as "
        "over-coverage and weights them down (docs/model.md, submodel 3). Not tuned; kept as a finding."),
}
"""Facts that fail after honest modelling: strict xfails with their figures (a pass would be news, so it fails)."""

CLAIM_FINDINGS = {
    "efficiency ↑: digital_only vs baseline": (
        "finding (issue 15 merge): digital-only no longer raises efficiency. Measured here (N = 2,000, 16 reps, seed "
        "11): -0.00326 [-0.00719, +0.00067], p = 0.95 (it was +0.0113, p = 2e-07, on the issue-9 model). Not "
        "tuned. Where it went (N = 2,000, seeds 200-207, digital_only - baseline, efficiency ± SE): default "
        "-0.0045 ± 0.0017; consent not binding and no retention +0.0035 ± 0.0018 (needs met +1.86 vs -0.25 a "
        "week); needs uniform -0.0009; redress off -0.0031; vendor market off -0.0044; judgement constant -0.0034. "
        "So consent that binds capture (PIPL opt-in default) and retention remove the gain: the counter budget "
        "becomes case capacity, but agencies see fewer needs to spend it on (fewer consented records)."),
}
"""Single claims that fail after honest modelling while the rest of their fact holds: each is tested on its own
below as a strict xfail, and left out of its fact's test."""


@pytest.mark.slow
@pytest.mark.parametrize("number", [
    pytest.param(f.number, marks=[pytest.mark.xfail(strict=True, reason=FINDINGS[f.number])])
    if f.number in FINDINGS else f.number for f in FACTS])
def test_stylized_fact(number: int) -> None:
    fact = next(f for f in FACTS if f.number == number)
    rows = report_main()[report_main()["fact"] == number]
    assert len(rows) == len(fact.claims)
    failures = []
    for row in rows.itertuples():
        claim = next(c for c in fact.claims if c.text == row.claim)
        if claim.text in CLAIM_FINDINGS:
            continue
        if _is_small(claim):
            row = next(report_small_effect().itertuples())
        if not row.p_value < ALPHA:
            failures.append(f"{row.claim}: effect {row.effect:+.4g} [{row.ci_low:+.4g}, {row.ci_high:+.4g}], "
                            f"p = {row.p_value:.3g} (expected {row.expected} at alpha {ALPHA})")
    assert not failures, f"fact {number} ({fact.statement}):\n" + "\n".join(failures)


@pytest.mark.slow
@pytest.mark.parametrize("text", [pytest.param(text, marks=pytest.mark.xfail(strict=True, reason=reason))
                                  for text, reason in CLAIM_FINDINGS.items()])
def test_claim_found_not_to_hold(text: str) -> None:
    """A claim listed in CLAIM_FINDINGS, tested as in test_stylized_fact: a pass means the finding changed."""
    row = report_main().set_index("claim").loc[text]
    assert row.p_value < ALPHA, f"{text}: effect {row.effect:+.4g}, p = {row.p_value:.3g}"


def test_claim_findings_name_real_claims() -> None:
    assert set(CLAIM_FINDINGS) <= {c.text for f in FACTS for c in f.claims}


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
    assert {resolve(name)[0] for name in scenarios_needed()} <= set(available())
    assert set(VARIANTS) <= set(scenarios_needed()) and not set(VARIANTS) & set(available())
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
    assert {"kind", "why", "p_holm", "relative_effect", "knockout", "ko_effect", "ko_still_holds"} <= set(report)
    assert report["ko_effect"].isna().all()  # knock-outs only with --knockouts
    assert (out / "variants").is_dir()  # the pseudo-scenario (human-only allocation) runs as its own design
    assert "Holm" in (out / "report.md").read_text(encoding="utf-8")


def test_cli_validate_knockouts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "val"
    code = main(["validate", "--n-citizens", "150", "--replicates", "3", "--steps", "20", "--networks",
                 "small_world", "--knockouts", "--out", str(out), "--no-progress"])
    assert code in (0, 1)
    text = capsys.readouterr().out
    assert "knock-outs run" in text
    report = pd.read_csv(out / "report.csv")
    with_ko = report[(report["kind"] == "validation") & report["knockout"].notna()]
    assert len(with_ko) and with_ko["ko_effect"].notna().all() and with_ko["ko_p_value"].notna().all()
    assert report.loc[report["kind"] == "verification", "ko_effect"].isna().all()
    folders = {p.name for p in (out / "variants").iterdir()}
    assert sum(name.startswith("ko__") for name in folders) == len(set(with_ko["knockout"])) + 1  # + human-only
    runs = pd.read_parquet(out / "summaries.parquet")
    from smartgov.commands.validate import KNOCKOUT_RUNS
    assert (runs["knockout"] != "").sum() == KNOCKOUT_RUNS * 3


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


# -- Holm, classification, relative effects, knock-out columns -------------------------------------------------

def test_holm_matches_a_worked_example() -> None:
    # m = 4: sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 -> running max 0.06.
    p = [0.01, 0.04, 0.03, 0.005]
    assert holm(p) == pytest.approx([0.03, 0.06, 0.06, 0.02])
    # Holm's step-down at alpha = 0.05: 0.005 < 0.05/4, 0.01 < 0.05/3, 0.03 >= 0.05/2 -> stop: two rejections.
    assert (holm(p) < 0.05).tolist() == [True, False, False, True]
    assert holm([0.5, 0.9]) == pytest.approx([1.0, 1.0])  # capped at 1
    assert holm([0.02]) == pytest.approx([0.02])  # one test: unchanged
    nan = holm([0.01, float("nan"), 0.02])
    assert np.isnan(nan[1]) and nan[[0, 2]] == pytest.approx([0.02, 0.02])  # NaN does not count in m


def test_holm_is_monotone_and_never_below_the_raw_p() -> None:
    rng = np.random.default_rng(3)
    p = rng.uniform(0, 0.2, 25)
    adjusted = holm(p)
    assert (adjusted >= p).all() and (adjusted <= 1).all()
    order = np.argsort(p)
    assert (np.diff(adjusted[order]) >= 0).all()
    assert adjusted.min() == pytest.approx(min(1.0, p.min() * len(p)))  # the smallest gets Bonferroni


def test_every_claim_is_classified() -> None:
    from smartgov.model.params import Params
    texts = [claim.text for _, claim in claims()]
    assert len(texts) == len(set(texts))  # claim texts identify claims in reports
    for fact, claim in claims():
        where = f"fact {fact.number}: {claim.text}"
        assert claim.kind in KINDS and len(claim.why) > 20, where
        if claim.kind == "verification":
            assert not claim.knockout and not claim.mechanism, where
            continue
        assert claim.mechanism, where
        # every validation claim has a knock-out, or says why no parameter can knock its mechanism out
        assert bool(claim.knockout) != bool(claim.no_knockout), where
        Params().replace(**claim.knockout)  # valid parameter values
        treatment_levers = {k for label in claim.weights for k in resolve(label)[1]}
        assert not set(claim.knockout) & treatment_levers, where  # a knock-out is not the treatment itself
    kinds = [claim.kind for _, claim in claims()]
    assert kinds.count("validation") >= 5 and kinds.count("verification") >= 5
    five = next(f for f in FACTS if f.number == 5).claims[0]
    assert five.kind == "validation" and five.knockout == {"social_influence": 0.0, "breach_news_loss": 0.0}
    three = [c for c in next(f for f in FACTS if f.number == 3).claims if "human_only_allocation" in c.weights]
    assert len(three) == 1 and three[0].kind == "validation"
    assert VARIANTS["human_only_allocation"] == ("black_box_algorithm", {"algorithm_reliance": 0.0})


def test_knockout_run_count_is_what_the_help_says() -> None:
    from smartgov.commands.validate import KNOCKOUT_RUNS
    assert knockout_runs_per_replicate() == KNOCKOUT_RUNS
    keys = {key for key, _, _ in variant_groups(knockouts=True)}
    assert keys - {""} == {claim.knockout_key for _, claim in claims() if claim.kind == "validation" and claim.knockout}


def _fake_keyed_runs(effect: float, ko_effect: float, replicates: int = 12) -> pd.DataFrame:
    main, ko = _fake_runs(effect, replicates), _fake_runs(ko_effect, replicates)
    return pd.concat([main.assign(knockout=""), ko.assign(knockout="trust_gain=0.0")], ignore_index=True)


def test_evaluate_adds_holm_relative_effect_and_knockout_columns() -> None:
    kept = Claim("y", {"t": 1.0, "baseline": -1.0}, "up", "mechanism kept", kind="validation", why="w" * 30,
                 mechanism="m", knockout={"trust_gain": 0.0})
    removed = Claim("y", {"t": 1.0, "baseline": -1.0}, "down", "wrong way", kind="validation")
    built = Claim("y", {"t": 1.0, "baseline": -1.0}, "up", "by construction", kind="verification")
    fact = Fact(0, "test", "passage", (kept, removed, built))
    report = evaluate(_fake_keyed_runs(0.02, 0.0), [fact])
    rows = report.set_index("claim")
    validation = rows[rows["kind"] == "validation"]
    assert validation["p_holm"].to_numpy() == pytest.approx(holm(validation["p_value"].to_numpy()))
    assert np.isnan(rows.loc["by construction", "p_holm"])  # verification claims are not in the Holm family
    assert rows.loc["by construction", "passed"]  # ... but still computed and held to unadjusted p
    level = rows.loc["mechanism kept", "reference_mean"]
    assert level == pytest.approx(0.5, abs=0.05)
    assert rows.loc["mechanism kept", "relative_effect"] == pytest.approx(rows.loc["mechanism kept", "effect"] / level)
    assert rows.loc["mechanism kept", "passed"] and not rows.loc["mechanism kept", "ko_still_holds"]
    assert abs(rows.loc["mechanism kept", "ko_effect"]) < 0.01
    share = rows.loc["mechanism kept", "ko_effect"] / rows.loc["mechanism kept", "effect"]
    assert rows.loc["mechanism kept", "ko_share_of_effect"] == pytest.approx(share)
    assert rows.loc["wrong way", "ko_still_holds"] is None  # no knock-out declared
    still = evaluate(_fake_keyed_runs(0.02, 0.02), [Fact(0, "t", "p", (kept,))])
    assert bool(still.loc[0, "ko_still_holds"])  # knock-out that does not remove the effect
    text = markdown_report(report)
    assert "effect removed" in text and "holds (verification)" in text and "p (Holm)" in text
    summary = fact_summary(report)
    assert summary.loc[0, "validation_claims"] == 2 and summary.loc[0, "validation_passed"] == 1
