"""A classroom room in plain Python: join code, members and their roles, rounds of decisions on one shared run.

Why plain Python: the Solara pages of the teacher and of every student are separate sessions; they share a
:class:`Room` through the process-wide :data:`REGISTRY` and only call its methods, each guarded by the room's lock.
A round's decisions become :class:`~smartgov.model.events.SetParameter` events at the round's first week, added to
the model's own timeline, so the run is exactly ``smartgov run --event ...`` with the same seed (``export.py``).
Everything a student sends is checked here (who they are, their role's levers, values through ``Params``) and
refused with :class:`ClassroomError`, one clear message; nothing is executed.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from smartgov.model import GovernanceModel, metrics
from smartgov.model.events import SetParameter, Timeline
from smartgov.model.params import ParameterError
from smartgov.scenarios import load
from smartgov.viz.classroom.class_scenarios import CLASSES, ClassScenario
from smartgov.viz.classroom.roles import ROLES

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read off a projector
CODE_LENGTH = 8  # 31**8 ≈ 8.5e11 codes: not guessable in practice, with joins rate-limited per page
MAX_NAME = 24
MAX_MEMBERS = 60
MAX_ROUND_WEEKS = 26
RATE_LIMIT = (10, 10.0)  # at most 10 actions per member in any 10 seconds
EXPIRE_SECONDS = 4 * 3600.0  # a room nobody touched for 4 hours is closed
MAX_ROOMS = 20  # rooms hold a model each: bound the memory one server can be made to use


class ClassroomError(ValueError):
    """Input the room refuses: the message names the field, the value and what is allowed."""


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: Any) -> str:
    """What a student typed as a code, upper-cased and without spaces or dashes (codes are read aloud)."""
    if not isinstance(text, str):
        return ""
    return "".join(ch for ch in text.upper() if ch not in " -")[:CODE_LENGTH * 2]


def clean_name(text: Any) -> str:
    """A display name: printable, trimmed, at most MAX_NAME characters (shown as text, never as HTML)."""
    if not isinstance(text, str):
        raise ClassroomError(f"name = {text!r} is not allowed; expected text")
    name = " ".join("".join(ch for ch in text if ch.isprintable()).split())[:MAX_NAME]
    if not name:
        raise ClassroomError("name = '' is not allowed; expected 1 to 24 printable characters")
    return name


@dataclass
class Member:
    id: str  # secret token held by the student's page: whoever holds it acts as this member
    name: str
    role: str
    actions: deque = field(default_factory=deque)  # times of recent actions (rate limit)
    left: bool = False


@dataclass(frozen=True)
class Decision:
    role: str
    values: dict[str, Any]
    by: str  # display name of the member (or "teacher")


@dataclass(frozen=True)
class RoundRecord:
    """One round: who decided what, the weeks it ran, and the headline outcomes before and after."""

    number: int
    first_week: int
    last_week: int
    decisions: tuple[Decision, ...]
    before: dict[str, float]
    after: dict[str, float]

    def change(self, name: str) -> float:
        return self.after[name] - self.before[name]


def headline_values(model: GovernanceModel, first_week: int | None = None) -> dict[str, float]:
    """The headline outcomes (model/metrics.py): the mean over weeks ``first_week``… now, or the current week.

    A round is summarised by its mean, not its last week: weekly flows are noisy and a class reads the round.
    """
    frame = model.outcomes()
    rows = frame.iloc[[-1]] if first_week is None else frame.loc[first_week:]
    return {spec.name: float(rows[spec.name].mean()) for spec in metrics.headline()}


class Room:
    """One class: a shared model built from a class scenario, its members and rounds.

    ``clock`` is injectable so tests drive rate limits and expiry without waiting.
    """

    def __init__(self, class_name: str, seed: int = 1, round_weeks: int | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if class_name not in CLASSES:
            raise ClassroomError(f"class = {class_name!r} is not allowed; expected one of {', '.join(CLASSES)}")
        self.lock = threading.RLock()
        self.clock = clock
        self.code = new_code()
        self.teacher_token = secrets.token_urlsafe(16)
        self.spec: ClassScenario = CLASSES[class_name]
        self.seed = seed
        self.version = 0  # bumped on every change: pages poll it to know when to redraw
        self.touched = clock()
        self.round_weeks = self.spec.round_weeks
        if round_weeks is not None:
            self.set_round_weeks(round_weeks)
        scenario = load(self.spec.scenario)
        self.params = scenario.params(n_citizens=self.spec.n_citizens)
        self.model = GovernanceModel(self.params, rng=seed, events=scenario.timeline())
        self.members: dict[str, Member] = {}
        self.pending: dict[str, Decision] = {}
        self.rounds: list[RoundRecord] = []
        self.auto_advance = False  # run the round as soon as every role present has decided

    # -- membership -------------------------------------------------------------------------------------------
    def join(self, name: Any) -> Member:
        """A new member with the role that has fewest members (roles fill in order; teams share a role)."""
        with self.lock:
            name = clean_name(name)
            present = [m for m in self.members.values() if not m.left]
            if len(present) >= MAX_MEMBERS:
                raise ClassroomError(f"the room is full ({MAX_MEMBERS} members)")
            counts = {role: sum(m.role == role for m in present) for role in ROLES}
            role = min(ROLES, key=lambda r: counts[r])  # ties: ROLES order
            member = Member(secrets.token_urlsafe(16), name, role)
            self.members[member.id] = member
            self._changed()
            return member

    def member(self, member_id: Any) -> Member:
        member = self.members.get(member_id) if isinstance(member_id, str) else None
        if member is None or member.left:
            raise ClassroomError("this page is not (or no longer) a member of the room; join again with the code")
        return member

    def leave(self, member_id: Any) -> None:
        with self.lock:
            self.member(member_id).left = True
            self._changed()

    def remove(self, token: Any, member_id: Any) -> None:
        """The teacher removes a student (their page can no longer act)."""
        with self.lock:
            self._teacher(token)
            self.leave(member_id)

    def present(self) -> list[Member]:
        with self.lock:
            return [m for m in self.members.values() if not m.left]

    def active_roles(self) -> list[str]:
        """Roles at least one present member plays (only they are waited for)."""
        taken = {m.role for m in self.present()}
        return [role for role in ROLES if role in taken]

    # -- decisions --------------------------------------------------------------------------------------------
    def decide(self, member_id: Any, values: Any) -> Decision:
        """A member's decision for their own role this round (a team member's replaces their team's)."""
        with self.lock:
            member = self.member(member_id)
            self._rate_limit(member)
            decision = Decision(member.role, self._checked(member.role, values), member.name)
            self.pending[member.role] = decision
            self._changed()
            if self.auto_advance and self.all_decided():
                self.advance(auto=True)
            return decision

    def set_auto_advance(self, token: Any, on: bool) -> None:
        with self.lock:
            self._teacher(token)
            self.auto_advance = bool(on)
            self._changed()

    def take_over(self, token: Any, role: Any, values: Any) -> Decision:
        """The teacher decides for a role (an absent team, or a student who needs help)."""
        with self.lock:
            self._teacher(token)
            if role not in ROLES:
                raise ClassroomError(f"role = {role!r} is not allowed; expected one of {', '.join(ROLES)}")
            decision = Decision(role, self._checked(role, values), "teacher")
            self.pending[role] = decision
            self._changed()
            return decision

    def _checked(self, role: str, values: Any) -> dict[str, Any]:
        """Values for ``role``'s levers, validated by ``Params`` with the other pending decisions applied."""
        if not isinstance(values, Mapping) or not values:
            raise ClassroomError(f"decision = {_short(values)} is not allowed; expected a mapping of "
                                 f"{', '.join(ROLES[role].levers)} to values")
        levers = ROLES[role].levers
        for key in values:
            if key not in levers:
                raise ClassroomError(f"lever = {_short(key)} is not allowed for role {role}; expected one of "
                                     f"{', '.join(levers)}")
        others = {k: v for r, d in self.pending.items() if r != role for k, v in d.values.items()}
        try:
            checked = self.model.params.replace(**others).replace(**dict(values))
        except ParameterError as err:
            raise ClassroomError(str(err)) from None
        return {key: getattr(checked, key) for key in values}

    def all_decided(self) -> bool:
        with self.lock:
            roles = self.active_roles()
            return bool(roles) and all(role in self.pending for role in roles)

    # -- rounds -----------------------------------------------------------------------------------------------
    def set_round_weeks(self, weeks: Any) -> None:
        if not (isinstance(weeks, int) and not isinstance(weeks, bool) and 1 <= weeks <= MAX_ROUND_WEEKS):
            raise ClassroomError(f"round_weeks = {_short(weeks)} is not allowed; expected an integer in "
                                 f"[1, {MAX_ROUND_WEEKS}]")
        with self.lock:
            self.round_weeks = weeks
            self._changed()

    def advance(self, token: Any = None, *, auto: bool = False) -> RoundRecord:
        """Run one round: pending decisions take effect at its first week, then ``round_weeks`` weeks run.

        The teacher advances with their token; ``auto=True`` (every role has decided) needs no token.
        """
        with self.lock:
            if not auto:
                self._teacher(token)
            elif not self.all_decided():
                raise ClassroomError("not every role has decided yet")
            first = self.model.steps + 1
            decisions = tuple(self.pending[r] for r in ROLES if r in self.pending)
            events = [SetParameter(first, key, value) for d in decisions for key, value in d.values.items()]
            before = self.rounds[-1].after if self.rounds else headline_values(self.model)
            if events:
                try:
                    self.model.timeline = self.model.timeline.extend(Timeline(tuple(events)))
                    self.model.timeline.check(self.model.params)
                except ParameterError as err:
                    raise ClassroomError(str(err)) from None
            self.model.run_for(self.round_weeks)
            record = RoundRecord(len(self.rounds) + 1, first, self.model.steps, decisions, before,
                                 headline_values(self.model, first))
            self.rounds.append(record)
            self.pending = {}
            self._changed()
            return record

    def decision_events(self) -> list[dict[str, Any]]:
        """Every round's decisions as timeline data (``--event`` values), in order."""
        return [{"week": r.first_week, "set": {k: v for d in r.decisions for k, v in d.values.items()}}
                for r in self.rounds if r.decisions]

    # -- helpers ----------------------------------------------------------------------------------------------
    def is_teacher(self, token: Any) -> bool:
        return isinstance(token, str) and secrets.compare_digest(token, self.teacher_token)

    def _teacher(self, token: Any) -> None:
        if not self.is_teacher(token):
            raise ClassroomError("only the teacher's page can do this")

    def _rate_limit(self, member: Member) -> None:
        count, window = RATE_LIMIT
        now = self.clock()
        while member.actions and now - member.actions[0] > window:
            member.actions.popleft()
        if len(member.actions) >= count:
            raise ClassroomError(f"too many actions: at most {count} in {window:.0f} seconds; wait a moment")
        member.actions.append(now)

    def _changed(self) -> None:
        self.version += 1
        self.touched = self.clock()


def _short(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:59] + "…"


class Registry:
    """The rooms of this server process, by code; closed after :data:`EXPIRE_SECONDS` without activity."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.lock = threading.Lock()
        self.clock = clock
        self.rooms: dict[str, Room] = {}

    def create(self, class_name: str, seed: int = 1, round_weeks: int | None = None) -> Room:
        room = Room(class_name, seed, round_weeks, clock=self.clock)  # built outside the lock: ~seconds
        with self.lock:
            self._expire()
            if len(self.rooms) >= MAX_ROOMS:
                raise ClassroomError(f"this server already has {MAX_ROOMS} open rooms; close one or wait")
            while room.code in self.rooms:  # vanishingly rare
                room.code = new_code()
            self.rooms[room.code] = room
            return room

    def find(self, code: Any) -> Room | None:
        with self.lock:
            self._expire()
            return self.rooms.get(normalize_code(code))

    def close(self, code: str, token: Any) -> None:
        with self.lock:
            room = self.rooms.get(code)
            if room is not None and room.is_teacher(token):
                del self.rooms[code]

    def _expire(self) -> None:
        now = self.clock()
        for code in [c for c, r in self.rooms.items() if now - r.touched > EXPIRE_SECONDS]:
            del self.rooms[code]


REGISTRY = Registry()
