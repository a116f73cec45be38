"""Seeded social networks with homophily by group, kept as a CSR matrix for the hot path.

networkx generates the structure (small-world or scale-free); the edges are then moved to NumPy, cross-group ties
are partly rewired within the group (excluded citizens cluster by family, village and age), and the result is a
symmetric ``scipy.sparse`` CSR matrix. Neighbour averages are one sparse matrix-vector product.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sp


@dataclass(frozen=True)
class Network:
    """Undirected social network over citizens 0..n-1."""

    adjacency: sp.csr_array  # symmetric 0/1, no self-loops
    degree: np.ndarray  # int, ties per citizen

    @property
    def n(self) -> int:
        return self.adjacency.shape[0]

    @property
    def n_edges(self) -> int:
        return int(self.adjacency.nnz // 2)

    def neighbour_mean(self, values: np.ndarray) -> np.ndarray:
        """Mean of ``values`` over each citizen's neighbours; an isolated citizen keeps its own value."""
        total = self.adjacency @ values
        out = values.astype(float, copy=True)
        has = self.degree > 0
        out[has] = total[has] / self.degree[has]
        return out

    def neighbour_count(self, mask: np.ndarray) -> np.ndarray:
        """How many of each citizen's neighbours have ``mask`` set."""
        return self.adjacency @ mask.astype(np.float64)

    def column_sum(self, citizens: np.ndarray) -> np.ndarray:
        """For every citizen, how many of ``citizens`` are among their ties (a few columns, not a matvec)."""
        out = np.zeros(self.n)
        if len(citizens):
            a = self.adjacency
            ties = np.concatenate([a.indices[a.indptr[c]: a.indptr[c + 1]] for c in citizens.tolist()])
            np.add.at(out, ties, 1.0)
        return out

    def within_group_share(self, group: np.ndarray) -> float:
        """Share of ties joining two citizens of the same group (homophily as observed)."""
        coo = self.adjacency.tocoo()
        if coo.nnz == 0:
            return float("nan")
        return float(np.mean(group[coo.row] == group[coo.col]))

    def to_networkx(self) -> nx.Graph:
        """A networkx copy (for drawing and analysis; not used in the hot path)."""
        graph = nx.Graph()
        graph.add_nodes_from(range(self.n))
        coo = sp.triu(self.adjacency, k=1).tocoo()
        graph.add_edges_from(zip(coo.row.tolist(), coo.col.tolist(), strict=True))
        return graph


def build_network(
    kind: str,
    n: int,
    mean_degree: int,
    rewiring: float,
    homophily: float,
    group: np.ndarray,
    rng: np.random.Generator,
) -> Network:
    """Generate a ``kind`` network ('small_world' or 'scale_free') with homophily by ``group``.

    All randomness comes from ``rng``; networkx is seeded from it.
    """
    seed = int(rng.integers(2**31 - 1))
    if kind == "small_world":
        k = max(2, min(mean_degree, n - 1))
        graph = nx.watts_strogatz_graph(n, k, rewiring, seed=seed)
    elif kind == "scale_free":
        m = max(1, min(mean_degree // 2, n - 1))
        graph = nx.barabasi_albert_graph(n, m, seed=seed)
    else:  # Params validates this; a direct caller gets a clear message
        raise ValueError(f"network kind {kind!r} is not one of 'small_world', 'scale_free'")
    edges = np.fromiter(
        (node for edge in graph.edges() for node in edge), dtype=np.int64, count=2 * graph.number_of_edges()
    ).reshape(-1, 2)
    edges = _rewire_within_group(edges, group, homophily, rng)
    return _to_csr(edges, n)


def _rewire_within_group(edges: np.ndarray, group: np.ndarray, homophily: float,
                         rng: np.random.Generator) -> np.ndarray:
    """Move one end of a share ``homophily`` of cross-group ties to a same-group citizen.

    The new end is drawn in proportion to degree, so a scale-free network keeps its hubs.
    """
    if len(edges) == 0 or homophily <= 0:
        return edges
    edges = edges.copy()
    flip = rng.random(len(edges)) < 0.5  # random orientation: both groups lose cross ties
    edges[flip] = edges[flip, ::-1]
    u, v = edges[:, 0], edges[:, 1]
    cross = group[u] != group[v]
    chosen = np.flatnonzero(cross & (rng.random(len(edges)) < homophily))
    degree = np.bincount(edges.ravel(), minlength=len(group)).astype(np.float64)
    for g in np.unique(group):
        members = np.flatnonzero(group == g)
        movers = chosen[group[u[chosen]] == g]
        if len(movers) == 0 or len(members) < 2:
            continue
        weights = degree[members] + 1.0
        cumulative = np.cumsum(weights)
        picks = np.searchsorted(cumulative, rng.random(len(movers)) * cumulative[-1], side="right")
        v[movers] = members[np.minimum(picks, len(members) - 1)]
    return edges


def _to_csr(edges: np.ndarray, n: int) -> Network:
    u, v = edges[:, 0], edges[:, 1]
    keep = u != v
    u, v = u[keep], v[keep]
    lo, hi = np.minimum(u, v), np.maximum(u, v)
    key = np.unique(lo * n + hi)
    lo, hi = key // n, key % n
    rows = np.concatenate([lo, hi])
    cols = np.concatenate([hi, lo])
    data = np.ones(len(rows), dtype=np.float64)
    adjacency = sp.csr_array((data, (rows, cols)), shape=(n, n))
    adjacency.sort_indices()
    degree = np.diff(adjacency.indptr).astype(np.int64)
    return Network(adjacency=adjacency, degree=degree)
