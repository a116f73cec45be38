"""Burned-in worlds kept within one process, so paired scenarios burn in once.

The burn-in depends only on the seed and the world (the parameters with every lever at its default), so every
scenario run with the same seed in the same world starts from the same week-0 state. ``GovernanceModel`` looks the
world up here before burning in and stores it after: a later model with the same key gets a deep copy of the
population and the generator state, and is bit for bit the model it would have built (tests/test_burn_in.py).

Only integer seeds are keys (a ``Generator`` passed in has a history of its own). Worlds are dropped least recently
used first once they hold more than ``MAX_BYTES`` of arrays. The network is never written after it is built, so
it is shared rather than copied.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np

from .network import Network
from .params import Params
from .population import Population

MAX_BYTES = 256 * 2**20  # at N = 1,000 a world is ≈ 0.2 MB, at N = 100,000 ≈ 20 MB


@dataclass(frozen=True)
class World:
    """What the burn-in leaves behind: the population, the network, the generator's state and the vendor market
    (None when ``vendor_market`` is off)."""

    population: Population
    network: Network
    rng_state: dict[str, Any]
    market: Any = None

    @property
    def nbytes(self) -> int:
        pop = self.population
        arrays = [getattr(pop, name) for name in Population.__dataclass_fields__ if name != "flags"]
        arrays += [getattr(pop.flags, name) for name in pop.flags.__dataclass_fields__]
        return sum(a.nbytes for a in arrays)


_worlds: OrderedDict[tuple[int, Params], World] = OrderedDict()
_lock = threading.Lock()  # the thread executor builds models in parallel threads


def key(rng: Any, world: Params) -> tuple[int, Params] | None:
    """The cache key of a model built with ``rng`` in ``world`` (baseline policy), or None: not cacheable."""
    if isinstance(rng, int | np.integer) and not isinstance(rng, bool):
        return int(rng), world
    return None


def get(k: tuple[int, Params] | None) -> World | None:
    """A private copy of the stored world, or None."""
    if k is None:
        return None
    with _lock:
        stored = _worlds.get(k)
        if stored is None:
            return None
        _worlds.move_to_end(k)
    return World(copy.deepcopy(stored.population), stored.network, copy.deepcopy(stored.rng_state),
                 copy.deepcopy(stored.market))


def put(k: tuple[int, Params] | None, population: Population, network: Network, rng: np.random.Generator,
        market: Any = None) -> None:
    """Store a copy of a freshly burned-in world."""
    if k is None:
        return
    world = World(copy.deepcopy(population), network, copy.deepcopy(rng.bit_generator.state), copy.deepcopy(market))
    with _lock:
        _worlds[k] = world
        _worlds.move_to_end(k)
        while len(_worlds) > 1 and sum(w.nbytes for w in _worlds.values()) > MAX_BYTES:
            _worlds.popitem(last=False)


def clear() -> None:
    """Forget every stored world (tests; a long-lived process that wants its memory back)."""
    with _lock:
        _worlds.clear()
