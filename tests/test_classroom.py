"""Classroom rooms (viz/classroom/room.py): join codes, roles, decisions checked, rounds, export reproduces the run."""

from __future__ import annotations

import json
import math
import shlex

import pandas as pd
import pytest

from smartgov.experiments.single_run import run_model
from smartgov.model.events import Timeline
from smartgov.scenarios import load
from smartgov.viz.classroom import export
from smartgov.viz.classroom.roles import ROLES
from smartgov.viz.classroom.room import (
    CODE_ALPHABET,
    CODE_LENGTH,
    EXPIRE_SECONDS,
    RATE_LIMIT,
    ClassroomError,
    Registry,
    Room,
    new_code,
    normalize_code,
)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def room(clock: Clock) -> Room:
    return Room("digital_city", seed=3, round_weeks=2, clock=clock)


def test_codes_are_random_and_readable(room: Room) -> None:
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200  # 31**8 codes: a repeat in 200 draws would mean a broken generator
    assert all(len(c) == CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in codes)
    assert normalize_code(f" {room.code[:4].lower()}-{room.code[4:]} ") == room.code
    assert normalize_code(None) == ""


def test_roles_fill_evenly_and_names_are_cleaned(room: Room) -> None:
    members = [room.join(f"s{i}") for i in range(7)]
    assert [m.role for m in members[:5]] == list(ROLES)
    assert members[5].role == "agency_head" and members[6].role == "vendor"
    assert room.join("  <b>Zhang\x00 San</b>\n ").name == "<b>Zhang San</b>"  # kept as text; pages never render HTML
    for bad in ("", "   ", None, 42):
        with pytest.raises(ClassroomError, match="name"):
            room.join(bad)


def test_a_member_controls_only_their_own_role(room: Room) -> None:
    head, vendor = room.join("a"), room.join("b")
    with pytest.raises(ClassroomError, match="lever = 'outreach_share' is not allowed for role vendor"):
        room.decide(vendor.id, {"outreach_share": 0.3})
    with pytest.raises(ClassroomError, match="outreach_share"):
        room.decide(head.id, {"outreach_share": 7})  # out of range: Params' message names the field
    for garbage in (None, "x", [], {}, {"__class__": 1}, {1: 2}, b"\x00"):
        with pytest.raises(ClassroomError):
            room.decide(head.id, garbage)
    with pytest.raises(ClassroomError, match=r"not .*a member"):
        room.decide("forged-id", {"security_investment": 0.9})
    with pytest.raises(ClassroomError, match="teacher"):
        room.advance("not the token")
    assert room.decide(head.id, {"outreach_share": 0.2}).values == {"outreach_share": 0.2}
    assert room.decide(vendor.id, {"security_investment": 1}).values == {"security_investment": 1.0}


def test_rate_limit_and_removal(room: Room, clock: Clock) -> None:
    head = room.join("a")
    count, window = RATE_LIMIT
    for _ in range(count):
        room.decide(head.id, {"oversight": 0.4})
    with pytest.raises(ClassroomError, match="too many actions"):
        room.decide(head.id, {"oversight": 0.4})
    clock.now += window + 0.1
    room.decide(head.id, {"oversight": 0.4})
    room.remove(room.teacher_token, head.id)
    with pytest.raises(ClassroomError, match="no longer"):
        room.decide(head.id, {"oversight": 0.5})


def test_rounds_apply_decisions_and_the_export_reproduces_the_run(room: Room, tmp_path) -> None:
    head, vendor = room.join("a"), room.join("b")
    room.decide(head.id, {"outreach_share": 0.25, "algorithm": "audited"})
    assert not room.all_decided()
    room.decide(vendor.id, {"security_investment": 0.9})
    assert room.all_decided()
    first = room.advance(auto=True)
    assert (first.first_week, first.last_week) == (1, 2)
    assert room.model.params.outreach_share == 0.25 and room.model.params.algorithm == "audited"
    room.take_over(room.teacher_token, "data_office", {"data_sharing": "fusion"})
    room.set_round_weeks(3)
    second = room.advance(room.teacher_token)
    assert (second.first_week, second.last_week) == (3, 5) and second.decisions[0].by == "teacher"
    assert room.model.params.data_sharing == "fusion"
    assert second.before == first.after and not math.isnan(second.after["trust"])
    assert room.decision_events() == [
        {"week": 1, "set": {"outreach_share": 0.25, "algorithm": "audited", "security_investment": 0.9}},
        {"week": 3, "set": {"data_sharing": "fusion"}}]

    written = export.write_session(room, tmp_path / "s")
    assert sorted(p.name for p in written) == ["decisions.csv", "manifest.json", "rounds.csv", "timeseries.csv"]
    meta = json.loads((tmp_path / "s" / "manifest.json").read_text())
    argv = shlex.split(meta["command"])
    events = [json.loads(argv[i + 1]) for i, a in enumerate(argv) if a == "--event"]
    timeline = load(room.spec.scenario).timeline().extend(Timeline.from_data(events, label="--event"))
    rerun = run_model(room.params, room.seed, int(argv[argv.index("--steps") + 1]), events=timeline)
    pd.testing.assert_frame_equal(rerun.drop(columns="seed").set_index("step"), room.model.outcomes(),
                                  check_names=False)


def test_registry_finds_by_code_and_expires(clock: Clock) -> None:
    registry = Registry(clock=clock)
    room = registry.create("data_fusion", seed=3)
    assert registry.find(room.code.lower()) is room and registry.find("NOPE") is None
    clock.now += EXPIRE_SECONDS + 1
    assert registry.find(room.code) is None


def test_bad_class_and_round_length(room: Room) -> None:
    with pytest.raises(ClassroomError, match="class = 'nope'"):
        Room("nope")
    for bad in (0, 27, 2.5, "4", True):
        with pytest.raises(ClassroomError, match="round_weeks"):
            room.set_round_weeks(bad)


def test_classroom_command_join_link_and_bad_port(capsys) -> None:
    from smartgov.cli import main
    from smartgov.commands.classroom import join_base

    assert join_base("192.168.1.20", 8765) == "http://192.168.1.20:8765"
    assert join_base("0.0.0.0", 8765) is None  # not an address students can type: the teacher's browser's is used
    assert join_base("fe80::1", 80) == "http://[fe80::1]:80"
    assert main(["classroom", "--port", "70000"]) == 2
    assert "--port = 70000 is not allowed" in capsys.readouterr().err


def test_what_if_replays_the_same_seed_without_one_role(room: Room) -> None:
    from smartgov.viz.classroom.debrief import events_without, what_if

    head, vendor = room.join("a"), room.join("b")
    room.decide(head.id, {"outreach_share": 0.4, "counter_share": 0.6})
    room.decide(vendor.id, {"security_investment": 0.1})
    room.advance(room.teacher_token)
    assert events_without(room, "agency_head") == [{"week": 1, "set": {"security_investment": 0.1}}]
    # a role that decided nothing: the replay is the class's run itself, to the last digit
    same = what_if(room, "data_office")
    assert all(actual == replay or (actual != actual and replay != replay) for actual, replay in same.values())
    changed = what_if(room, "agency_head")
    assert any(actual != replay for actual, replay in changed.values())
    with pytest.raises(ClassroomError, match="role = 'nobody'"):
        what_if(room, "nobody")
