"""``GovernanceModel``: builds the world from ``Params`` and fixes the order of the eight processes."""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable, Iterable
from typing import Any

import mesa
import numpy as np

from . import budget, metrics, worlds
from .agents import Citizen, DigitallyExcludedCitizen, GovernmentAgency, TechCompany
from .events import Breach, Timeline, apply_settings, changes_plan, cut_factor
from .ledger import Ledger
from .network import build_network
from .params import Params, baseline_policy
from .population import Population
from .processes import (
    BudgetPlan,
    budget_plan,
    capture_data,
    deliver_services,
    digital_inclusion,
    directed_collection,
    needs_arise,
    participate,
    redress,
    share_and_secure,
    update_trust,
)
from .processes.procurement import Market
from .processes.security import consent_decision

_NONE = np.empty(0, dtype=np.int64)  # no citizen (process 8 skipped during the burn-in)


class GovernanceModel(mesa.Model):
    """Multi-stakeholder smart governance on a social network.

    ``GovernanceModel(params, rng=seed)`` or, as Mesa's ``batch_run`` and ``SolaraViz`` build models,
    ``GovernanceModel(n_citizens=1000, data_sharing="fusion", rng=seed)``: keyword parameters are exactly the
    fields of :class:`Params` and are validated by it (the signature lists them, generated from ``Params``).
    The seed is not a parameter; one seed fixes a run bit for bit.
    The world is drawn and burned in for ``burn_in_weeks`` weeks under baseline policy (every lever at its
    default) before week 0, so scenarios with the same seed share it bit for bit; then the given policy applies.
    Outcomes are collected every step (step 0 is the burned-in world): ``model.datacollector``.

    ``events`` (keyword only; Mesa users can ignore it) is a policy timeline: a :class:`~.events.Timeline`, or a
    list of events and/or plain data as in scenario files (``[{"week": 52, "set": {"service_rule":
    "online_only"}}]``), validated like parameters (:class:`~.events.EventError` names ``events[i].field``).
    Week W is the W-th call of :meth:`step` (row W of :meth:`outcomes`). ``model.params`` is always the parameters
    in force; ``model.timeline`` the events. Without events a run is bit for bit what it was before timelines.
    The generated signature (for Mesa) lists ``params``, ``rng`` and the ``Params`` fields only.
    """

    def __init__(self, params: Params | None = None, rng: int | np.random.Generator | None = None, *,
                 events: Timeline | Iterable[Any] | None = None, **parameters: Any) -> None:
        params = _resolve_params(params, parameters)
        timeline = Timeline.coerce(events)
        timeline.check(params)
        super().__init__(rng=rng)
        self.timeline = timeline
        # The world is built and burned in under baseline policy (every lever at its default): no lever enters
        # initialization, so scenarios with the same seed share the week-0 world bit for bit (docs/model.md).
        # A world burned in earlier in this process with the same seed is reused (model/worlds.py): bit for bit.
        p = self.params = baseline_policy(params)
        key = worlds.key(rng, p)
        cached = worlds.get(key)
        if cached is None:
            self.population = Population.create(p, self.rng)
            pop = self.population
            self.network = build_network(p.network, p.n_citizens, p.mean_degree, p.rewiring, p.homophily,
                                         pop.excluded, self.rng)
            pop.consent[:] = consent_decision(pop, p)
            pop.online_neighbours[:] = self.network.neighbour_count(pop.included)
            self.market = Market.create(p, p.n_citizens, self.rng) if p.vendor_market else None
            pop.judgement[:] = p.initial_judgement  # agencies' dependence state (processes/judgement.py)
            pop.reliance[:] = p.algorithm_reliance
        else:
            self.population, self.network, self.market = cached.population, cached.network, cached.market
            self.rng.bit_generator.state = cached.rng_state
        pop = self.population
        self.plan = budget_plan(p)
        self.week_plan = self.plan
        self.ledger = Ledger()

        self.citizens = np.empty(p.n_citizens, dtype=object)  # index -> agent, for swaps on (ex)clusion
        for index in range(p.n_citizens):
            self.citizens[index] = (DigitallyExcludedCitizen if pop.excluded[index] else Citizen)(self, index)
        self.agencies = [GovernmentAgency(self, domain, domain % p.n_vendors) for domain in range(p.n_agencies)]
        self.vendors = [TechCompany(self, vendor) for vendor in range(p.n_vendors)]
        if cached is None:
            self._burn_in(p.burn_in_weeks)
            worlds.put(key, pop, self.network, self.rng, self.market)

        self.params = params  # policy starts: week 1 is the first week under the scenario's levers
        self.plan = budget_plan(params)
        self.datacollector = mesa.DataCollector(model_reporters=metrics.reporters())
        self.datacollector.collect(self)

    def step(self) -> None:
        """One week, in the order of DESIGN §2.

        Order within the week: (0) this week's timeline events — settings take effect and the budget plan is
        recomputed when a setting changes or a capacity cut starts or ends (so the whole week runs under them);
        then every budget line of the week is charged in full (model/budget.py: lever lines from the excluded count
        now and last week's proxies and responses; under a neutral budget they set this week's case capacity);
        (1) needs arise, (2) directed data collection, then data capture, (3) decisions, (4) delivery, (5) data
        sharing and security, where a forced breach happens alongside the natural ones, (6) trust, (7) participation,
        (8) digital inclusion;
        then the outcomes are collected (row ``self.steps``).
        """
        forced = self._apply_events(self.steps) if self.timeline else None
        self._week(forced)
        self.datacollector.collect(self)

    def _week(self, forced: dict[int, float | None] | None = None, *, inclusion: bool = True) -> None:
        """Processes 1–8 of one week, in order: the body of :meth:`step`, shared with the burn-in.

        ``inclusion=False`` (burn-in) skips process 8: who is online is a slow trend held at its calibrated value.
        """
        p, pop, rng, ledger = self.params, self.population, self.rng, self.ledger
        volumes = budget.Volumes(proxies=ledger.proxy_cases, responses=int(pop.flags.responded.sum()))
        pop.flags.reset()
        pop.flags.excluded[:] = pop.excluded
        ledger.reset()
        market = self.market.step(pop, p) if self.market is not None else None  # 0b tenders, efforts
        levers = budget.lever_lines(p, budget.excluded_count(pop), volumes, market)
        self.week_plan = budget.week_plan(self.plan, p, levers)  # the plan the agencies decide under this week
        ledger.charge(budget.weekly_lines(self.week_plan, p, levers))  # every line paid in full, used or not

        needs_arise(pop, p, rng)  # 1
        directed_collection(pop, p, rng, int(self.plan.assessments * p.n_agencies))  # 2, before the caseloads
        quality = self.market.quality_by_agency(p) if self.market is not None else None
        caseloads = capture_data(pop, p, rng, self.network, int(self.plan.visits * p.n_agencies), quality)  # 2
        for agency, caseload in zip(self.agencies, caseloads, strict=True):  # 3
            agency.caseload = caseload
        allocated = np.concatenate([agency.decide() for agency in self.agencies])
        ledger.documentation_entries += self.plan.documentation_entries * p.n_agencies
        allocated = redress(pop, p, rng, allocated, ledger)  # 4a: requests filed; work orders head the cases
        deliver_services(pop, p, rng, self.network, allocated, self.plan.counter_slots, ledger)  # 4
        share_and_secure(pop, p, rng, self.network, ledger, forced, self.market)  # 5
        update_trust(pop, p, self.network)  # 6
        participate(pop, p, rng, ledger)  # 7
        joins, leaves = digital_inclusion(pop, p, rng, self.network) if inclusion else (_NONE, _NONE)  # 8
        self._swap_agents(joins, Citizen)
        self._swap_agents(leaves, DigitallyExcludedCitizen)
        if len(joins) or len(leaves):
            pop.online_neighbours += (self.network.column_sum(joins) - self.network.column_sum(leaves))

        ledger.close_step()

    def _burn_in(self, weeks: int, observe: Callable[[GovernanceModel], None] | None = None) -> None:
        """Run ``weeks`` weeks under the parameters in force (baseline policy), then restart the counters.

        Mesa's ``steps`` does not advance and nothing is collected: week 0 is the burned-in world, and timeline
        weeks count from it. Slow trends are held at their calibrated present-day values: digital inclusion
        (process 8) does not run, and digital literacy is restored after every week (no learning-by-use drift).
        Then the cumulative counters (ledger totals, ``exposed_ever``, ``initially_excluded``) and this week's
        flags restart, so outcomes describe the policy period only. ``observe(self)``, if given, is called after
        every burn-in week (the steady-state diagnostic, experiments/steady_state.py, reads the state through it).
        """
        pop = self.population
        literacy = pop.literacy.copy()
        for _ in range(weeks):
            self._week(inclusion=False)
            pop.literacy[:] = literacy
            if observe is not None:
                observe(self)
        self.ledger = Ledger()
        pop.flags.reset()
        for agency in self.agencies:  # this week's caseload and allocation, like the flags
            agency.caseload, agency.allocated = None, _NONE.copy()
        pop.exposed_ever[:] = False
        pop.initially_excluded[:] = pop.excluded
        if self.market is not None:
            self.market.restart_counters()

    def _apply_events(self, week: int) -> dict[int, float | None] | None:
        """Apply the settings of ``week`` and refresh the budget plan; returns the breaches forced this week."""
        events = self.timeline.at(week)
        self.params = apply_settings(self.params, events)
        if changes_plan(self.timeline, week):
            self.plan = self._budget_plan(week)
        forced = {}
        for event in events:
            if isinstance(event, Breach):
                vendors = range(self.params.n_vendors) if event.vendor is None else (event.vendor,)
                forced.update(dict.fromkeys(vendors, event.share))
        return forced or None

    def _budget_plan(self, week: int) -> BudgetPlan:
        """The plan of the parameters in force, with case capacity cut by the capacity cuts of ``week``."""
        plan = budget_plan(self.params)
        factor = cut_factor(self.timeline, week)
        if factor == 1.0:
            return plan
        cut = plan.service * (1.0 - factor)
        return dataclasses.replace(plan, service=plan.service - cut, total=plan.total - cut)

    def _swap_agents(self, indices: np.ndarray, cls: type[Citizen]) -> None:
        """Citizens who changed group get an agent of the matching class (same index, same state)."""
        for index in indices.tolist():
            self.citizens[index].remove()
            self.citizens[index] = cls(self, index)

    def outcomes(self):
        """The collected time series as a DataFrame indexed by step (0 = initial state)."""
        frame = self.datacollector.get_model_vars_dataframe()
        frame.index.name = "step"
        return frame


def _resolve_params(params: Params | None, parameters: dict[str, Any]) -> Params:
    """One ``Params`` from either a ``Params`` object or keyword parameters (never both: no silent override).

    Keywords go through ``Params.from_mapping``, so names and values get the same checks and the same
    ``ParameterError`` messages as ``Params`` itself. ``seed=`` and Mesa's ``scenario=`` are refused by name
    rather than reported as unknown parameters, because they are mistakes about the call, not about a parameter.
    """
    if "seed" in parameters:
        raise TypeError("GovernanceModel: the seed is not a parameter; pass it as rng= "
                        "(GovernanceModel(..., rng=seed)); Mesa's seed= keyword is deprecated")
    if "scenario" in parameters:
        raise TypeError("GovernanceModel does not take a Mesa scenario=; pass the parameters as keywords "
                        "(or one Params object) and the seed as rng= (docs/model.md, 'Using the model from Mesa')")
    if params is None:
        return Params.from_mapping(parameters) if parameters else Params()
    if not isinstance(params, Params):
        raise TypeError(f"GovernanceModel: params must be a Params object, got {type(params).__name__}; "
                        "pass keyword parameters or Params.from_mapping(...)")
    if parameters:
        names = ", ".join(f"{key}={value!r}" for key, value in parameters.items())
        raise TypeError(f"GovernanceModel takes a Params object or keyword parameters, not both (got params "
                        f"and {names}); merge them first: GovernanceModel(params.replace({names}), rng=...)")
    return params


def _keyword_signature() -> inspect.Signature:
    """``(self, params=None, rng=None, *, <every Params field>=<its default>)``, generated from ``Params``.

    Mesa reads the constructor's signature: ``batch_run`` to choose ``rng=`` over ``seed=``, ``SolaraViz`` to
    check ``model_params`` names and to decide, on Reset, whether to pass ``scenario=`` (it does when the
    signature has ``**kwargs``). Listing the fields as keyword-only parameters, with no ``**kwargs`` and no
    ``scenario``, makes Mesa pass plain keywords and ``rng=``; generating them keeps ``Params`` the one source.
    """
    positional = inspect.Parameter.POSITIONAL_OR_KEYWORD
    head = [
        inspect.Parameter("self", positional),
        inspect.Parameter("params", positional, default=None, annotation="Params | None"),
        inspect.Parameter("rng", positional, default=None, annotation="int | np.random.Generator | None"),
    ]
    keywords = [inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, default=f.default, annotation=f.type)
                for f in dataclasses.fields(Params)]
    return inspect.Signature(head + keywords, return_annotation="None")


GovernanceModel.__init__.__signature__ = _keyword_signature()
