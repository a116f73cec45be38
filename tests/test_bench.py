"""The benchmark runs both implementations on the same model (it reports figures; nothing here is timed)."""

from __future__ import annotations

import pytest

from smartgov.experiments.bench import DOCKED, measure_here


@pytest.mark.parametrize("kind", ["vectorized", "naive"])
def test_both_kinds_build_and_run_the_same_parameters(kind: str) -> None:
    m = measure_here(kind, 20, 1)
    assert (m.kind, m.n, m.steps) == (kind, 20, 1) and m.run_seconds > 0


def test_the_docking_line_says_the_vendor_market_is_docked() -> None:
    assert "vendor market" in DOCKED
