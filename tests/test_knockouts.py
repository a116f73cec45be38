"""Knock-out tests of validation claims (DESIGN §2; issue 9, item 9).

A validation claim must be emergent: with its mechanism it holds, with the mechanism switched off (the claim's
``knockout`` overrides, applied to every scenario of the contrast) it must no longer hold. Set-up, fixed before
any result of this file was seen: N = 1,000 citizens, 12 paired replicates, small-world network, 104 weeks
(outcomes: mean of weeks 53–104), master seed 31. Criterion, the same as ``smartgov validate --knockouts``:
"holds" = one-sided paired t-test p < ALPHA = 0.01 in the claimed direction (unadjusted: three claims, each tested
on its own); "knocked out" = the same test gives p >= ALPHA.

Claims (chosen for what their knock-out tells, not for passing):

- fact 5, breach news reaches the never-exposed: knock-out social_influence = 0 and breach_news_loss = 0 (the
  network path). The model's one fact the review called genuinely emergent.
- fact 3, black box vs human-only allocation (the review's replacement for "ratio < 1"): knock-out
  digital_trace_rate = 0 (no passive traces, so the data are no longer biased towards the included).
- fact 2, weak security lowers trust: knock-out breach_trust_loss = 0 and breach_news_loss = 0. The quick
  validation run (N = 2,000, seed 2026), seen before this file was written, already showed the effect surviving
  the knock-out at about 3% of its size; a likely path (not isolated): breaches also move perceived risk, hence
  consent, hence the data agencies see and the service citizens get — made of structural parameters whose
  allowed ranges exclude 0 (exposed_risk_jump, news_risk_jump), so no allowed setting switches it off.

The claims were picked after that quick run; the set-up and criterion above were not changed after this file's
own results.

A knock-out that does not remove its effect is kept as ``xfail(strict=True)`` with the measured figures.

After the model-integrity changes of issue 9 (burn-in, binding capacity, honest accounting, Friedkin–Johnsen
default, breach hazard from a survey with a denominator) the same set-up gave: fact 2's knock-out now removes its
effect (the strict xfail it had became a pass, so the marker went), and fact 5's no longer does (now a strict
xfail with its figures).

With issue 15's mechanisms (needs by attributes, redress, vendor market, consent and retention, dependence) the
same set-up gave: fact 5's knock-out passes its criterion again (the strict xfail passed, so the marker went; but
the effect is tiny and the knock-out's estimate larger, see the test), and
fact 2's claim itself no longer holds (p = 0.016): consent and retention leave breaches little to expose (a
strict xfail with its figures).
"""

from __future__ import annotations

import functools

import pandas as pd
import pytest

from smartgov.experiments.validation import ALPHA, FACTS, Claim, Fact, run_validation

N, REPLICATES, SEED = 1_000, 12, 31


def _claim(number: int, text_start: str) -> tuple[Fact, Claim]:
    fact = next(f for f in FACTS if f.number == number)
    return fact, next(c for c in fact.claims if c.text.startswith(text_start))


CHOSEN = {
    "fact5_news_network": _claim(5, "trust_unexposed"),
    "fact3_black_box_vs_human": _claim(3, "service_need_ratio_excluded ↓: black_box_algorithm vs human_only"),
    "fact2_breach_trust": _claim(2, "trust ↓"),
}


@functools.cache
def report() -> pd.DataFrame:
    facts = [Fact(fact.number, fact.statement, fact.passage, (claim,)) for fact, claim in CHOSEN.values()]
    result, _ = run_validation(n_citizens=N, replicates=REPLICATES, networks=("small_world",), workers=2,
                               master_seed=SEED, facts=facts, knockouts=True)
    return result.set_index("claim")


def _figures(row: pd.Series) -> str:
    return (f"with mechanism {row.effect:+.4g} ({100 * row.relative_effect:+.1f}%), p = {row.p_value:.2g}; "
            f"knock-out {row.ko_effect:+.4g} ({100 * row.ko_relative_effect:+.1f}%), p = {row.ko_p_value:.2g}")


def _check(name: str) -> None:
    _, claim = CHOSEN[name]
    assert claim.kind == "validation" and claim.knockout
    row = report().loc[claim.text]
    print(f"{claim.text}: {_figures(row)}")  # the figures for the docs, pass or fail (pytest -s)
    assert row.p_value < ALPHA, f"{claim.text}: does not hold with its mechanism: {_figures(row)}"
    assert row.ko_p_value >= ALPHA, f"{claim.text}: still holds under knock-out {claim.knockout}: {_figures(row)}"


@pytest.mark.slow
def test_fact5_breach_news_needs_the_network() -> None:
    """Passes its fixed criterion on the issue-15 model, but read the figures: with mechanism -0.003662 (-0.8%),
    p = 0.0041; knock-out -0.005465 (-1.4%), p = 0.014. The effect is a twentieth of the issue-9 model's (-0.071)
    because consent and retention leave breaches little to expose, and the knock-out's point estimate is *larger*:
    the pass comes from the knock-out's p crossing 0.01, not from the network carrying the effect. Not evidence
    for the network path at this set-up (a finding, in the note and docs/scenarios.md)."""
    _check("fact5_news_network")


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason=(
    "finding: knock-out digital_trace_rate = 0 shrinks but does not remove the effect. Measured (N = 1,000, 12 "
    "replicates, seed 31): with mechanism -0.04771 (-7.4% of the human-only level), p = 0.00045; knock-out -0.02819 "
    "(-3.8%), p = 0.0052 < 0.01. Not isolated; candidate sources: the black box's data-richness term still rewards "
    "citizens with more captures from online applications and feedback, and human-only allocation decides fewer "
    "cases (human_review_cost). In the quick run (N = 2,000) the knock-out left -0.0097, p = 0.04. These figures are "
    "from before issue 9's model changes; the knock-out still leaves the effect on the merged model (quick "
    "validation, N = 2,000, seed 2026: -0.142 with the mechanism, -0.080 = 56% left, p = 7e-08; docs/scenarios.md). "
    "On the issue-15 model the claim itself no longer holds at this set-up: with mechanism -0.02586 (-3.6%), "
    "p = 0.063; knock-out -0.04073 (-5.5%), p = 0.0064."))
def test_fact3_black_box_under_serves_the_excluded_because_of_biased_data() -> None:
    _check("fact3_black_box_vs_human")


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason=(
    "finding (issue 15 merge): the claim itself no longer holds at this set-up: with mechanism -0.003063 (-0.7%), "
    "p = 0.016; knock-out +0.001934 (+0.4%), p = 0.92 (so the knock-out still removes what is left). Breaches now "
    "harm few: consent binds capture (PIPL opt-in default) and retention deletes stale records, so a breach exposes "
    "little. Measured (N = 1,000, seeds 100-111, vendor_breach - data_fusion): trust -0.0045 (p = 0.0002), exposed "
    "share +0.055, breaches +2.1; with consent not binding and no retention: trust -0.142, exposed +0.74, breaches "
    "+17. Not tuned; kept as a finding."))
def test_fact2_breach_trust_loss_needs_the_trust_penalties() -> None:
    _check("fact2_breach_trust")


def test_audit_reweighting_binds_at_default_capacity() -> None:
    """With case capacity calibrated to bind (capacity_ratio 1.45, Beijing 12345 target), the audit's re-ranking
    changes who is served: audited and black-box runs differ beyond consent even with transparency_damping = 0.

    This replaces the earlier finding (capacity 2.0) that the two gave identical runs except for consent, i.e. that
    fact 3's audit effect rested on transparency alone. Same set-up as that finding: N = 2,000, seed 5, 104 weeks.
    """
    from smartgov.model.model import GovernanceModel
    from smartgov.scenarios import load

    frames = []
    for name in ("audited_algorithm", "black_box_algorithm"):
        model = GovernanceModel(load(name).params(n_citizens=2_000, transparency_damping=0.0), rng=5)
        for _ in range(104):
            model.step()
        frames.append(model.datacollector.get_model_vars_dataframe().drop(columns=["consent_rate"]))
    served = [frame["need_met_excluded"].iloc[53:].mean() for frame in frames]
    assert served[0] != served[1]
