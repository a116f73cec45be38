"""Export of a classroom session: decisions CSV, outcomes CSV (per week and per round) and a manifest.

The manifest holds the ``smartgov run`` command that recomputes the shared run: the class scenario, population,
seed, weeks run, and one ``--event`` per round with that round's decisions at its first week.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any

import pandas as pd

from smartgov.experiments import results
from smartgov.viz.classroom.room import Room


def decisions_frame(room: Room) -> pd.DataFrame:
    rows = [{"round": r.number, "week": r.first_week, "role": d.role, "by": d.by, "lever": key, "value": value}
            for r in room.rounds for d in r.decisions for key, value in d.values.items()]
    return pd.DataFrame(rows, columns=["round", "week", "role", "by", "lever", "value"])


def rounds_frame(room: Room) -> pd.DataFrame:
    """One row per round: its weeks and the round's mean of every headline outcome."""
    return pd.DataFrame([{"round": r.number, "first_week": r.first_week, "last_week": r.last_week, **r.after}
                         for r in room.rounds])


def run_command(room: Room) -> list[str]:
    """``smartgov run`` arguments that recompute the room's run (same seed, same events, same weeks)."""
    command = ["smartgov", "run", "--scenario", room.spec.scenario, "--n-citizens", str(room.spec.n_citizens),
               "--seed", str(room.seed), "--steps", str(max(room.model.steps, 1))]
    for event in room.decision_events():
        command += ["--event", json.dumps(event, sort_keys=True)]
    return command


def manifest(room: Room) -> dict[str, Any]:
    return results.manifest(
        "classroom", seed=room.seed, steps=room.model.steps, scenario=room.spec.scenario,
        class_scenario=room.spec.name, round_weeks=[r.last_week - r.first_week + 1 for r in room.rounds],
        events=room.decision_events(), command=shlex.join(run_command(room)))


def write_session(room: Room, out: Path) -> list[Path]:
    """``decisions.csv``, ``rounds.csv``, ``timeseries.csv`` and ``manifest.json`` into ``out``, all or nothing."""
    with room.lock:
        decisions, rounds = decisions_frame(room), rounds_frame(room)
        series = room.model.outcomes().reset_index()
        meta = manifest(room)
    return results.write_folder(out, {
        "decisions.csv": lambda path: decisions.to_csv(path, index=False),
        "rounds.csv": lambda path: rounds.to_csv(path, index=False),
        "timeseries.csv": lambda path: series.to_csv(path, index=False),
        "manifest.json": lambda path: path.write_text(results.to_json(meta), encoding="utf-8"),
    })


def session_zip(room: Room) -> bytes:
    """The export as one zip (the teacher's download button)."""
    import io
    import tempfile
    import zipfile

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "session"
        written = write_session(room, folder)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in written:
                archive.write(path, f"classroom-{room.code}/{path.name}")
        return buffer.getvalue()
