"""Process 6 — trust update: own experience, breaches, explanations, contact, then neighbours."""

from __future__ import annotations

import numpy as np

from ..network import Network
from ..params import Params
from ..population import Population
from ..rules import Algorithm


def update_trust(pop: Population, params: Params, network: Network) -> None:
    """Asymmetric update from this week's events, then social influence.

    Good experience (need met): T += α(1 − T). Bad experience (sought service, need still open after a week):
    T −= λα·T, softened by an explained decision under an audited algorithm (Slovic 1993). Own record exposed:
    T −= loss·T; a neighbour exposed: a smaller loss. Face-to-face contact: T += c(1 − T). Finally a lazy
    DeGroot step towards the neighbours' mean (DeGroot 1974).
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
    w = params.social_influence
    if w > 0:
        t[:] = (1.0 - w) * t + w * network.neighbour_mean(t)
    np.clip(t, 0.0, 1.0, out=t)
