"""Time-series charts split by group (a PNG redrawn when the run advances or the language changes).

Drawing four matplotlib panels takes ~0.3 s, far longer than a model step (~2 ms), so while playing the charts are
redrawn at most once every ``CHART_SECONDS``; KPIs and the network still change every week, and pausing (or stepping
by hand) shows the latest.
"""

from __future__ import annotations

import time

import solara

from smartgov.viz.components import state
from smartgov.viz.components.charts import timeseries_png
from smartgov.viz.components.run import Run
from smartgov.viz.i18n import t

CHART_SECONDS = 1.0


def chart_bucket(version: int, playing: bool) -> int:
    """The memo key for a chart: every version when stepping by hand, each ``CHART_SECONDS`` while playing."""
    return int(time.monotonic() / CHART_SECONDS) if playing else version


@solara.component
def TimeseriesView(run: Run, version: int) -> None:
    lang = state.lang.value
    bucket = chart_bucket(version, state.playing.value)
    image = solara.use_memo(lambda: timeseries_png(run.frame(), lang),
                            dependencies=[id(run), bucket, state.playing.value, lang])
    with solara.Column(gap="4px", classes=["sg-charts"]):
        solara.Text(t("charts", lang), style={"font-weight": "600"})
        solara.Image(image, width="100%", classes=["sg-charts-image"])
