"""One present-day world, then policy: the burn-in runs under baseline policy and no lever shapes week 0.

Paired scenarios (same seed, different levers) must share the burned-in world bit for bit, generator included
(common random numbers); world parameters must change it. Statistical figures are in docs/steady_state.md.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest

import smartgov.model.worlds as worlds
from smartgov import scenarios
from smartgov.model import GovernanceModel, Params
from smartgov.model.params import baseline_policy, fields, levers
from smartgov.model.population import Population

WORLD = Params(n_citizens=300, burn_in_weeks=40)
SEED = 11


def other_value(name: str) -> Any:
    """A valid value of lever ``name`` away from its default (another choice, the other switch, the far bound)."""
    f = next(f for f in fields() if f.name == name)
    default, meta = f.default, f.metadata
    if meta["choices"]:
        return next(choice for choice in meta["choices"] if choice != default)
    if f.type == "bool":
        return not default
    lo, hi = meta["range"]
    return hi if abs(hi - default) >= abs(default - lo) else lo


def build(params: Params, seed: int = SEED, **kwargs: Any) -> GovernanceModel:
    """A model burned in from scratch (the process's world cache emptied first)."""
    worlds.clear()
    return GovernanceModel(params, rng=seed, **kwargs)


def week0_state(model: GovernanceModel) -> dict[str, Any]:
    """Everything the burn-in leaves behind: population arrays (flags too), network, generator state."""
    pop = model.population
    state = {name: getattr(pop, name).copy() for name in Population.__dataclass_fields__ if name != "flags"}
    state |= {f"flags.{name}": getattr(pop.flags, name).copy() for name in pop.flags.__dataclass_fields__}
    state["network.indptr"] = model.network.adjacency.indptr.copy()
    state["network.indices"] = model.network.adjacency.indices.copy()
    state["rng"] = model.rng.bit_generator.state
    state["ledger"] = dataclasses.asdict(model.ledger)
    return state


def assert_same_state(a: dict[str, Any], b: dict[str, Any]) -> None:
    assert a.keys() == b.keys()
    for key in a:
        if isinstance(a[key], np.ndarray):
            assert a[key].dtype == b[key].dtype and np.array_equal(a[key], b[key]), key
        else:
            assert a[key] == b[key], key


@pytest.fixture(scope="module")
def baseline_state() -> dict[str, Any]:
    return week0_state(build(WORLD))


def test_levers_are_the_fields_marked_lever() -> None:
    names = levers()
    assert "responsiveness" in names and "algorithm" in names and "burn_in_weeks" not in names
    assert baseline_policy(Params(responsiveness=0.05, algorithm="audited", n_citizens=50)) == Params(n_citizens=50)


def test_baseline_scenario_sets_no_lever_away_from_the_defaults() -> None:
    """The burn-in's baseline policy (every lever at its default) is the baseline scenario's policy."""
    baseline = scenarios.load("baseline").params()
    defaults = Params()
    for name in levers():
        assert getattr(baseline, name) == getattr(defaults, name), name
    assert baseline_policy(baseline) == baseline


def test_population_create_reads_no_lever() -> None:
    """Initialization reads world parameters only (efficacy is drawn around initial_efficacy, not responsiveness)."""
    read: set[str] = set()

    class Recorder:
        def __getattr__(self, name: str) -> Any:
            read.add(name)
            return getattr(Params(n_citizens=50), name)

    Population.create(Recorder(), np.random.default_rng(0))  # type: ignore[arg-type]
    assert read and not read & set(levers()), sorted(read & set(levers()))
    assert "initial_efficacy" in read


@pytest.mark.parametrize("lever", levers())
def test_no_lever_changes_the_burned_in_world(lever: str, baseline_state: dict[str, Any]) -> None:
    """Same seed, one lever changed: population, network, ledger and generator at week 0 are identical."""
    model = build(WORLD.replace(**{lever: other_value(lever)}))
    assert getattr(model.params, lever) == other_value(lever)  # the scenario's policy is in force from week 1
    assert_same_state(week0_state(model), baseline_state)


@pytest.mark.parametrize(("name", "value"), [("n_citizens", 301), ("initial_trust", 0.3), ("need_rate", 0.1),
                                             ("burn_in_weeks", 39), ("trust_rule", "degroot"),
                                             ("capacity_ratio", 2.0), ("initial_efficacy", 0.5)])
def test_world_parameters_change_the_burned_in_world(name: str, value: Any,
                                                     baseline_state: dict[str, Any]) -> None:
    state = week0_state(build(WORLD.replace(**{name: value})))
    assert state.keys() == baseline_state.keys()
    assert any(not np.array_equal(state[k], baseline_state[k]) if isinstance(state[k], np.ndarray)
               else state[k] != baseline_state[k] for k in state)


def test_other_seed_other_world(baseline_state: dict[str, Any]) -> None:
    state = week0_state(build(WORLD, SEED + 1))
    assert not np.array_equal(state["trust"], baseline_state["trust"])


def test_burn_in_is_before_week_0() -> None:
    """No Mesa step, no collected row; timeline weeks count from the end of the burn-in."""
    model = build(WORLD, events=[{"week": 1, "set": {"responsiveness": 0.9}}])
    assert model.steps == 0 and len(model.outcomes()) == 1
    assert model.params.responsiveness == Params().responsiveness
    model.step()
    assert model.steps == 1 and len(model.outcomes()) == 2 and model.params.responsiveness == 0.9


def test_burn_in_moves_the_fast_state_and_holds_the_slow_one() -> None:
    """Trust, efficacy, needs and consent move; who is online and digital literacy stay as drawn."""
    drawn = build(WORLD.replace(burn_in_weeks=0)).population
    burned = build(WORLD).population
    assert np.array_equal(burned.excluded, drawn.excluded) and np.array_equal(burned.reason, drawn.reason)
    assert np.array_equal(burned.literacy, drawn.literacy)
    assert np.array_equal(burned.initially_excluded, burned.excluded)
    assert not np.array_equal(burned.trust, drawn.trust) and not np.array_equal(burned.efficacy, drawn.efficacy)
    assert burned.has_need.any() and not drawn.has_need.any()


def test_counters_restart_at_the_end_of_the_burn_in() -> None:
    """Breaches in the burn-in change the world (perceived risk, trust) but are not counted as outcomes."""
    world = WORLD.replace(breach_hazard=1.0, breach_exposure=1.0)  # world parameters, not levers
    model = build(world)
    pop = model.population
    assert pop.perceived_risk.max() > world.base_perceived_risk  # the breaches happened
    assert model.ledger.breaches_total == 0 and model.ledger.records_exposed_total == 0
    assert not pop.exposed_ever.any()
    assert not any(getattr(pop.flags, name).any() for name in pop.flags.__dataclass_fields__)
    row0 = model.outcomes().iloc[0]
    assert row0["breaches"] == 0 and row0["exposed_share"] == 0


def test_a_cached_world_is_the_world_burned_in_afresh() -> None:
    """The second model with the same seed and world reuses the burn-in and runs bit for bit the same."""
    fresh = build(WORLD.replace(algorithm="audited"))
    fresh.run_for(8)
    assert len(worlds._worlds) == 1
    reused = GovernanceModel(WORLD.replace(algorithm="audited"), rng=SEED)  # from the cache
    other = GovernanceModel(WORLD.replace(data_sharing="open"), rng=SEED)  # same world, another policy: cache too
    assert len(worlds._worlds) == 1
    assert reused.population is not fresh.population and reused.population.trust is not fresh.population.trust
    reused.run_for(8)
    pd_fresh, pd_reused = fresh.outcomes(), reused.outcomes()
    assert pd_fresh.equals(pd_reused)
    assert_same_state(week0_state(reused), week0_state(fresh))
    other.run_for(8)
    assert not other.outcomes().equals(pd_fresh)
    assert worlds.key(np.random.default_rng(1), WORLD) is None  # a Generator has its own history: not cached
    worlds.clear()


def test_steady_state_diagnostic_pieces() -> None:
    """The diagnostic's truncation and start-memory rules on series whose answer is known."""
    from smartgov.experiments.steady_state import mser_truncation, start_memory_week, trajectory, yearly_memory_week

    rng = np.random.default_rng(0)
    series = np.concatenate([np.linspace(1.0, 0.0, 100), np.zeros(400)]) + rng.normal(0, 0.01, 500)
    assert 80 <= mser_truncation(series) <= 110
    weeks = np.arange(1, 521)
    gap = np.exp(-weeks / 50.0)  # start memory decays with a 50-week time constant
    high = 0.5 + gap + rng.normal(0, 0.01, (20, 520))
    low, mid = 0.5 + rng.normal(0, 0.01, (20, 520)), 0.5 + rng.normal(0, 0.01, (20, 520))
    week, _, _ = start_memory_week(high, low, mid)
    assert week >= 150  # e^(-t/50) < σ = 0.01 from t ≈ 230; later noise excursions can only push it later
    assert 209 <= yearly_memory_week(high, low, mid) <= 417  # yearly blocks: σ/√52, crossed in year 6 or 7
    path = trajectory("friedkin_johnsen", "low", 1, 5, 100)
    assert path.shape == (5, 4) and np.all((path >= 0) & (path <= 1))
