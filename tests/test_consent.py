"""Consent that binds capture, and records that age out (issue 15, items 4 and 6; processes/consent.py).

Knock-outs, as parameter dicts (also in the final report of the branch):

- consent: ``KO_CONSENT = {"consent_rule": "not_binding"}`` — capture ignores consent (the earlier model);
- retention: ``KO_RETENTION = {"retention_limit": False}`` — records kept indefinitely (the earlier model).
Both together reproduce the earlier model bit for bit (checked against the stored regression run).

Statistical set-up, fixed before any result of this file was seen: N = 400 citizens, 8 paired replicates (seeds
500–507), 60 weeks after the burn-in, outcomes averaged over weeks 21–60. Criterion: the paired mean difference's
two-sided 95% t-interval (7 df) excludes 0 in the claimed direction. Claims tested are the mechanisms' own
(refusals cut coverage of the included; a default raises consent; deleting records cuts what a breach can
expose); what the trade-off does to equity, trust and needs met is measured and reported, not asserted.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from smartgov.model import budget
from smartgov.model.ledger import Ledger
from smartgov.model.model import GovernanceModel
from smartgov.model.params import Params
from smartgov.model.population import Population
from smartgov.model.processes.consent import expire_records, live_holdings, update_holdings
from smartgov.model.processes.delivery import deliver_services
from smartgov.model.processes.security import consent_decision
from smartgov.model.rules import ConsentRule, consent_threshold

KO_CONSENT = {"consent_rule": "not_binding"}
KO_RETENTION = {"retention_limit": False}
N, REPS, WEEKS, WINDOW = 400, 8, 60, (21, 60)
STORED = Path(__file__).resolve().parent / "regression" / "baseline_seed20261123.json"


def _population(params: Params, seed: int = 0) -> Population:
    return Population.create(params, np.random.default_rng(seed))


# (A test that the knock-outs reproduced the stored pre-issue-15 baseline bit for bit ran when this mechanism was
# built; it was removed at the merge: the age draw of "needs follow disadvantage" shifts every later random draw, so
# no switch setting can reproduce the pre-issue-15 streams any more.)

# -- verification: what holds by construction ------------------------------------------------------

def test_default_raises_or_lowers_consent_in_order() -> None:
    """Same state, three rules: opt-in consenters ⊆ no-default consenters ⊆ opt-out consenters; and the default
    effect (opt-out − opt-in) at the initial draws is the calibrated 30–51 pp (Johnson & Goldstein 2003: 40)."""
    base = Params(n_citizens=20_000)
    pop = _population(base)
    opt_in = consent_decision(pop, base.replace(consent_rule="opt_in"))
    calculus = consent_decision(pop, base.replace(consent_rule="not_binding"))
    opt_out = consent_decision(pop, base.replace(consent_rule="opt_out"))
    assert not (opt_in & ~calculus).any() and not (calculus & ~opt_out).any()
    assert 0.30 <= opt_out.mean() - opt_in.mean() <= 0.51
    assert consent_threshold(ConsentRule.REQUIRED, 0.06) == consent_threshold(ConsentRule.OPT_OUT, 0.06)
    assert consent_threshold(ConsentRule.NOT_BINDING, 0.06) == 0.0


@pytest.mark.parametrize("rule", ["opt_in", "opt_out", "required"])
def test_binding_consent_takes_passive_traces_of_consenting_citizens_only(rule: str) -> None:
    from smartgov.model.network import build_network
    from smartgov.model.processes.capture import capture_data

    params = Params(n_citizens=2_000, consent_rule=rule, digital_trace_rate=1.0, data_sharing="siloed")
    rng = np.random.default_rng(1)
    pop = _population(params)
    network = build_network(params.network, params.n_citizens, params.mean_degree, params.rewiring,
                            params.homophily, pop.excluded, rng)
    pop.need_domain[:] = rng.integers(0, params.n_agencies, pop.n)
    pop.need_severity[:] = 0.5
    pop.consent[:] = rng.random(pop.n) < 0.5
    capture_data(pop, params, rng, network, visits=0)
    recorded = pop.seen.any(axis=0)
    assert not (recorded & ~pop.consent).any(), "a refuser left a passive trace"
    assert recorded[pop.consent & pop.included].all(), "a consenting online citizen left none at trace rate 1"
    # knock-out: traces regardless of consent
    knock = params.replace(**KO_CONSENT)
    pop2 = _population(knock)
    pop2.need_domain[:] = pop.need_domain
    pop2.consent[:] = pop.consent
    capture_data(pop2, knock, np.random.default_rng(1), network, visits=0)
    assert pop2.seen.any(axis=0)[pop2.included].all()


def test_required_consent_sends_refusers_offline() -> None:
    """Under ``required`` an included refuser is never served or heard online; under opt-in they are."""
    for rule, online_expected in (("required", False), ("opt_in", True)):
        params = Params(n_citizens=3_000, excluded_share=0.0, consent_rule=rule, service_rule="online_only")
        rng = np.random.default_rng(2)
        pop = _population(params)
        pop.need_domain[:] = 0
        pop.need_severity[:] = 0.5
        pop.consent[:] = False
        from smartgov.model.network import build_network

        network = build_network(params.network, params.n_citizens, params.mean_degree, params.rewiring,
                                params.homophily, pop.excluded, rng)
        deliver_services(pop, params, rng, network, np.arange(pop.n // 2), 0, Ledger())
        assert pop.flags.met.any() == online_expected
        assert pop.pending.any() == online_expected  # online applications of the unallocated half


def test_retention_deletes_idle_vendor_copies_after_the_period_only() -> None:
    params = Params(n_citizens=100, retention_weeks=10, **KO_CONSENT)
    pop = _population(params)
    pop.held[:] = True
    pop.held_age[0, :50] = 9  # idle 9 weeks: kept this week
    pop.held_age[0, 50:] = 10  # idle 10 weeks: past the period
    ledger = Ledger()
    update_holdings(pop, params, ledger)
    assert pop.held[0, :50].all() and not pop.held[0, 50:].any()
    assert ledger.records_deleted == 50
    assert (pop.held_age[0, :50] == 10).all()
    # no limit: nothing deleted whatever the age
    pop.held[:] = True
    pop.held_age[:] = 1_000
    update_holdings(pop, params.replace(**KO_RETENTION), Ledger())
    assert pop.held.all()


def test_binding_consent_keeps_refusers_idle_copies_for_no_week() -> None:
    params = Params(n_citizens=100, consent_rule="opt_in", **KO_RETENTION)
    pop = _population(params)
    pop.held[:] = True
    pop.consent[:] = np.arange(100) < 30
    pop.seen[0, 90:] = True  # a live record at agency 0 (vendor 0): kept for the case
    update_holdings(pop, params, Ledger())
    assert (pop.held[0] == ((np.arange(100) < 30) | (np.arange(100) >= 90))).all()
    assert (live_holdings(pop, params)[0] == pop.seen[0]).all()


def test_retention_deletes_stale_agency_records() -> None:
    params = Params(n_citizens=50, retention_weeks=5)
    pop = _population(params)
    pop.seen[1, :] = True
    pop.captures[1, :] = 1
    pop.record_age[1, :25] = 4  # becomes 5: kept
    pop.record_age[1, 25:] = 5  # becomes 6 > 5: deleted
    expire_records(pop, params, Ledger())
    assert pop.seen[1, :25].all() and not pop.seen[1, 25:].any()
    assert (pop.captures[1, 25:] == 0).all()
    pop.record(1, np.array([30]), np.array([0.4]), pending=False)  # a new capture restarts the clock
    assert pop.record_age[1, 30] == 0


def test_holdings_only_grow_under_the_knockouts() -> None:
    model = GovernanceModel(n_citizens=300, rng=4, **KO_CONSENT, **KO_RETENTION)
    before = model.population.held.copy()
    for _ in range(20):
        model.step()
        assert not (before & ~model.population.held).any()
        before = model.population.held.copy()
    assert model.ledger.records_deleted_total == 0


def test_privacy_budget_line() -> None:
    params = Params()
    s = budget.scale(params)
    assert budget.lever_lines(params, 0)["privacy"] == pytest.approx((params.consent_cost + params.retention_cost) * s)
    assert budget.lever_lines(params.replace(**KO_CONSENT, **KO_RETENTION), 0)["privacy"] == 0.0
    assert budget.lever_lines(params.replace(**KO_CONSENT), 0)["privacy"] == pytest.approx(params.retention_cost * s)


# -- knock-outs of the mechanisms' claims (replicates) ---------------------------------------------

@functools.cache
def _window_means(overrides: tuple[tuple[str, object], ...]) -> dict[str, np.ndarray]:
    columns = ("coverage_included", "coverage_excluded", "consent_rate", "records_held", "breach_exposure_expected",
               "idle_records_share")
    values = {c: [] for c in columns}
    for rep in range(REPS):
        model = GovernanceModel(n_citizens=N, rng=500 + rep, **dict(overrides))
        for _ in range(WEEKS):
            model.step()
        window = model.outcomes().loc[WINDOW[0]:WINDOW[1]]
        for c in columns:
            values[c].append(float(window[c].mean()))
    return {c: np.array(v) for c, v in values.items()}


def _ci(a: dict[str, np.ndarray], b: dict[str, np.ndarray], column: str) -> tuple[float, float]:
    diff = a[column] - b[column]
    half = stats.t.ppf(0.975, len(diff) - 1) * diff.std(ddof=1) / math.sqrt(len(diff))
    return float(diff.mean() - half), float(diff.mean() + half)


@pytest.mark.slow
def test_refusals_reduce_coverage_of_the_included_and_what_vendors_hold() -> None:
    """Default (opt-in, binding) vs ``KO_CONSENT``: refusers leave no trace, so the included are less covered and
    vendors hold fewer records. With consent not binding, both effects must vanish by construction of the claim
    (it is the knock-out arm itself), so the contrast is the test."""
    default, knocked = _window_means(()), _window_means(tuple(KO_CONSENT.items()))
    assert _ci(default, knocked, "coverage_included")[1] < 0
    assert _ci(default, knocked, "records_held")[1] < 0


@pytest.mark.slow
def test_opt_out_default_raises_consent_and_coverage() -> None:
    opt_out, opt_in = _window_means((("consent_rule", "opt_out"),)), _window_means(())
    assert _ci(opt_out, opt_in, "consent_rate")[0] > 0
    assert _ci(opt_out, opt_in, "coverage_included")[0] > 0


@pytest.mark.slow
def test_retention_reduces_what_a_breach_can_expose() -> None:
    """Default (retention on) vs ``KO_RETENTION``: fewer records held, fewer idle, lower expected exposure."""
    default, knocked = _window_means(()), _window_means(tuple(KO_RETENTION.items()))
    for column in ("records_held", "breach_exposure_expected", "idle_records_share"):
        assert _ci(default, knocked, column)[1] < 0, column


@pytest.mark.slow
def test_retention_alone_reduces_what_a_breach_can_expose() -> None:
    """Added after ``test_retention_reduces_what_a_breach_can_expose`` failed on records_held (set-up and criterion
    unchanged): under the default opt-in rule refusers' idle copies are deleted anyway, so retention acts only on
    consenters' copies. Here consent does not bind (``KO_CONSENT`` in both arms), so retention is the only deletion:
    ``KO_CONSENT`` vs ``KO_CONSENT`` + ``KO_RETENTION``."""
    retained = _window_means(tuple(KO_CONSENT.items()))
    kept = _window_means(tuple({**KO_CONSENT, **KO_RETENTION}.items()))
    for column in ("records_held", "breach_exposure_expected", "idle_records_share"):
        assert _ci(retained, kept, column)[1] < 0, column
