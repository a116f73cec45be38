"""Policy timelines: events that change a run from a given week on (DESIGN §2, "Start, timelines and budget").

Three kinds, each a frozen dataclass validated when it is built:

* :class:`SetParameter` — from week W on, a parameter takes a new value (a lever changes mid-run);
* :class:`Breach` — at week W a vendor is breached, through the model's own breach mechanism
  (``processes.security.share_and_secure``: records exposed, exposure flags, news on the network);
* :class:`CapacityCut` — for K weeks from week W, agencies' case capacity is multiplied by a factor, then restored.

A :class:`Timeline` is a sorted tuple of them. ``Timeline.from_data`` reads plain data as loaded from YAML::

    - {week: 52, set: {service_rule: online_only}}
    - {week: 30, breach: {vendor: 0}}
    - {week: 40, capacity_cut: {factor: 0.5, weeks: 8}}

and ``to_data`` writes it back (manifests; a round trip gives the same timeline).

Why one error class: a bad event is a bad parameter-like value, so :class:`EventError` is a
:class:`~smartgov.model.params.ParameterError` whose ``name`` is the field path (``events[2].week``). The scenario
loader turns it into its one-line file error with ``parameter_error(err, where, prefix="")`` exactly as
it does for parameters; model/ never imports scenarios/ (DESIGN §1).

Weeks are the model's steps: week W is the W-th call of ``step()``, whose outcomes are row W of
``model.outcomes()`` (row 0 is the initial state, built from the parameters, so week 0 is not an event week).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from .params import ParameterError, Params

# Parameters that cannot change mid-run, and why (the message quotes the reason). They are read only while the
# world is built (model.py, population.py, network.py) or define what an outcome measures.
BUILD_TIME: dict[str, str] = {
    "n_citizens": "the population is drawn once, when the model is built",
    "excluded_share": "the initial population is drawn once, when the model is built",
    "initial_trust": "the initial population is drawn once, when the model is built",
    "initial_efficacy": "the initial population is drawn once, when the model is built",
    "literacy_included": "the initial population is drawn once, when the model is built",
    "excluded_literacy": "the initial population is drawn once, when the model is built",
    "network": "the social network is built once, when the model is built",
    "mean_degree": "the social network is built once, when the model is built",
    "rewiring": "the social network is built once, when the model is built",
    "homophily": "the social network is built once, when the model is built",
    "n_agencies": "agencies, their records and the need domains are created when the model is built",
    "n_vendors": "vendors and the records they hold are created when the model is built",
    "vendor_market": "the vendor market (contracts, vendors' types) is created when the model is built",
    "vendor_spread": "vendors' cost types are drawn once, when the model is built",
    "burn_in_weeks": "the burn-in runs before week 0, when the model is built",
    "initial_judgement": "agencies' judgement is set once, before the burn-in (the dynamic rule then moves it)",
    "refugee_streak": "it defines an outcome ('technical refugees'); changing it mid-run would change what the "
                      "time series measures",
}
KINDS = ("set", "breach", "capacity_cut")
ENTRY = "a mapping with 'week' and one of 'set', 'breach', 'capacity_cut'"


class EventError(ParameterError):
    """An event the model cannot accept; ``name`` is the field path (``events[2].week``), as in scenario files."""

    def __init__(self, name: str, value: Any, allowed: str, source: str | None = None) -> None:
        super().__init__(name, value, allowed, source)
        shown = repr(value)
        shown = shown if len(shown) <= 80 else shown[:79] + "…"
        where = f"{source}: " if source else ""
        self.args = (f"{where}field '{name}' = {shown} is not allowed; expected {allowed}",)

    def within(self, prefix: str) -> EventError:
        """The same error with its path under ``prefix`` (``week`` → ``events[2].week``)."""
        name = f"{prefix}.{self.name}" if prefix and self.name else (prefix or self.name)
        return EventError(name, self.value, self.allowed, self.source)


def _week(value: Any, path: str = "week") -> int:
    if not _is_int(value) or value < 1:
        raise EventError(path, value, "an integer >= 1 (week W is the W-th simulated week; week 0 is the "
                                      "initial state, set by the parameters)")
    return int(value)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


@dataclass(frozen=True)
class SetParameter:
    """From week ``week`` on, parameter ``key`` has ``value`` (validated by ``Params``; build-time keys refused)."""

    week: int
    key: str
    value: Any
    kind: ClassVar[str] = "set"

    def __post_init__(self) -> None:
        _week(self.week)
        path = f"set.{self.key}"
        if not isinstance(self.key, str):
            raise EventError("set", self.key, "a parameter name")
        if self.key in BUILD_TIME:
            raise EventError(path, self.value, f"a parameter that may change mid-run ('{self.key}' may not: "
                                               f"{BUILD_TIME[self.key]}; set it in the parameters instead)")
        try:
            changed = Params().replace(**{self.key: self.value})
        except ParameterError as err:
            raise EventError(path, err.value, err.allowed) from None
        object.__setattr__(self, "value", getattr(changed, self.key))  # 1 and 1.0 are the same float value

    def to_data(self) -> dict[str, Any]:
        return {"week": self.week, "set": {self.key: self.value}}


@dataclass(frozen=True)
class Breach:
    """At week ``week``, vendor ``vendor`` (None: every vendor) is breached whatever its hazard.

    ``share`` of the vendor's records are exposed; None means as in a natural breach (``breach_exposure``, cut
    by graded management), so the shock differs from the model's own breaches only in its timing.
    """

    week: int
    vendor: int | None = None
    share: float | None = None
    kind: ClassVar[str] = "breach"

    def __post_init__(self) -> None:
        _week(self.week)
        hi = Params.__dataclass_fields__["n_vendors"].metadata["range"][1] - 1
        if self.vendor is not None and not (_is_int(self.vendor) and 0 <= self.vendor <= hi):
            raise EventError("breach.vendor", self.vendor, f"null (every vendor) or a vendor number in [0, {hi}]")
        if self.share is not None:
            if not (_is_number(self.share) and 0 < self.share <= 1):
                raise EventError("breach.share", self.share, "null (as a natural breach) or a number in (0, 1]")
            object.__setattr__(self, "share", float(self.share))

    def to_data(self) -> dict[str, Any]:
        return {"week": self.week, "breach": {"vendor": self.vendor, "share": self.share}}


@dataclass(frozen=True)
class CapacityCut:
    """For ``weeks`` weeks from ``week`` (weeks W … W+K−1) agencies' case capacity is × ``factor``; restored at W+K.

    Case capacity is the budget for deciding and serving cases (``BudgetPlan.service``): staff off sick, a system
    outage. Counters, outreach and trace reporting keep their budgets. Overlapping cuts multiply.
    """

    week: int
    weeks: int
    factor: float
    kind: ClassVar[str] = "capacity_cut"

    def __post_init__(self) -> None:
        _week(self.week)
        if not _is_int(self.weeks) or self.weeks < 1:
            raise EventError("capacity_cut.weeks", self.weeks, "an integer >= 1 (how long the cut lasts)")
        if not (_is_number(self.factor) and 0 < self.factor <= 1):
            raise EventError("capacity_cut.factor", self.factor, "a number in (0, 1] (share of capacity kept)")
        object.__setattr__(self, "factor", float(self.factor))

    @property
    def end(self) -> int:
        """The first week with capacity restored."""
        return self.week + self.weeks

    def to_data(self) -> dict[str, Any]:
        return {"week": self.week, "capacity_cut": {"factor": self.factor, "weeks": self.weeks}}


Event = SetParameter | Breach | CapacityCut
EVENT_TYPES = (SetParameter, Breach, CapacityCut)
_FIELDS = {"breach": ("vendor", "share"), "capacity_cut": ("factor", "weeks")}


@dataclass(frozen=True)
class Timeline:
    """The events of one run, sorted by week (events of the same week keep their given order)."""

    events: tuple[Event, ...] = ()
    # where each event came from ("events[3]" in the list as given), so later checks name the user's entry
    paths: tuple[str, ...] = dataclasses.field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        given = tuple(self.events)
        paths = tuple(self.paths) or tuple(f"events[{index}]" for index in range(len(given)))
        for path, event in zip(paths, given, strict=True):
            if not isinstance(event, EVENT_TYPES):
                raise EventError(path, event, "an event (SetParameter, Breach, CapacityCut)")
        for index, event in enumerate(given):  # two events doing the same thing in one week are a mistake
            for earlier, other in enumerate(given[:index]):
                if other.week != event.week or type(other) is not type(event):
                    continue
                if isinstance(event, SetParameter) and other.key == event.key:
                    raise EventError(f"{paths[index]}.set.{event.key}", event.value,
                                     f"one value per week ({paths[earlier]} sets it at week {event.week} too)")
                if isinstance(event, Breach) and (None in (event.vendor, other.vendor)
                                                  or event.vendor == other.vendor):
                    raise EventError(f"{paths[index]}.breach.vendor", event.vendor,
                                     f"one breach of a vendor per week ({paths[earlier]} breaches it at week "
                                     f"{event.week} too)")
        order = sorted(range(len(given)), key=lambda i: given[i].week)
        object.__setattr__(self, "events", tuple(given[i] for i in order))
        object.__setattr__(self, "paths", tuple(paths[i] for i in order))

    def __bool__(self) -> bool:
        return bool(self.events)

    def __len__(self) -> int:
        return len(self.events)

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    @classmethod
    def coerce(cls, events: Timeline | Iterable[Any] | None) -> Timeline:
        """A Timeline from None, a Timeline, or a list of events and/or plain data (``from_data``)."""
        if events is None:
            return cls()
        if isinstance(events, Timeline):
            return events
        return cls.from_data(events)

    @classmethod
    def from_data(cls, data: Any, where: str | None = None, label: str = "events") -> Timeline:
        """Validate plain data (a list of ``{week: W, set|breach|capacity_cut: {...}}``; items may also be
        events). Errors are :class:`EventError` naming ``label[i].field`` (``events[2].week``); ``where`` starts
        the message."""
        try:
            if data is None:
                return cls()
            if isinstance(data, str | bytes | Mapping) or not isinstance(data, Iterable):
                raise EventError("events", data, "a list of events, e.g. [{week: 52, set: {service_rule: "
                                                 "online_only}}]")
            events: list[Event] = []
            paths: list[str] = []
            for index, item in enumerate(data):
                try:
                    made = _event(item)
                except EventError as err:
                    raise err.within(f"{label}[{index}]") from None
                events.extend(made)
                paths.extend([f"{label}[{index}]"] * len(made))
            return cls(tuple(events), tuple(paths))
        except EventError as err:
            if where:
                raise EventError(err.name, err.value, err.allowed, where) from None
            raise

    def to_data(self) -> list[dict[str, Any]]:
        """Plain data (YAML/JSON) that ``from_data`` reads back to the same timeline."""
        return [event.to_data() for event in self.events]

    def check(self, params: Params, steps: int | None = None) -> None:
        """What depends on the run: vendor numbers against ``params.n_vendors``, weeks within ``steps``."""
        for path, event in zip(self.paths, self.events, strict=True):
            if steps is not None and event.week > steps:
                raise EventError(f"{path}.week", event.week,
                                 f"an integer in [1, {steps}] (the run has {steps} weeks)")
            if isinstance(event, Breach) and event.vendor is not None and event.vendor >= params.n_vendors:
                raise EventError(f"{path}.breach.vendor", event.vendor,
                                 f"null (every vendor) or a vendor number in [0, {params.n_vendors - 1}] "
                                 f"(n_vendors = {params.n_vendors})")
        self._check_budget(params)

    def _check_budget(self, params: Params) -> None:
        """A setting that makes a neutral budget's lines exceed its total (model/budget.py) is refused before the
        run, naming the event, not at the week it takes effect."""
        for week in sorted({event.week for event in self.events if isinstance(event, SetParameter)}):
            try:
                params = apply_settings(params, self.at(week))
            except ParameterError as err:
                if err.name != "budget_mode":
                    raise
                path = next(path for path, event in zip(self.paths, self.events, strict=True)
                            if event.week == week and isinstance(event, SetParameter))
                raise EventError(f"{path}.set", err.value, err.allowed) from None

    def extend(self, other: Timeline) -> Timeline:
        """This timeline with ``other``'s events added, checked together (two events doing the same thing in one
        week are refused); each keeps the name it had (``from_data(..., label="--event")``)."""
        return Timeline(self.events + other.events, self.paths + other.paths)

    def at(self, week: int) -> tuple[Event, ...]:
        """The events that start in ``week``."""
        return tuple(event for event in self.events if event.week == week)


def _event(item: Any) -> list[Event]:
    """One entry of the data form: an event, or a mapping; ``set`` may name several parameters."""
    if isinstance(item, EVENT_TYPES):
        return [item]
    if not isinstance(item, Mapping):
        raise EventError("", item, ENTRY)  # the caller puts the path (events[i]) in front
    for key in item:
        if key != "week" and key not in KINDS:
            raise EventError(str(key), item[key], f"'week' and one of {', '.join(KINDS)}")
    kinds = [key for key in KINDS if key in item]
    if "week" not in item:
        raise EventError("week", None, "a week number (the field is missing)")
    if len(kinds) != 1:
        raise EventError(kinds[1] if kinds else "", dict(item), f"exactly one of {', '.join(KINDS)} per entry")
    week = _week(item["week"])
    kind = kinds[0]
    body = item[kind]
    if kind == "set":
        if not isinstance(body, Mapping) or not body:
            raise EventError("set", body, "a mapping of parameter names to values, e.g. {service_rule: online_only}")
        return [SetParameter(week, key, value) for key, value in body.items()]
    body = {} if body is None and kind == "breach" else body
    if not isinstance(body, Mapping):
        raise EventError(kind, body, f"a mapping with {' and '.join(_FIELDS[kind])}")
    for key in body:
        if key not in _FIELDS[kind]:
            raise EventError(f"{kind}.{key}", body[key], f"a field of {kind}: {', '.join(_FIELDS[kind])}")
    if kind == "breach":
        return [Breach(week, body.get("vendor"), body.get("share"))]
    for key in _FIELDS[kind]:
        if key not in body:
            raise EventError(f"{kind}.{key}", None, f"a value (the field is missing; {kind} needs factor and weeks)")
    return [CapacityCut(week, body["weeks"], body["factor"])]


def cut_factor(timeline: Timeline, week: int) -> float:
    """Product of the capacity cuts in force in ``week`` (1.0 when none)."""
    factor = 1.0
    for event in timeline.events:
        if isinstance(event, CapacityCut) and event.week <= week < event.end:
            factor *= event.factor
    return factor


def apply_settings(params: Params, events: Iterable[Event]) -> Params:
    """``params`` with the SetParameter events among ``events`` applied (in order)."""
    changes = {e.key: e.value for e in events if isinstance(e, SetParameter)}
    return params.replace(**changes) if changes else params


def changes_plan(timeline: Timeline, week: int) -> bool:
    """Whether the budget plan must be recomputed at the start of ``week`` (a setting, or a cut starts or ends)."""
    return any((isinstance(e, SetParameter) and e.week == week)
               or (isinstance(e, CapacityCut) and week in (e.week, e.end)) for e in timeline.events)


__all__ = ["BUILD_TIME", "Breach", "CapacityCut", "Event", "EventError", "SetParameter", "Timeline",
           "apply_settings", "changes_plan", "cut_factor"]
