"""Process 7 — participation: consultations and feedback, and the efficacy they build or erode."""

from __future__ import annotations

import numpy as np

from ..ledger import Ledger
from ..params import Params
from ..population import Population
from ..rules import ServiceRule, offline_participation
from .capture import estimation_noise
from .trust import being_heard


def in_person(pop: Population) -> np.ndarray:
    """Who takes part in person: citizens without usable internet, for whom it is the only channel.

    Included citizens take part online (e-consultation, online feedback).
    """
    return pop.excluded


def voice_logit(pop: Population) -> np.ndarray:
    """Logit of an act of voice before channel costs: −5 + 1.5·resources + 2·efficacy + 1.5·trust (Brady, Verba &
    Schlozman 1995). Shared by taking part (here) and filing a redress request (redress.py)."""
    return -5.0 + 1.5 * pop.resources + 2.0 * pop.efficacy + 1.5 * pop.trust


def respond(pop: Population, params: Params, responded: np.ndarray, ignored: np.ndarray) -> None:
    """Government's answer to an act of voice: efficacy moves toward 1 if acted on, toward 0 if ignored, and the
    responded are heard (:func:`~.trust.being_heard`). Shared by participation and redress requests."""
    pop.flags.responded |= responded
    e = pop.efficacy
    e[responded] += params.efficacy_step * (1.0 - e[responded])
    e[ignored] -= params.efficacy_step * e[ignored]
    being_heard(pop, params, responded)


def participation_probability(pop: Population, params: Params) -> np.ndarray:
    """Weekly chance of taking part: σ(resources + efficacy + trust − cost) (Brady, Verba & Schlozman 1995).

    Taking part in person costs more than online (travel and time: ``offline_effort`` on the logit scale, a channel
    cost; time is the resource of the resource model), and is possible only if the rule holds consultations in
    person.
    """
    logit = voice_logit(pop)
    offline = in_person(pop)
    logit = logit - params.offline_effort * offline
    p = 1.0 / (1.0 + np.exp(-logit))
    if not offline_participation(ServiceRule(params.service_rule)):
        p = np.where(offline, 0.0, p)
    return p


def participate(pop: Population, params: Params, rng: np.random.Generator, ledger: Ledger) -> None:
    """Citizens take part; feedback about open needs becomes data; responsiveness moves efficacy and trust.

    Being heard moves trust here rather than in step 6 because the response happens now (``heard_gain``).
    """
    draws = rng.random((2, pop.n))
    took_part = draws[0] < participation_probability(pop, params)
    responded = took_part & (draws[1] < params.responsiveness)
    ignored = took_part & ~responded
    pop.flags.participated |= took_part
    respond(pop, params, responded, ignored)

    offline = in_person(pop)
    feedback = np.flatnonzero(took_part & pop.has_need)
    noise = np.where(offline[feedback], params.capture_noise * params.counter_noise, estimation_noise(params))
    estimate = np.clip(pop.need_severity[feedback] + rng.normal(0.0, 1.0, len(feedback)) * noise, 0.0, 1.0)
    pop.record(pop.need_domain[feedback].astype(np.int64), feedback, estimate, pending=True)
    pop.online_record[feedback[~offline[feedback]]] = True
    pop.online_account[took_part & ~offline] = True  # an online consultation is use of an online service
    ledger.service_records += int(took_part.sum())
