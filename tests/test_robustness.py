"""The robustness map (experiments/robustness.py) on a tiny problem: Morris + LHS over 2 structural parameters and
2 claims, a few runs in this process.

The two claims use one contrast that holds by construction (efficiency, digital_only − baseline: closing counters
moves their budget to the cheaper online channel; a verification claim of fact 1, marked validation here so the
map takes it): once in its true direction, once reversed (made to fail by construction). Tolerances, fixed before
looking: the true claim holds (sign) at ≥ 90% of the LHS points, the reversed one at ≤ 10%.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from smartgov.cli import main
from smartgov.experiments import robustness as rb
from smartgov.experiments.validation import FACTS, Claim, Fact

ROOT = Path(__file__).resolve().parents[1]
TINY = rb.Settings(n_citizens=200, steps=12, replicates=2, trajectories=2, lhs_points=6,
                   parameters=("excluded_literacy", "counter_noise"))
TRUE = Claim("efficiency", {"digital_only": 1.0, "baseline": -1.0}, "up", "efficiency ↑ (true by construction)")
REVERSED = Claim("efficiency", {"digital_only": 1.0, "baseline": -1.0}, "down", "efficiency ↓ (false by construction)")
TOY = (Fact(1, "toy", "toy", (TRUE, REVERSED)),)


@pytest.fixture(scope="module")
def tiny() -> rb.RobustnessMap:
    return rb.robustness_map(TINY, TOY)


def test_the_map_has_one_row_per_claim_and_one_morris_row_per_claim_and_parameter(tiny: rb.RobustnessMap) -> None:
    assert list(tiny.shares["claim_id"]) == ["f1.1", "f1.2"]
    assert len(tiny.morris) == 2 * 2
    assert set(tiny.morris["parameter"]) == set(TINY.parameters)
    morris_points = TINY.trajectories * (len(TINY.parameters) + 1)
    stages = tiny.effects.groupby(["stage", "claim_id"]).size()
    assert (stages["morris"] == morris_points).all()
    assert (stages["lhs"] == TINY.lhs_points).all()
    assert (tiny.effects["n"] == TINY.replicates).all()
    assert (tiny.shares["points"] == TINY.lhs_points).all()
    for row in tiny.shares.itertuples():
        assert 0.0 <= row.share_low <= row.share <= row.share_high <= 1.0
        assert row.influential, "the largest μ* is always influential"
    assert tiny.manifest["kind"] == "robustness" and tiny.manifest["settings"]["parameters"] == list(TINY.parameters)


def test_a_claim_true_by_construction_holds_and_its_reverse_does_not(tiny: rb.RobustnessMap) -> None:
    shares = tiny.shares.set_index("claim_id")
    assert shares.loc["f1.1", "share"] >= 0.9
    assert shares.loc["f1.2", "share"] <= 0.1
    assert shares.loc["f1.2", "significant_share"] <= 0.1


def test_the_same_seed_gives_the_same_map(tiny: rb.RobustnessMap) -> None:
    again = rb.robustness_map(TINY, TOY)
    pd.testing.assert_frame_equal(tiny.shares, again.shares)
    pd.testing.assert_frame_equal(tiny.morris, again.morris)
    pd.testing.assert_frame_equal(tiny.effects, again.effects)


def test_the_map_takes_every_validation_claim_from_the_validation_suite() -> None:
    mapped = [claim for _, _, claim in rb.claim_list(FACTS)]
    expected = [claim for fact in FACTS for claim in fact.claims if claim.kind == "validation"]
    assert mapped == expected and mapped
    assert all(name in rb.structural() for name in rb.FULL.parameters) and len(rb.FULL.parameters) >= 20


def test_the_influence_rule_is_relative_to_the_claims_largest_mu_star() -> None:
    effects = pd.DataFrame({"stage": "morris", "claim_id": "f1.1", "point": range(6),
                            "effect": [0.0, 1.0, 1.0, 0.0, 0.0, 0.0]})
    design = rb.designs(TINY, rb.claim_list(TOY)[:1], "morris", TINY.parameters, "morris")[0][0]
    table = rb.morris_table(effects, design, TOY, influence=0.1)
    first = table[table["claim_id"] == "f1.1"]
    top = first["mu_star"].max()
    assert top > 0 and first["influential"].sum() >= 1
    assert all(row.influential == (row.mu_star >= 0.1 * top) for row in first.itertuples())
    # a claim without effects at every Morris point keeps every parameter (the conservative choice)
    assert table.loc[table["claim_id"] == "f1.2", "influential"].all()


def test_wilson_interval() -> None:
    low, high = rb.wilson(0, 10)
    assert low == 0.0 and math.isclose(high, 0.2775, abs_tol=1e-3)  # textbook value for 0/10 at 95%
    low, high = rb.wilson(10, 10)
    assert high == 1.0 and math.isclose(low, 1 - 0.2775, abs_tol=1e-3)


@pytest.mark.parametrize("option, needle", [(["--trajectories", "1"], "--trajectories = 1"),
                                            (["--replicates", "1"], "--replicates = 1"),
                                            (["--parameters", "trust_gain"], "--parameters = 'trust_gain'"),
                                            (["--network", "ring"], "--network = 'ring'"),
                                            (["--alpha", "1.5"], "--alpha = 1.5")])
def test_bad_options_are_one_clear_line(option: list[str], needle: str, tmp_path: Path,
                                        capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "out"
    assert main(["robustness", "--out", str(out), "--no-progress", *option]) == 2
    err = capsys.readouterr().err.strip().split("\n")
    assert len(err) == 1 and err[0].startswith("smartgov robustness: error: ") and needle in err[0], err
    assert not out.exists()


def test_the_default_job_can_be_designed() -> None:
    """Every default parameter is a numeric constant with a range: the default job's Morris designs build (a
    structural *rule*, security_effort_rule, once made `smartgov robustness` without --parameters refuse to start)."""
    morris, _ = rb.count_runs(rb.FULL)
    assert morris > 0 and "security_effort_rule" not in rb.FULL.parameters


def test_the_command_writes_the_summary(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "out"
    code = main(["robustness", "--out", str(out), "--no-progress", "--workers", "0", "--n-citizens", "100",
                 "--steps", "6", "--replicates", "2", "--trajectories", "2", "--lhs-points", "2",
                 "--parameters", "excluded_literacy", "counter_noise"])
    assert code == 0
    for name in (*rb.SUMMARY_FILES, "report.md"):
        assert (out / name).is_file(), name
    shares, _ = rb.load_summary(out)
    assert len(shares) == len(rb.claim_list(FACTS))
    assert "Small-problem check" in (out / "report.md").read_text(encoding="utf-8")


def test_the_docs_table_is_rendered_from_the_committed_summary() -> None:
    shares, meta = rb.load_summary(ROOT / "docs" / "robustness")
    assert rb.docs_table(ROOT / "docs" / "scenarios.md") == rb.markdown_table(shares, meta), (
        "docs/scenarios.md's robustness table differs from docs/robustness/: run "
        "`python -m smartgov.experiments.robustness --render-docs`")
    assert set(shares["claim"]) == {claim.text for _, _, claim in rb.claim_list(FACTS)}, (
        "the committed summary was made for other validation claims: rerun the job (docs/scenarios.md, 'Robustness "
        "map')")


def test_the_commands_defaults_are_the_documented_full_job() -> None:
    from smartgov.commands.robustness import DEFAULTS

    assert {k: getattr(rb.FULL, k) for k in DEFAULTS} == DEFAULTS
