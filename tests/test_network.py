"""Social networks: seeded, symmetric, homophilous as asked."""

from __future__ import annotations

import numpy as np
import pytest

from smartgov.model.network import build_network


def _group(n: int, share: float = 0.2, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).random(n) < share


@pytest.mark.parametrize("kind", ["small_world", "scale_free"])
def test_same_seed_same_network(kind: str) -> None:
    group = _group(500)
    a = build_network(kind, 500, 8, 0.1, 0.7, group, np.random.default_rng(3))
    b = build_network(kind, 500, 8, 0.1, 0.7, group, np.random.default_rng(3))
    c = build_network(kind, 500, 8, 0.1, 0.7, group, np.random.default_rng(4))
    assert (a.adjacency != b.adjacency).nnz == 0
    assert (a.adjacency != c.adjacency).nnz > 0


@pytest.mark.parametrize("kind", ["small_world", "scale_free"])
def test_symmetric_simple_graph(kind: str) -> None:
    net = build_network(kind, 800, 8, 0.1, 0.7, _group(800), np.random.default_rng(1))
    adj = net.adjacency
    assert (adj != adj.T).nnz == 0
    assert adj.diagonal().sum() == 0
    assert adj.max() == 1
    assert net.degree.sum() == 2 * net.n_edges
    assert 6 <= net.degree.mean() <= 8.5


@pytest.mark.parametrize("kind", ["small_world", "scale_free"])
def test_homophily_raises_within_group_ties(kind: str) -> None:
    group = _group(2000)
    mixed = build_network(kind, 2000, 8, 0.1, 0.0, group, np.random.default_rng(2))
    clustered = build_network(kind, 2000, 8, 0.1, 0.9, group, np.random.default_rng(2))
    # random mixing gives about 0.8² + 0.2² = 0.68 of ties within group
    assert mixed.within_group_share(group) == pytest.approx(0.68, abs=0.04)
    assert clustered.within_group_share(group) > 0.9


def test_scale_free_has_hubs_small_world_does_not() -> None:
    group = _group(3000)
    sf = build_network("scale_free", 3000, 8, 0.1, 0.7, group, np.random.default_rng(5))
    sw = build_network("small_world", 3000, 8, 0.1, 0.7, group, np.random.default_rng(5))
    assert sf.degree.max() > 8 * sf.degree.mean()
    assert sw.degree.max() < 3 * sw.degree.mean()


def test_neighbour_helpers_match_networkx() -> None:
    group = _group(300)
    net = build_network("small_world", 300, 6, 0.2, 0.5, group, np.random.default_rng(9))
    graph = net.to_networkx()
    values = np.random.default_rng(1).random(300)
    means = net.neighbour_mean(values)
    counts = net.neighbour_count(group)
    sums = net.column_sum(np.flatnonzero(group))
    for node in range(0, 300, 17):
        nbrs = list(graph.neighbors(node))
        assert means[node] == pytest.approx(np.mean(values[nbrs]))
        assert counts[node] == sum(group[nbrs]) == sums[node]
