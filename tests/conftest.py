"""Shared fixtures: small, fast model configurations."""

from __future__ import annotations

import pytest

from smartgov.model import GovernanceModel, Params


@pytest.fixture
def small_params() -> Params:
    return Params(n_citizens=400)


@pytest.fixture
def small_model(small_params: Params) -> GovernanceModel:
    return GovernanceModel(small_params, rng=7)
