"""Keep a page in step with a room that other sessions change: poll the room's version, re-render on change.

Each browser is its own Solara session, so a change made by the teacher cannot re-render a student's page
directly; a light poll (twice a second, reading one integer) can, and it stops when the page goes away.
"""

from __future__ import annotations

import solara

from smartgov.viz.classroom.room import Room

POLL_SECONDS = 0.5


def use_room_version(room: Room | None) -> int:
    """The room's version, updated within ``POLL_SECONDS`` of any change (0 without a room)."""
    version, set_version = solara.use_state(room.version if room is not None else 0)

    def poll(cancel) -> None:
        if room is None:
            return
        seen = room.version
        while not cancel.wait(POLL_SECONDS):
            if room.version != seen:
                seen = room.version
                set_version(seen)

    solara.use_thread(poll, dependencies=[room], intrusive_cancel=False)
    return version
