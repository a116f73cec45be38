"""Time-series charts split by group (a PNG redrawn when the run advances or the language changes)."""

from __future__ import annotations

import solara

from smartgov.viz.components import state
from smartgov.viz.components.charts import timeseries_png
from smartgov.viz.components.run import Run
from smartgov.viz.i18n import t


@solara.component
def TimeseriesView(run: Run, version: int) -> None:
    lang = state.lang.value
    image = solara.use_memo(lambda: timeseries_png(run.frame(), lang), dependencies=[id(run), version, lang])
    with solara.Column(gap="4px", classes=["sg-charts"]):
        solara.Text(t("charts", lang), style={"font-weight": "600"})
        solara.Image(image, width="100%", classes=["sg-charts-image"])
