"""Property-based tests: invariants hold over random valid parameter sets."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartgov.model import DigitallyExcludedCitizen, GovernanceModel, Params
from smartgov.model.params import ParameterError, fields

SHARE_COLUMNS = ("trust", "trust_included", "trust_excluded", "need_met_rate", "need_met_included",
                 "need_met_excluded", "technical_refugees", "excluded_share", "allocation_accuracy", "coverage",
                 "coverage_included", "coverage_excluded", "participation_rate", "consent_rate", "exposed_share")
SKIP = {"n_citizens", "refugee_streak"}


@st.composite
def valid_params(draw) -> Params:
    """Any valid parameter set, drawn from the metadata (population kept small for speed)."""
    values = {"n_citizens": draw(st.integers(30, 300))}
    for f in fields():
        if f.name in SKIP:
            continue
        m = f.metadata
        if m["choices"]:
            values[f.name] = draw(st.sampled_from(m["choices"]))
        elif f.type == "bool":
            values[f.name] = draw(st.booleans())
        elif f.type == "int":
            values[f.name] = draw(st.integers(int(m["range"][0]), int(m["range"][1])))
        else:
            values[f.name] = draw(st.floats(m["range"][0], m["range"][1], allow_nan=False))
    values["mean_degree"] = min(values["mean_degree"], values["n_citizens"] - 1)
    if values.get("vendor_market", True) and values.get("n_vendors", 3) < 2:  # bidding needs two vendors
        values["n_vendors"] = 2
    try:
        return Params(**values)
    except ParameterError as err:  # a neutral budget whose lines cannot fit is not a valid set: pay on top
        if err.name != "budget_mode":
            raise
        return Params(**{**values, "budget_mode": "additive"})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params=valid_params(), seed=st.integers(0, 2**32 - 1))
def test_invariants_hold_for_any_valid_parameters(params: Params, seed: int) -> None:
    model = GovernanceModel(params, rng=seed)
    pop = model.population
    open_before = int(pop.has_need.sum())
    for _ in range(8):
        model.step()
        frame = model.outcomes()
        row = frame.iloc[-1]
        # need counts are conserved: open before + arisen - met = open after
        assert open_before + row["needs_arisen"] - row["needs_met"] == row["needs_open"]
        open_before = int(row["needs_open"])
        for column in SHARE_COLUMNS:
            value = row[column]
            assert np.isnan(value) or -1e-12 <= value <= 1 + 1e-12, (column, value)
        for array in (pop.trust, pop.literacy, pop.efficacy, pop.perceived_risk):
            assert array.min() >= 0.0 and array.max() <= 1.0
        assert (pop.need_domain < params.n_agencies).all()
        assert not pop.seen[:, ~pop.has_need].any()  # no record outlives its need
        assert row["efficiency"] != row["efficiency"] or row["efficiency"] >= 0
    assert len(model.agents_by_type.get(DigitallyExcludedCitizen, [])) == pop.excluded.sum()
