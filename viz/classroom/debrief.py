"""Debrief "what if": the class's run replayed with the same seed without one role's decisions.

The difference between the class's last round and the replay's is what that role's decisions did, with
everything else (the world, the other roles' decisions, the chance events of the seed) held the same.
"""

from __future__ import annotations

from smartgov.experiments.single_run import run_model
from smartgov.model import metrics
from smartgov.model.events import Timeline
from smartgov.scenarios import load
from smartgov.viz.classroom.roles import ROLES
from smartgov.viz.classroom.room import ClassroomError, Room


def events_without(room: Room, role: str) -> list[dict]:
    """The room's decision events with ``role``'s levers taken out (rounds left empty are dropped)."""
    levers = set(ROLES[role].levers)
    kept = [{"week": e["week"], "set": {k: v for k, v in e["set"].items() if k not in levers}}
            for e in room.decision_events()]
    return [e for e in kept if e["set"]]


def what_if(room: Room, role: str) -> dict[str, tuple[float, float]]:
    """For each headline outcome, (class's run, replay without ``role``): means over the last round's weeks."""
    if role not in ROLES:
        raise ClassroomError(f"role = {role!r} is not allowed; expected one of {', '.join(ROLES)}")
    with room.lock:
        if not room.rounds:
            raise ClassroomError("no round has run yet: nothing to replay")
        last = room.rounds[-1]
        steps = room.model.steps
        events = events_without(room, role)
    timeline = load(room.spec.scenario).timeline().extend(Timeline.from_data(events, label="--event"))
    frame = run_model(room.params, room.seed, steps, events=timeline).set_index("step").loc[last.first_week:]
    return {spec.name: (last.after[spec.name], float(frame[spec.name].mean())) for spec in metrics.headline()}
