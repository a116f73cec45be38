"""Downloads of what the user sees — time series (CSV), charts and network (PNG), manifest (JSON) — and the
``smartgov run`` command that recomputes the same run from the command line."""

from __future__ import annotations

import solara

from smartgov.viz.components import state
from smartgov.viz.components.charts import timeseries_png
from smartgov.viz.components.network_view import network_png
from smartgov.viz.components.run import Run
from smartgov.viz.i18n import t


def file_stem(run: Run) -> str:
    name = run.scenario.name.removeprefix(state.UPLOADED)
    return f"smartgov_{name}_seed{run.seed}_week{run.step_count}"


@solara.component
def ExportPanel(run: Run, version: int) -> None:
    lang = state.lang.value
    stem = file_stem(run)
    with solara.Column(gap="6px", classes=["sg-export"]):
        solara.Text(t("export", lang), style={"font-weight": "600"})
        with solara.Row(style={"flex-wrap": "wrap"}):
            solara.FileDownload(lambda: run.csv().encode("utf-8"), filename=f"{stem}.csv", label=t("export_csv", lang),
                                mime_type="text/csv")
            solara.FileDownload(lambda: timeseries_png(run.frame(), lang), filename=f"{stem}_charts.png",
                                label=t("export_png", lang), mime_type="image/png")
            solara.FileDownload(lambda: network_png(run, state.colour_mode.value),
                                filename=f"{stem}_network.png", label=t("export_network", lang),
                                mime_type="image/png")
            solara.FileDownload(lambda: run.manifest_json().encode("utf-8"), filename=f"{stem}_manifest.json",
                                label=t("export_manifest", lang), mime_type="application/json")
        solara.Text(t("cli_title", lang), style={"font-size": "0.9em"})
        with solara.Column(classes=["sg-cli"]):
            solara.Preformatted(run.cli_command())
        if run.scenario_text is not None:
            solara.Text(t("cli_upload_note", lang), style={"font-size": "0.8em", "color": "#666"})
