"""Vendors as stakeholders (issue 15 item 3): tenders, lock-in, in-house capacity, security effort from incentives.

Knock-outs (parameter dicts, also in the report):
* ``FIXED_EFFORT = {"security_effort_rule": "fixed"}``: effort no longer responds to liability or oversight.
* ``NO_MARKET = {"vendor_market": False}``: the earlier model (agency a on vendor a mod V, fixed security).

Tolerances were fixed before any of these tests was run: construction checks are exact (1e-12); the statistical
checks use paired seeds and say their rule where they are written.
"""

from __future__ import annotations

import numpy as np
import pytest

from smartgov.model.model import GovernanceModel
from smartgov.model.params import ParameterError, Params
from smartgov.model.processes import procurement
from smartgov.model.processes.procurement import INHOUSE, Curvature, Market
from smartgov.model.processes.security import breach_hazard

FIXED_EFFORT = {"security_effort_rule": "fixed"}
NO_MARKET = {"vendor_market": False}
SMALL = {"n_citizens": 300, "burn_in_weeks": 104}


def _market(params: Params, seed: int = 0) -> Market:
    return Market.create(params, params.n_citizens, np.random.default_rng(seed))


def test_baseline_incentives_give_the_calibrated_hazard() -> None:
    """The reference vendor (one contract, every record, average costs) chooses effort 0.5 under baseline
    incentives, and its hazard is the calibrated one (old formula at default security and oversight)."""
    params = Params()
    market = _market(params.replace(vendor_spread=0.0))
    effort = market.chosen_effort(params, 0, 1, 1.0)
    assert effort == pytest.approx(0.5, abs=1e-12)
    assert procurement.hazard(params, 1.0, effort) == pytest.approx(breach_hazard(params, 1.0), abs=1e-12)
    assert Curvature.of(params) == Curvature.of(params.replace(vendor_liability=1.0, oversight=0.9))  # world const


def test_effort_rises_with_liability_and_oversight_and_the_knockout_removes_it() -> None:
    base = Params(vendor_spread=0.0)
    market = _market(base)
    efforts = [market.chosen_effort(base.replace(vendor_liability=x), 0, 1, 0.9) for x in (0.0, 0.5, 1.0)]
    assert efforts[0] < efforts[1] < efforts[2]
    efforts = [market.chosen_effort(base.replace(oversight=x), 0, 1, 0.9) for x in (0.0, 0.3, 0.9)]
    assert efforts[0] < efforts[1] < efforts[2]
    fixed = base.replace(**FIXED_EFFORT)
    assert {market.chosen_effort(fixed.replace(vendor_liability=x, oversight=o), 0, 1, 0.9)
            for x in (0.0, 1.0) for o in (0.0, 0.9)} == {fixed.security_investment}


def test_lowest_price_buys_no_analytics_and_effort_only_from_liability() -> None:
    params = Params(procurement_rule="lowest_price", vendor_spread=0.0)
    market = _market(params)
    assert np.all(market.offered_quality(params) == 0.0)
    assert market.chosen_effort(params.replace(vendor_liability=0.0), 0, 3, 1.0) == 0.0
    assert market.chosen_effort(params, 0, 3, 1.0) > 0.0


def test_bidding_needs_two_vendors() -> None:
    with pytest.raises(ParameterError, match="n_vendors"):
        Params(n_vendors=1)
    assert Params(n_vendors=1, **NO_MARKET).n_vendors == 1


def test_incumbent_lock_in_rent_and_exit_clause() -> None:
    """Two identical vendors, one agency: the incumbent wins and prices up to the switching cost spread over the
    term; with a full exit clause there is no rent (Farrell & Klemperer 2007)."""
    params = Params(vendor_spread=0.0, n_citizens=1000, n_agencies=1, n_vendors=2)
    held = np.full(params.n_vendors, 0.9)
    for clause, rent in ((0.0, True), (1.0, False)):
        p = params.replace(exit_clause=clause)
        market = _market(p)
        market.week = 100
        market.quality = market.offered_quality(p)
        market._tender(0, p, held)
        contracts = market.contracts(0)
        cost = (1 + p.vendor_markup) * market.contract_cost(p, 0, contracts, 0.9,
                                                            market.chosen_effort(p, 0, contracts, 0.9))
        assert market.contractor[0] == 0 and market.switches == 0
        switch = p.migration_weeks * procurement.reference_price(p) * (1 - clause) / p.contract_term
        assert market.price[0] - cost == pytest.approx(switch, rel=1e-9) if rent else market.price[0] <= cost + 1e-9


def test_inhouse_capacity_builds_with_its_time_constant() -> None:
    params = Params(inhouse_investment=1.0, **SMALL)
    model = GovernanceModel(params, rng=3)
    k0 = model.market.capability.copy()
    for _ in range(10):
        model.step()
    expected = 1 - (1 - k0) * (1 - 1 / params.inhouse_build_weeks) ** 10
    assert np.allclose(model.market.capability, expected, atol=1e-12)


def test_inhouse_agencies_hold_their_own_records_and_pay_no_contract() -> None:
    model = GovernanceModel(Params(**SMALL), rng=4)
    model.market.contractor[:] = INHOUSE
    model.market.expires[:] = 10**9
    model.step()
    assert model.market.held_inhouse.any()
    assert model.ledger.lines["contracts"] == 0.0 and model.ledger.lines["inhouse"] > 0.0
    assert np.isnan(model.outcomes()["vendor_effort"].iloc[-1])


def test_analytics_quality_sets_the_error_of_digital_records() -> None:
    from smartgov.model.processes.capture import estimation_noise

    params = Params()
    quality = np.array([0.0, 0.5, 1.0])
    assert np.allclose(estimation_noise(params, quality), params.capture_noise * (1 - 0.6 * quality))
    assert estimation_noise(params) == estimation_noise(params, params.vendor_analytics)


def test_one_seed_fixes_a_run_and_a_reused_world_is_the_same() -> None:
    from smartgov.model import worlds

    params = Params(**SMALL)
    worlds.clear()
    runs = []
    for _ in range(2):
        model = GovernanceModel(params, rng=11)
        for _ in range(30):
            model.step()
        runs.append(model.outcomes())
    assert runs[0].equals(runs[1])


def _window(params: Params, seed: int, name: str, weeks: int = 52) -> float:
    model = GovernanceModel(params, rng=seed)
    for _ in range(weeks):
        model.step()
    return float(model.outcomes()[name].loc[27:weeks].mean())


@pytest.mark.slow
def test_liability_lowers_breach_chance_only_when_effort_responds() -> None:
    """Paired seeds 0–4, N = 300. Rule fixed before running: with responsive effort, liability 1 vs 0 lowers the
    vendors' expected breaches per week in every seed; with the knock-out the mean paired change is smaller than
    a quarter of that effect in size, and vendors' effort is identical."""
    base = Params(**SMALL)
    effect, knocked = [], []
    for seed in range(5):
        on = _window(base.replace(vendor_liability=1.0), seed, "vendor_breach_chance")
        off = _window(base.replace(vendor_liability=0.0), seed, "vendor_breach_chance")
        effect.append(on - off)
        fixed = base.replace(**FIXED_EFFORT)
        k_on = _window(fixed.replace(vendor_liability=1.0), seed, "vendor_breach_chance")
        k_off = _window(fixed.replace(vendor_liability=0.0), seed, "vendor_breach_chance")
        knocked.append(k_on - k_off)
        assert _window(fixed.replace(vendor_liability=1.0), seed, "vendor_effort") == fixed.security_investment
    assert all(d < 0 for d in effect)
    assert abs(np.mean(knocked)) < 0.25 * abs(np.mean(effect))


@pytest.mark.slow
def test_security_weighted_procurement_raises_effort_and_analytics() -> None:
    """Paired seeds 0–4, N = 300. Rule fixed before running: quality_security vs lowest_price raises vendors'
    effort and agencies' analytics quality in every seed (by construction of the scoring auction; a check that
    the tender delivers it)."""
    base = Params(**SMALL)
    for seed in range(5):
        for name in ("vendor_effort", "analytics_quality"):
            scored = _window(base.replace(procurement_rule="quality_security"), seed, name)
            lowest = _window(base.replace(procurement_rule="lowest_price"), seed, name)
            assert scored > lowest, (seed, name)
