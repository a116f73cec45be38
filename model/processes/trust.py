"""Process 6 — trust update: own experience, breaches, explanations, contact, then neighbours.

The social step has three named rules (``Params.trust_rule``), all vectorized over the CSR adjacency:

- ``degroot``: lazy DeGroot averaging (DeGroot 1974). Every citizen keeps listening to every neighbour, so without
  events trust converges to one consensus value: heterogeneity is washed out.
- ``friedkin_johnsen``: part of the social weight pulls back to the citizen's initial trust (their anchor;
  Friedkin & Johnsen 1990, 1999), so disagreement persists in the steady state.
- ``bounded_confidence``: Hegselmann–Krause (2002): a citizen averages only the neighbours whose trust is within
  ε of their own, so distant opinions stop influencing each other and clusters persist.

Being heard (government visibly acts on one's feedback) raises trust too (:func:`being_heard`), applied in step 7
where the response happens (the step flags are reset every week, so step 6 could never see it).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from ..network import Network
from ..params import Params
from ..population import Population
from ..rules import Algorithm

TRUST_RULES = ("degroot", "friedkin_johnsen", "bounded_confidence")


def update_trust(pop: Population, params: Params, network: Network) -> None:
    """Asymmetric update from this week's events, then social influence.

    Good experience (need met): T += α(1 − T). Bad experience (sought service, need still open after a week):
    T −= λα·T, softened by an explained decision under an audited algorithm (Slovic 1993). Own record exposed:
    T −= loss·T; a neighbour exposed: a smaller loss. Face-to-face contact: T += c(1 − T). Finally a social step
    by ``params.trust_rule`` (see the module docstring and :func:`social_step`).
    """
    f, t = pop.flags, pop.trust
    alpha = params.trust_gain
    blame = 1.0 - (params.transparency_damping if Algorithm(params.algorithm) is Algorithm.AUDITED else 0.0)
    bad = f.sought & ~f.met & pop.has_need & (pop.need_age >= 1)
    t[f.met] += alpha * (1.0 - t[f.met])
    t[bad] -= params.loss_aversion * alpha * blame * t[bad]
    t[f.contact] += params.contact_gain * (1.0 - t[f.contact])
    t[f.exposed] -= params.breach_trust_loss * t[f.exposed]
    t[f.heard_breach] -= params.breach_news_loss * t[f.heard_breach]
    if params.social_influence > 0:
        t[:] = social_step(t, pop.trust_anchor, params, network)
    np.clip(t, 0.0, 1.0, out=t)


def social_step(trust: np.ndarray, anchor: np.ndarray, params: Params, network: Network) -> np.ndarray:
    """New trust after one week of social influence with weight w = ``social_influence`` (a new array).

    - degroot: T ← (1 − w)·T + w·m, m = mean of neighbours' T.
    - friedkin_johnsen: T ← (1 − w)·T + w·[(1 − s)·m + s·T⁰], s = ``trust_anchor_weight``, T⁰ = initial trust.
      This is Friedkin–Johnsen's x ← ΛWx + (I − Λ)x⁰ with susceptibility Λ = 1 − w·s; s = 0 is DeGroot exactly,
      s = 1 pulls every citizen back to their anchor and ignores the neighbours.
    - bounded_confidence: T ← (1 − w)·T + w·m_ε, m_ε = mean over neighbours j with |T_j − T_i| ≤ ε
      (Hegselmann–Krause 2002); a citizen with no neighbour within ε keeps their own T. ε = 1 is DeGroot.
    """
    w = params.social_influence
    rule = params.trust_rule
    if rule == "degroot":
        return (1.0 - w) * trust + w * network.neighbour_mean(trust)
    if rule == "friedkin_johnsen":
        s = params.trust_anchor_weight
        return (1.0 - w) * trust + w * ((1.0 - s) * network.neighbour_mean(trust) + s * anchor)
    if rule == "bounded_confidence":
        return (1.0 - w) * trust + w * confident_mean(trust, network, params.confidence_bound)
    # Params validates the choice; a direct caller with a hand-made object gets a clear message
    raise ValueError(f"trust_rule {rule!r} is not one of {', '.join(map(repr, TRUST_RULES))}")


def confident_mean(values: np.ndarray, network: Network, epsilon: float) -> np.ndarray:
    """Mean of ``values`` over each citizen's neighbours within ``epsilon`` of their own value.

    The CSR adjacency is masked edge by edge (|v_i − v_j| ≤ ε) and multiplied by ``values``: one pass over the
    edge list, no Python loop. A citizen with no neighbour within ε (or none at all) keeps their own value.
    """
    if not epsilon > 0:
        raise ValueError(f"confidence bound ε must be positive, got {epsilon!r}")
    a = network.adjacency
    rows = np.repeat(np.arange(a.shape[0]), np.diff(a.indptr))
    close = (np.abs(values[rows] - values[a.indices]) <= epsilon).astype(np.float64)
    masked = sp.csr_array((close, a.indices, a.indptr), shape=a.shape)
    total = masked @ values
    count = np.bincount(rows, weights=close, minlength=a.shape[0])
    out = values.astype(float, copy=True)
    has = count > 0
    out[has] = total[has] / count[has]
    return out


def being_heard(pop: Population, params: Params, responded: np.ndarray) -> None:
    """Citizens whose feedback government visibly acted on gain trust: T += h·(1 − T), h = ``heard_gain``.

    Why: trust is far higher among people who feel they have a say (OECD Society at a Glance 2024: 43 points).
    That figure is a cross-sectional difference of shares, not a per-event rate, so it gives the direction only;
    the default size is an assumption (the same as a good service experience, ``trust_gain``: both are one
    experience of government working for the citizen), to be calibrated against the model's matching output, the
    gap in the share with high trust between citizens with high and low efficacy (outcome ``trust_say_gap``).
    """
    h = params.heard_gain
    if h > 0:
        t = pop.trust
        t[responded] += h * (1.0 - t[responded])
