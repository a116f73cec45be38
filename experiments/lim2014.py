"""Docking with Lim, Lee, Zo & Ciganek 2014 (JASSS 17(1):13): is the offline agent more often in the minority?

Their model (NetLogo, CoMSES codebase 3361) extends the pairwise bounded-confidence model of Deffuant et al. (2000)
with an online channel: a *connected* agent may write its opinion on the Internet, where several connected readers
move towards it (x' += c(x − x') if |x − x'| < d) while the writer does not move; a *disconnected* agent only talks
face to face (both partners move). Their headline: disconnected agents were 11–14 times more likely than connected
ones to end in the opinion minority.

smartgov's social network and trust process cannot express that set-up as it stands: its ties are fixed and
undirected, and it has no one-to-many online channel. So, as the calibration issue allows, this module drives
smartgov's own bounded-confidence step (:func:`smartgov.model.processes.trust.social_step` with
``trust_rule = "bounded_confidence"``, i.e. :func:`confident_mean`) with *their* interaction structure: every round a
fresh directed "who listens to whom" graph is drawn (offline pairs listen both ways, an online post is heard only by
its readers) and handed to ``social_step`` as a :class:`Network`. The agents' types (connected or not) are theirs.
What differs from their model, and why, is listed in docs/lim2014.md.

Every choice we could not read in the original (N, the share connected, readers per post, how often a connected
agent goes online, the stopping rule, what "minority" means) is a named field of :class:`Setup`; the command runs
the primary set-up (fixed before any result was seen) and one-at-a-time variants of each unread choice, so the
ratio's sensitivity to them is shown rather than one set-up picked.

``python -m smartgov.experiments.lim2014 --replicates 20 --out DIR`` writes DIR/lim2014.csv and DIR/lim2014.json.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from smartgov.model.network import Network, build_network
from smartgov.model.params import Params
from smartgov.model.processes.trust import social_step

PUBLISHED_RATIO = (11.0, 14.0)  # Lim et al. 2014, abstract: "11 to 14 times more likely to become a minority"
FROZEN_GAP = 1e-3  # opinions closer than this count as one cluster when checking whether a run has frozen
SMALL_CLUSTER = 0.10  # "minority = in a small cluster": a cluster holding less than this share of all agents


@dataclass(frozen=True)
class Setup:
    """One set-up of the docked model. Defaults are the primary set-up; each says where it comes from."""

    n_agents: int = 1000  # assumption: their N is in the part of the paper we could not read
    connected_share: float = 0.786  # smartgov's 1 − excluded_share (CNNIC 2024: 78.6%); theirs ("connectivity") unread
    readers: int = 10  # readers per online post ("accessibility", secondary reading of the abstract); value assumed
    p_online: float = 0.5  # chance a selected connected agent acts online rather than offline: assumption
    d: float = 0.2  # uncertainty interval = smartgov's confidence_bound default (itself an assumption)
    c: float = 0.5  # convergence parameter: Deffuant et al. 2000's usual μ = 0.5; their value unread
    stop: str = "frozen"  # "frozen": run until no pair within d differs; "fixed": stop after max_rounds
    max_rounds: int = 3000  # cap for "frozen" (a run that hits it is counted in the output), horizon for "fixed"
    cluster_gap: float = 0.01  # opinions split into clusters at gaps wider than this (matters only if not frozen)
    offline: str = "anyone"  # offline partner: "anyone" (well mixed, as in Deffuant et al. 2000) or "network":
    # a neighbour on smartgov's own social network (small world, mean degree 8, homophily 0.7 by group)

    def params(self) -> Params:
        """smartgov parameters that make ``social_step`` the bounded-confidence rule of this set-up."""
        return Params(n_citizens=self.n_agents, trust_rule="bounded_confidence", confidence_bound=self.d,
                      social_influence=self.c)


# one-at-a-time variants of the unread choices (label, changes to the primary set-up)
VARIANTS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("primary", {}),
    ("d=0.1", {"d": 0.1}),
    ("d=0.3", {"d": 0.3}),
    ("readers=1", {"readers": 1}),
    ("readers=50", {"readers": 50}),
    ("connected=0.5", {"connected_share": 0.5}),
    ("p_online=0.2", {"p_online": 0.2}),
    ("p_online=0.8", {"p_online": 0.8}),
    ("stop=fixed 10 rounds", {"stop": "fixed", "max_rounds": 10}),
    ("stop=fixed 50 rounds", {"stop": "fixed", "max_rounds": 50}),
    ("offline ties = smartgov network", {"offline": "network"}),
    ("c=0.1 (smartgov social_influence)", {"c": 0.1}),
    ("no online channel (null)", {"p_online": 0.0}),
)


def round_network(connected: np.ndarray, setup: Setup, rng: np.random.Generator,
                  ties: Network | None = None) -> Network:
    """This round's listening graph: row i lists whose opinion agent i hears (directed, as ``confident_mean`` reads it).

    Every agent is selected once per round (one NetLogo-style sweep of N random selections, in expectation). A
    disconnected agent, and a connected one that stays offline (chance 1 − p_online), meets one agent drawn from
    everyone: both hear each other. A connected agent that goes online writes a post that ``readers`` connected
    agents (drawn without the writer) read: they hear the writer, the writer hears no one through it. With
    ``ties`` (smartgov's social network) the offline partner is a random neighbour instead of anyone.
    """
    n = len(connected)
    online = connected & (rng.random(n) < setup.p_online)
    talkers = np.flatnonzero(~online)
    if ties is None:
        partners = rng.integers(n - 1, size=len(talkers))
        partners += partners >= talkers  # anyone but oneself
    else:
        talkers = talkers[ties.degree[talkers] > 0]
        a = ties.adjacency
        partners = a.indices[a.indptr[talkers] + (rng.random(len(talkers)) * ties.degree[talkers]).astype(np.int64)]
    rows = [talkers, partners]
    cols = [partners, talkers]
    pool = np.flatnonzero(connected)
    writers = np.flatnonzero(online)
    if len(writers) and len(pool) > 1 and setup.readers > 0:
        k = min(setup.readers, len(pool) - 1)
        # readers drawn with replacement from the other connected agents (duplicates merge into one tie below)
        picks = rng.integers(len(pool) - 1, size=(len(writers), k))
        position = np.searchsorted(pool, writers)[:, None]
        readers = pool[picks + (picks >= position)]
        rows.append(readers.ravel())
        cols.append(np.repeat(writers, k))
    r, c = np.concatenate(rows), np.concatenate(cols)
    adjacency = sp.csr_array((np.ones(len(r)), (r, c)), shape=(n, n))
    adjacency.sum_duplicates()
    adjacency.data[:] = 1.0
    return Network(adjacency=adjacency, degree=np.diff(adjacency.indptr))


def clusters(opinions: np.ndarray, gap: float) -> np.ndarray:
    """Cluster label of every agent: sorted opinions are split wherever two neighbours differ by more than ``gap``."""
    order = np.argsort(opinions, kind="stable")
    breaks = np.diff(opinions[order]) > gap
    labels = np.empty(len(opinions), dtype=np.int64)
    labels[order] = np.concatenate([[0], np.cumsum(breaks)])
    return labels


def frozen(opinions: np.ndarray, d: float) -> bool:
    """True when no further move is possible: every cluster is one point and clusters are at least d apart."""
    s = np.sort(opinions)
    gaps = np.diff(s)
    cut = gaps > FROZEN_GAP
    starts = np.concatenate([[0], np.flatnonzero(cut) + 1])
    ends = np.concatenate([np.flatnonzero(cut), [len(s) - 1]])
    tight = bool(np.all(s[ends] - s[starts] <= FROZEN_GAP))
    return tight and bool(np.all(gaps[cut] >= d))


def run(setup: Setup, seed: int) -> dict[str, Any]:
    """One replicate: opinions ~ U(0, 1), rounds of smartgov's bounded-confidence step, then who is in a minority."""
    rng = np.random.default_rng(seed)
    n = setup.n_agents
    connected = np.zeros(n, dtype=bool)
    connected[rng.permutation(n)[: round(setup.connected_share * n)]] = True
    x = rng.random(n)
    params = setup.params()
    ties = None
    if setup.offline == "network":
        ties = build_network(params.network, n, params.mean_degree, params.rewiring, params.homophily, ~connected, rng)
    rounds, done = 0, False
    while rounds < setup.max_rounds:
        x = social_step(x, x, params, round_network(connected, setup, rng, ties))
        rounds += 1
        if setup.stop == "frozen" and rounds % 10 == 0 and frozen(x, setup.d):
            done = True
            break
    labels = clusters(x, setup.cluster_gap)
    size = np.bincount(labels)
    outside_largest = labels != np.argmax(size)
    small = size[labels] < SMALL_CLUSTER * n
    out: dict[str, Any] = {"seed": seed, "rounds": rounds, "frozen": done, "n_clusters": len(size),
                           "largest_share": float(size.max() / n),
                           "n_connected": int(connected.sum()), "n_disconnected": int((~connected).sum())}
    for name, minority in (("largest", outside_largest), ("small", small)):
        out[f"min_connected_{name}"] = int(minority[connected].sum())
        out[f"min_disconnected_{name}"] = int(minority[~connected].sum())
    return out


def ratio(runs: Sequence[dict[str, Any]], definition: str) -> float:
    """Pooled P(minority | disconnected) / P(minority | connected) over replicates (inf if no connected minority)."""
    off = sum(r[f"min_disconnected_{definition}"] for r in runs) / sum(r["n_disconnected"] for r in runs)
    on = sum(r[f"min_connected_{definition}"] for r in runs) / sum(r["n_connected"] for r in runs)
    if on == 0:
        return float("inf") if off > 0 else float("nan")
    return off / on


def summarise(runs: Sequence[dict[str, Any]], definition: str, boot: int = 2000, seed: int = 0) -> dict[str, Any]:
    """Pooled shares in the minority, their ratio and a 95% percentile bootstrap interval over replicates."""
    n_off = sum(r["n_disconnected"] for r in runs)
    n_on = sum(r["n_connected"] for r in runs)
    p_off = sum(r[f"min_disconnected_{definition}"] for r in runs) / n_off
    p_on = sum(r[f"min_connected_{definition}"] for r in runs) / n_on
    rng = np.random.default_rng(seed)
    draws = np.array([ratio([runs[i] for i in rng.integers(len(runs), size=len(runs))], definition)
                      for _ in range(boot)])
    kept = draws[~np.isnan(draws)]  # nan: a resample with no one in a minority at all
    # inverted_cdf picks observed draws, so an infinite ratio (no connected agent in a minority) stays inf
    lo, hi = np.quantile(kept, [0.025, 0.975], method="inverted_cdf") if len(kept) else (float("nan"),) * 2
    return {"p_minority_disconnected": p_off, "p_minority_connected": p_on, "ratio": ratio(runs, definition),
            "ratio_lo95": float(lo), "ratio_hi95": float(hi),
            "share_of_draws_infinite": float(np.mean(np.isinf(draws)))}


def experiment(replicates: int, seed: int = 1, variants: Sequence[tuple[str, dict[str, Any]]] = VARIANTS,
               n_agents: int | None = None) -> list[dict[str, Any]]:
    """Every variant with the same seeds (paired replicates); one summary row per variant and minority definition."""
    rows = []
    for label, changes in variants:
        setup = dataclasses.replace(Setup(), **changes, **({"n_agents": n_agents} if n_agents else {}))
        start = time.process_time()
        runs = [run(setup, seed + r) for r in range(replicates)]
        cpu = time.process_time() - start
        for definition in ("largest", "small"):
            rows.append({"variant": label, "minority": "outside largest cluster" if definition == "largest"
                         else f"in a cluster < {SMALL_CLUSTER:.0%} of agents",
                         **summarise(runs, definition), "replicates": replicates,
                         "frozen_share": float(np.mean([r["frozen"] for r in runs])),
                         "mean_rounds": float(np.mean([r["rounds"] for r in runs])),
                         "mean_clusters": float(np.mean([r["n_clusters"] for r in runs])),
                         "mean_largest_share": float(np.mean([r["largest_share"] for r in runs])),
                         "cpu_seconds": round(cpu, 1), **dataclasses.asdict(setup)})
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m smartgov.experiments.lim2014", description=__doc__.split("\n")[0])
    parser.add_argument("--replicates", type=int, default=20, help="paired replicates per variant (default 20)")
    parser.add_argument("--seed", type=int, default=1, help="first seed; replicate r uses seed + r (default 1)")
    parser.add_argument("--n-agents", type=int, default=None, help="override N for every variant (default 1000)")
    parser.add_argument("--primary-only", action="store_true", help="run the primary set-up only")
    parser.add_argument("--out", type=Path, required=True, help="directory for lim2014.csv and lim2014.json")
    args = parser.parse_args(argv)
    if args.replicates < 2:
        parser.error("--replicates must be at least 2 (the interval resamples replicates)")
    variants = VARIANTS[:1] if args.primary_only else VARIANTS
    rows = experiment(args.replicates, args.seed, variants, args.n_agents)
    args.out.mkdir(parents=True, exist_ok=True)
    with open(args.out / "lim2014.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    meta = {"source": "Lim, Lee, Zo & Ciganek 2014, JASSS 17(1):13", "published_ratio": PUBLISHED_RATIO,
            "replicates": args.replicates, "seeds": [args.seed, args.seed + args.replicates - 1],
            "interval": "95% percentile bootstrap over replicates (2,000 resamples) of the pooled ratio",
            "rows": rows}
    (args.out / "lim2014.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n")
    for row in rows:
        print(f"{row['variant']:<36} {row['minority']:<28} off {row['p_minority_disconnected']:.3f} "
              f"on {row['p_minority_connected']:.3f} ratio {row['ratio']:.2f} "
              f"[{row['ratio_lo95']:.2f}, {row['ratio_hi95']:.2f}] frozen {row['frozen_share']:.2f}")


if __name__ == "__main__":
    main()
