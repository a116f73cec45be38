"""Trust rules: DeGroot (default), Friedkin–Johnsen anchoring, Hegselmann–Krause bounded confidence, being heard.

Verification tests (a rule does what its formula says), knock-out tests (remove the mechanism, the heterogeneity
or the effect goes), determinism, bounds, and docking against the naive per-agent reference
(``experiments/naive.py``): exact where the naive step is deterministic given the same state, in distribution for
whole runs (the naive model draws from its own generator).
"""

from __future__ import annotations

import numpy as np
import pytest

from smartgov.experiments.naive import NaiveModel
from smartgov.model import GovernanceModel, Params
from smartgov.model.ledger import Ledger
from smartgov.model.network import Network, build_network
from smartgov.model.params import ParameterError
from smartgov.model.population import Population
from smartgov.model.processes import participate, update_trust
from smartgov.model.processes.trust import being_heard, confident_mean, social_step

DG = {"trust_rule": "degroot"}  # DeGroot, the rule before Friedkin–Johnsen became the default
FJ = {"trust_rule": "friedkin_johnsen"}
# where earlier figures were measured: the vendor market off in both implementations (as when they were measured)
SETTING = {"trust_rule": "degroot", "heard_gain": 0.0, "burn_in_weeks": 0, "vendor_market": False}
BC = {"trust_rule": "bounded_confidence"}


def world(n: int = 300, seed: int = 0, **overrides) -> tuple[Population, Params, Network, np.random.Generator]:
    params = Params(n_citizens=n, **overrides)
    rng = np.random.default_rng(seed)
    pop = Population.create(params, rng)
    net = build_network(params.network, n, params.mean_degree, params.rewiring, params.homophily, pop.excluded, rng)
    return pop, params, net, rng


def random_events(pop: Population, rng: np.random.Generator) -> None:
    """A week's worth of trust events drawn at random, consistent with how the model sets them."""
    f, n = pop.flags, pop.n
    f.reset()
    f.met[:] = rng.random(n) < 0.1
    open_need = ~f.met & (rng.random(n) < 0.3)
    pop.need_domain[:] = np.where(open_need, 0, -1)
    pop.need_age[:] = np.where(open_need, rng.integers(0, 3, n), 0)
    f.sought[:] = f.met | (open_need & (rng.random(n) < 0.7))
    f.contact[:] = rng.random(n) < 0.05
    f.exposed[:] = rng.random(n) < 0.02
    f.heard_breach[:] = ~f.exposed & (rng.random(n) < 0.05)


def run_trust(params: Params, seed: int, steps: int) -> np.ndarray:
    model = GovernanceModel(params, rng=seed)
    model.run_for(steps)
    return model.population.trust.copy()


# -- parameters ---------------------------------------------------------------------------------------------------

def test_defaults_anchor_trust_and_being_heard_acts_like_a_good_experience() -> None:
    """Friedkin–Johnsen is the default rule (it keeps heterogeneity); being heard is on by default, as large as a good
    service experience (a stated assumption until calibrated)."""
    p = Params()
    assert p.trust_rule == "friedkin_johnsen" and p.heard_gain == p.trust_gain > 0


@pytest.mark.parametrize(("name", "value"), [("trust_rule", "hk"), ("trust_anchor_weight", 1.5),
                                             ("confidence_bound", 0.0), ("heard_gain", -0.1),
                                             ("confidence_bound", "wide")])
def test_bad_trust_parameters_are_refused_by_name(name: str, value: object) -> None:
    with pytest.raises(ParameterError, match=name):
        Params(**{name: value})


def test_population_keeps_initial_trust_as_anchor() -> None:
    pop, *_ = world()
    assert np.array_equal(pop.trust_anchor, pop.trust) and pop.trust_anchor is not pop.trust


# -- DeGroot: unchanged -------------------------------------------------------------------------------------------

def test_degroot_step_is_the_previous_formula_bit_for_bit() -> None:
    pop, params, net, rng = world(seed=3, **DG)
    random_events(pop, rng)
    before = pop.trust.copy()
    update_trust(pop, params, net)
    # the pre-rule code, verbatim: events, then (1 − w)·T + w·neighbour mean, then clip
    t, f, a = before, pop.flags, params.trust_gain
    bad = f.sought & ~f.met & pop.has_need & (pop.need_age >= 1)
    t[f.met] += a * (1 - t[f.met])
    t[bad] -= params.loss_aversion * a * t[bad]
    t[f.contact] += params.contact_gain * (1 - t[f.contact])
    t[f.exposed] -= params.breach_trust_loss * t[f.exposed]
    t[f.heard_breach] -= params.breach_news_loss * t[f.heard_breach]
    w = params.social_influence
    t = np.clip((1 - w) * t + w * net.neighbour_mean(t), 0, 1)
    assert np.array_equal(pop.trust, t)


# -- Friedkin–Johnsen ---------------------------------------------------------------------------------------------

def test_fj_full_anchor_keeps_everyone_at_their_anchor_without_events() -> None:
    pop, params, net, _ = world(**FJ, trust_anchor_weight=1.0, social_influence=0.5)
    for _ in range(200):
        pop.trust[:] = social_step(pop.trust, pop.trust_anchor, params, net)
    assert np.allclose(pop.trust, pop.trust_anchor, rtol=0, atol=1e-12)


def test_fj_full_anchor_pulls_a_disturbed_population_back() -> None:
    pop, params, net, _ = world(**FJ, trust_anchor_weight=1.0)
    pop.trust[:] = 0.0
    for _ in range(400):  # distance shrinks by (1 − w) = 0.9 a week
        pop.trust[:] = social_step(pop.trust, pop.trust_anchor, params, net)
    assert np.max(np.abs(pop.trust - pop.trust_anchor)) < 1e-12 + 0.9 ** 400


def test_fj_with_zero_anchor_weight_is_degroot_bit_for_bit() -> None:
    degroot = GovernanceModel(Params(n_citizens=300, **DG), rng=11)
    fj = GovernanceModel(Params(n_citizens=300, **FJ, trust_anchor_weight=0.0), rng=11)
    degroot.run_for(30)
    fj.run_for(30)
    assert np.array_equal(degroot.population.trust, fj.population.trust)
    assert degroot.outcomes().equals(fj.outcomes())


def test_fj_steady_state_without_events_matches_the_closed_form() -> None:
    """x* = (I − ΛW)⁻¹(I − Λ)x⁰ with Λ = 1 − w·s and W = [(1 − w)I + w(1 − s)A_norm]/Λ (Friedkin–Johnsen)."""
    pop, params, net, _ = world(n=80, **FJ, trust_anchor_weight=0.3, social_influence=0.6)
    w, s = params.social_influence, params.trust_anchor_weight
    a = net.adjacency.toarray() / net.degree[:, None]
    step = (1 - w) * np.eye(pop.n) + w * (1 - s) * a  # ΛW
    expected = np.linalg.solve(np.eye(pop.n) - step, w * s * pop.trust_anchor)
    t = pop.trust.copy()
    for _ in range(2000):
        t = social_step(t, pop.trust_anchor, params, net)
    assert np.allclose(t, expected, atol=1e-9)
    assert t.std() > 0.3 * pop.trust_anchor.std()  # disagreement persists


@pytest.mark.slow
def test_knock_out_the_anchor_keeps_heterogeneity_and_weight_zero_removes_it() -> None:
    """SD of trust at week 104 (N = 500, 5 paired seeds): FJ (s = 0.5) above DeGroot in every seed by > 0.02.

    Measured at N = 1,000 over 10 seeds: 0.087 ± 0.001 against 0.039 ± 0.003. With s = 0 the difference is exactly 0.
    """
    for seed in range(5):
        degroot = run_trust(Params(n_citizens=500, **DG), seed, 104).std()
        anchored = run_trust(Params(n_citizens=500, **FJ, trust_anchor_weight=0.5), seed, 104).std()
        knocked = run_trust(Params(n_citizens=500, **FJ, trust_anchor_weight=0.0), seed, 104).std()
        assert anchored > degroot + 0.02, (seed, anchored, degroot)
        assert knocked == degroot


# -- bounded confidence (Hegselmann–Krause) -------------------------------------------------------------------------

def test_confident_mean_with_epsilon_one_is_the_neighbour_mean() -> None:
    pop, _, net, _ = world(seed=5)
    assert np.array_equal(confident_mean(pop.trust, net, 1.0), net.neighbour_mean(pop.trust))


def test_bounded_confidence_with_epsilon_one_is_degroot_bit_for_bit() -> None:
    degroot = GovernanceModel(Params(n_citizens=300, **DG), rng=4)
    hk = GovernanceModel(Params(n_citizens=300, **BC, confidence_bound=1.0), rng=4)
    degroot.run_for(30)
    hk.run_for(30)
    assert degroot.outcomes().equals(hk.outcomes())


def test_confident_mean_listens_only_within_epsilon_on_a_hand_made_graph() -> None:
    # path 0 — 1 — 2 — 3 — 4, and 5 isolated
    from smartgov.model.network import _to_csr

    net = _to_csr(np.array([[0, 1], [1, 2], [2, 3], [3, 4]]), 6)
    v = np.array([0.1, 0.15, 0.5, 0.55, 0.9, 0.3])
    got = confident_mean(v, net, 0.1)
    assert got == pytest.approx([0.15, 0.1, 0.55, 0.5, 0.9, 0.3])  # 4 and 5 have nobody within ε: keep own
    with pytest.raises(ValueError, match="confidence bound"):
        confident_mean(v, net, 0.0)


def test_small_epsilon_keeps_clusters_full_confidence_reaches_consensus() -> None:
    """Opinion dynamics alone (no events), N = 1,000, 1,000 weeks, w = 0.1.

    Measured over 3 seeds: ε = 0.1 keeps SD 0.10–0.11 in ≈ 90 distinct levels; ε = 1 reaches consensus (SD 0).
    Thresholds: SD > 0.08 and ≥ 10 levels (rounded to 0.01) for ε = 0.1; SD < 1e-3 for ε = 1.
    """
    pop, _, net, _ = world(n=1000, seed=0)
    for eps, clustered in ((0.1, True), (1.0, False)):
        params = Params(n_citizens=1000, **BC, confidence_bound=eps)
        t = pop.trust.copy()
        for _ in range(1000):
            t = social_step(t, pop.trust_anchor, params, net)
        if clustered:
            assert t.std() > 0.08 and len(np.unique(np.round(t, 2))) >= 10
        else:
            assert t.std() < 1e-3


# -- being heard ------------------------------------------------------------------------------------------------

def test_being_heard_raises_trust_of_those_responded_to_and_no_one_else() -> None:
    """Same population and draws with heard_gain 0 and 0.1 (paired): only citizens responded to differ, upwards."""
    out = {}
    for gain in (0.0, 0.1):
        pop, params, _, _ = world(n=2000, seed=8, heard_gain=gain)
        pop.trust[:] = 0.6
        pop.efficacy[:] = 0.8  # many take part
        participate(pop, params, np.random.default_rng(99), Ledger())
        out[gain] = (pop.trust.copy(), pop.flags.responded.copy(), pop.efficacy.copy())
    (t0, r0, e0), (t1, r1, e1) = out[0.0], out[0.1]
    assert np.array_equal(r0, r1) and np.array_equal(e0, e1) and r1.sum() > 50
    assert np.all(t1[r1] == pytest.approx(0.6 + 0.1 * 0.4))
    assert np.array_equal(t1[~r1], t0[~r1]) and np.all(t0 == 0.6)


def test_being_heard_is_the_formula() -> None:
    pop, params, _, _ = world(heard_gain=0.2)
    who = np.zeros(pop.n, dtype=bool)
    who[::3] = True
    before = pop.trust.copy()
    being_heard(pop, params, who)
    assert np.allclose(pop.trust[who], before[who] + 0.2 * (1 - before[who]))
    assert np.array_equal(pop.trust[~who], before[~who])


def test_knock_out_no_response_means_being_heard_changes_nothing() -> None:
    """No burn-in: the burn-in runs under the baseline policy, whose responses (responsiveness is a lever) would let
    heard_gain shape the week-0 world. No response at all also means no redress channel: the hotline answers
    accepted requests through the same being-heard rule (processes/redress.py)."""
    none = dict(n_citizens=300, responsiveness=0.0, redress=False, burn_in_weeks=0)
    base = GovernanceModel(Params(**none), rng=6)
    heard = GovernanceModel(Params(**none, heard_gain=0.3), rng=6)
    base.run_for(40)
    heard.run_for(40)
    assert base.outcomes().equals(heard.outcomes())


# (Until issue 15 this was a strict xfail: seed 2's effect, +0.007, was below the 0.01 per-seed threshold. With
# the merged issue-15 model — redress answers requests through the same rule — every seed passes the threshold.)
def test_being_heard_raises_mean_trust_in_whole_runs() -> None:
    """Seeded pairs (5 seeds, N = 500, 52 weeks, breaches off): heard_gain 0.1 raises mean trust in every seed.

    Breaches are switched off because one breach moves mean trust more than a year of being heard (with them, the
    per-seed difference is 0.009 ± 0.011 over 10 seeds); without them it is 0.031 ± 0.002, smallest 0.021.
    Thresholds: > 0.01 in every seed, > 0.02 on average. Measured in the setting the thresholds were set in
    (DeGroot, no burn-in; ``SETTING``): the anchor of the default rule and a burn-in under both gains change what is
    compared, not the mechanism.
    """
    diffs = []
    for seed in range(5):
        base = run_trust(Params(n_citizens=500, breach_hazard=0.0, **SETTING), seed, 52).mean()
        heard = run_trust(Params(n_citizens=500, breach_hazard=0.0, **{**SETTING, "heard_gain": 0.1}), seed, 52).mean()
        diffs.append(heard - base)
    assert min(diffs) > 0.01 and np.mean(diffs) > 0.02, diffs


# -- every rule: bounds and determinism ---------------------------------------------------------------------------

RULES = [{}, FJ, {**FJ, "trust_anchor_weight": 1.0}, BC, {**BC, "confidence_bound": 0.05}]


@pytest.mark.parametrize("rule", RULES)
def test_trust_stays_in_unit_interval_under_extreme_settings(rule: dict) -> None:
    params = Params(n_citizens=300, trust_gain=0.5, loss_aversion=5.0, contact_gain=0.5, heard_gain=0.5,
                    breach_trust_loss=1.0, breach_hazard=1.0, social_influence=1.0, responsiveness=1.0, **rule)
    model = GovernanceModel(params, rng=2)
    for _ in range(30):
        model.step()
        t = model.population.trust
        assert np.all((t >= 0) & (t <= 1)) and np.all(np.isfinite(t))


@pytest.mark.parametrize("rule", RULES)
def test_same_seed_same_trust_bit_for_bit(rule: dict) -> None:
    params = Params(n_citizens=200, heard_gain=0.05, **rule)
    assert np.array_equal(run_trust(params, 13, 20), run_trust(params, 13, 20))
    assert not np.array_equal(run_trust(params, 13, 20), run_trust(params, 14, 20))


# -- docking with the naive per-agent reference ------------------------------------------------------------------

def naive_twin(pop: Population, params: Params, net: Network) -> NaiveModel:
    """A naive model whose citizens hold exactly ``pop``'s trust, anchors and network."""
    naive = NaiveModel(params, rng=0)
    graph = net.to_networkx()
    for i, c in enumerate(naive.citizen_list):
        c.trust, c.anchor = float(pop.trust[i]), float(pop.trust_anchor[i])
        c.neighbours = [naive.citizen_list[j] for j in graph.neighbors(i)]
    return naive


def copy_events(naive: NaiveModel, pop: Population) -> None:
    f = pop.flags
    for i, c in enumerate(naive.citizen_list):
        c.reset_flags()
        c.met, c.sought, c.contact = bool(f.met[i]), bool(f.sought[i]), bool(f.contact[i])
        c.exposed, c.heard = bool(f.exposed[i]), bool(f.heard_breach[i])
        c.need_domain, c.need_age = int(pop.need_domain[i]), int(pop.need_age[i])


DOCKED = [{}, {"algorithm": "audited"}, FJ, {**FJ, "trust_anchor_weight": 0.9, "social_influence": 0.4},
          BC, {**BC, "confidence_bound": 0.05, "social_influence": 0.5}]


@pytest.mark.parametrize("rule", DOCKED)
def test_trust_update_docks_exactly_with_the_naive_reference(rule: dict) -> None:
    """N = 60, 15 weeks of the same random events: the per-agent loops give the same trust to 1e-12."""
    pop, params, net, rng = world(n=60, seed=1, **rule)
    naive = naive_twin(pop, params, net)
    for _ in range(15):
        random_events(pop, rng)
        copy_events(naive, pop)
        update_trust(pop, params, net)
        for c in naive.citizen_list:
            c.update_trust()
        for c in naive.citizen_list:
            c.listen()
        assert np.allclose(pop.trust, [c.trust for c in naive.citizen_list], rtol=0, atol=1e-12)
    assert pop.trust.std() > 0.01  # the comparison was not between collapsed states


def test_being_heard_docks_exactly_with_the_naive_reference() -> None:
    """The naive participation step draws who is responded to; the fast rule applied to them gives the same trust."""
    pop, params, net, _ = world(n=60, seed=2, heard_gain=0.2, responsiveness=0.5)
    naive = naive_twin(pop, params, net)
    for c in naive.citizen_list:
        c.reset_flags()
        c.efficacy = 0.9
        c.participate()
    responded = np.array([c.responded for c in naive.citizen_list])
    assert 0 < responded.sum() < 60
    being_heard(pop, params, responded)
    assert np.allclose(pop.trust, [c.trust for c in naive.citizen_list], rtol=0, atol=1e-12)


@pytest.mark.slow
def test_whole_runs_agree_in_distribution_with_the_naive_reference() -> None:
    """N = 60, 12 weeks, 40 seeds each. The effect of each rule against DeGroot (paired by seed within each
    implementation) must agree between the fast model and the naive one: the effect on trust SD of FJ (s = 0.5)
    and of bounded confidence (ε = 0.2), and the effect on mean trust of being heard (0.2). Measured: fast 0.037,
    0.040, 0.017 (SE 0.001–0.002); naive 0.038, 0.044, 0.018. Tolerance 0.015: at least 4.5 standard errors of the
    fast − naive difference, and well below the effects themselves. Against DeGroot without being heard and
    without burn-in (``SETTING``, the setting of these figures; the docking test covers the default set-up)."""
    def effects(build):
        out = []
        for seed in range(40):
            base = build(Params(n_citizens=60, **SETTING), seed)
            fj = build(Params(n_citizens=60, **{**SETTING, **FJ}), seed)
            hk = build(Params(n_citizens=60, **{**SETTING, **BC}), seed)
            heard = build(Params(n_citizens=60, **{**SETTING, "heard_gain": 0.2}), seed)
            out.append((fj.std() - base.std(), hk.std() - base.std(), heard.mean() - base.mean()))
        return np.mean(out, axis=0)

    def fast(params: Params, seed: int) -> np.ndarray:
        return run_trust(params, seed, 12)

    def naive(params: Params, seed: int) -> np.ndarray:
        model = NaiveModel(params, rng=seed)
        for _ in range(12):
            model.step()
        return np.array([c.trust for c in model.citizen_list])

    got_fast, got_naive = effects(fast), effects(naive)
    assert np.all(got_fast > 0.005) and np.all(got_naive > 0.005)
    assert np.allclose(got_fast, got_naive, atol=0.015), (got_fast, got_naive)
