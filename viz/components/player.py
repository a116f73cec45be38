"""Play / pause, step, reset, speed and seed for a run (or a pair of runs in Compare mode).

Playing runs in a background task that steps the model and bumps the version counter; each bump re-renders the
page. The loop is paced by a clock at the chosen speed and stops when paused, when the run reaches its limit, or
when the page is closed.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import solara
import solara.lab

from smartgov.viz.components import state
from smartgov.viz.components.run import MAX_STEPS
from smartgov.viz.i18n import t

# Weeks per second. No "as fast as possible": the server would then produce frames faster than the browser shows
# them, and the page would lag behind the model (measured: ~10 frames a second is what the page keeps up with).
SPEEDS = (1, 2, 5, 10)
MIN_PAUSE = 0.005  # always leave the server's event loop time to send frames and take clicks
CATCH_UP = 1.0  # seconds of lag the loop makes up after slow frames (chart redraws); more is dropped


def play_loop(playing: solara.Reactive[bool], step: Callable[[int], None],
              current: Callable[[], bool] = lambda: True) -> None:
    """Step while ``playing`` is set, paced to ``state.speed`` weeks per second.

    Pacing follows a clock, not a fixed pause, so a slow frame (a chart redraw) is made up by the next ones; if the
    page cannot keep up, it runs as fast as it can without piling up more than ``CATCH_UP`` seconds of backlog.
    """
    due = time.perf_counter()
    while playing.value and current():  # current() turns False when the page closes or playing is toggled
        step(1)
        rate = state.speed.value
        now = time.perf_counter()
        due = max(due + 1.0 / max(rate, 1), now - CATCH_UP)
        time.sleep(max(due - now, MIN_PAUSE))


@solara.component
def SeedField(seed: int, setup: int) -> None:
    """The seed as typed. A refused entry (empty, "abc", "1.5", negative) stays visible and marked while the message
    bar says why, and the run keeps its seed; after the next rebuild (``setup`` is the shown run's id: a new seed,
    an edit, a reset) the field shows the seed in use again."""
    lang = state.lang.value
    refused, set_refused = solara.use_state(None)  # (setup it was typed against, text) of the last refused entry

    def commit(new: str | None) -> None:
        problem = state.set_seed(new or "")
        set_refused((setup, new or "") if problem else None)

    bad = refused is not None and refused[0] == setup
    solara.InputText(t("seed", lang), value=refused[1] if bad else str(seed), on_value=commit,
                     continuous_update=False, error=bad, style={"max-width": "110px"}, classes=["sg-seed"])


@solara.component
def Player(compare: bool = False) -> None:
    lang = state.lang.value
    playing = state.pair_playing if compare else state.playing
    step = state.step_pair if compare else state.step
    reset = state.reset_pair if compare else state.reset
    if compare:
        current = state.pair.value[0] if state.pair.value else None
        _ = state.pair_version.value
    else:
        current = state.run.value
        _ = state.version.value
    weeks = current.step_count if current else 0

    task = solara.lab.use_task(lambda: play_loop(playing, step, lambda: task.is_current()),
                               dependencies=[playing.value], prefer_threaded=True)

    prefix = "sg-cmp" if compare else "sg"
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}, classes=[f"{prefix}-player"]):
        if playing.value:
            solara.Button(t("pause", lang), icon_name="mdi-pause", on_click=lambda: playing.set(False),
                          color="primary", classes=[f"{prefix}-pause"])
        else:
            solara.Button(t("play", lang), icon_name="mdi-play", on_click=lambda: playing.set(True), color="primary",
                          disabled=current is None or current.finished, classes=[f"{prefix}-play"])
        solara.Button(t("step", lang), icon_name="mdi-step-forward", on_click=lambda: step(1),
                      disabled=playing.value or current is None or current.finished, classes=[f"{prefix}-step"])
        solara.Button(t("reset", lang), icon_name="mdi-restore", on_click=reset, classes=[f"{prefix}-reset"])
        solara.v.Select(label=t("speed", lang), items=[{"text": str(r), "value": r} for r in SPEEDS],
                        v_model=state.speed.value, on_v_model=state.speed.set, dense=True, hide_details=True,
                        style_="max-width: 170px", class_="sg-speed")
        if not compare:
            SeedField(state.seed.value, id(current))
        solara.Text(t("week_n", lang, n=weeks), classes=[f"{prefix}-week"],
                    style={"font-size": "1.2em", "font-weight": "600", "margin-left": "12px"})
    if current is not None and current.finished:
        solara.Info(t("finished", lang, n=MAX_STEPS), dense=True)
