"""Compare A/B, replicated: R paired runs of A and B in a background task (progress bar, Cancel), then the result
in words, the mean lines with 95% bands, the paired differences, a table and the exports. Also the switch between
this view (the default) and the live single-pair view kept for teaching."""

from __future__ import annotations

import pandas as pd
import solara

from smartgov.model import metrics
from smartgov.scenarios import load
from smartgov.viz.components import replicated_state as rep
from smartgov.viz.components import state
from smartgov.viz.components.numbers import whole_number
from smartgov.viz.components.outcome_table import OutcomeTable
from smartgov.viz.i18n import pick, t
from smartgov.viz.replicate_figures import band_figure, bands, difference_figure
from smartgov.viz.replicated import Result, Side
from smartgov.viz.verdict import verdict

VERDICT_COLOURS = {"better": "#2e7d32", "worse": "#c62828", "changed": "#444444", "unclear": "#555555",
                   "unknown": "#777777"}


@solara.component
def CompareMode() -> None:
    """Replicated (default) or live (one pair, stepped together: for teaching)."""
    lang = state.lang.value
    with solara.ToggleButtonsSingle(value=rep.mode.value, on_value=rep.mode.set, classes=["sg-compare-mode"]):
        solara.Button(t("mode_replicated", lang, r="R"), value="replicated", icon_name="mdi-chart-bell-curve",
                      classes=["sg-mode-replicated"])
        solara.Button(t("mode_live", lang), value="live", icon_name="mdi-play-circle-outline",
                      classes=["sg-mode-live"])


def _cell(mean: float, low: float, high: float, fmt: str) -> str:
    """``mean [low, high]`` in the outcome's format; "–" for no value, the mean alone without an interval."""
    if mean != mean:
        return "–"
    if low != low or high != high:
        return format(mean, fmt)
    return f"{format(mean, fmt)} [{format(low, fmt)}, {format(high, fmt)}]"


def summary_table(result: Result, lang: str) -> pd.DataFrame:
    """Every summary outcome: A and B (mean [95% CI]) and B − A [95% CI] with p, formatted by the registry."""
    rows = []
    table = result.table.set_index(["scenario", "outcome"])
    for spec in metrics.summary():
        if ("A", spec.name) not in table.index:
            continue
        a, b = table.loc[("A", spec.name)], table.loc[("B", spec.name)]
        plain, signed = spec.fmt.lstrip("+"), "+" + spec.fmt.lstrip("+")
        rows.append({t("outcome", lang): spec.label(lang), "A": _cell(a["mean"], a["ci_low"], a["ci_high"], plain),
                     "B": _cell(b["mean"], b["ci_low"], b["ci_high"], plain),
                     t("difference", lang): _cell(b["diff"], b["diff_ci_low"], b["diff_ci_high"], signed),
                     "p": "–" if b["p_value"] != b["p_value"] else f"{b['p_value']:.2g}"})
    return pd.DataFrame(rows, columns=[t("outcome", lang), "A", "B", t("difference", lang), "p"])


def describe(side: Side, lang: str) -> str:
    """An arm as text: its scenario's title and its edits other than N (N is stated once)."""
    title = side.name if side.uploaded else pick(load(side.name).title, lang)
    edits = ", ".join(f"{k}={v}" for k, v in sorted(side.overrides.items()) if k != "n_citizens")
    return title + (f" (✎ {edits})" if edits else "")


@solara.component
def ReplicatedCompare() -> None:
    lang = state.lang.value
    replicates = rep.replicates_text.value
    solara.Markdown(t("rep_intro", lang, r=replicates, seed=state.seed.value), style={"font-size": "0.92em"})
    running = rep.compute.pending
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}, classes=["sg-rep-controls"]):
        solara.InputText(t("rep_replicates", lang), value=replicates, on_value=rep.replicates_text.set,
                         continuous_update=True, disabled=running, style={"max-width": "150px"},
                         classes=["sg-rep-replicates"])
        solara.InputText(t("rep_weeks", lang), value=rep.weeks_text.value, on_value=rep.weeks_text.set,
                         continuous_update=True, disabled=running, style={"max-width": "110px"},
                         classes=["sg-rep-weeks"])
        try:
            runs: int | str = 2 * whole_number(replicates)
        except ValueError:
            runs = "2 × R"
        solara.Button(t("rep_run", lang, n=runs), icon_name="mdi-play", color="primary", on_click=rep.start,
                      disabled=running, classes=["sg-rep-run"])
        if running:
            solara.Button(t("rep_cancel", lang), icon_name="mdi-stop", on_click=rep.cancel, classes=["sg-rep-cancel"])
    if rep.refused.value:
        solara.Error(rep.refused.value, dense=True, classes=["sg-rep-error"])
    done, total = rep.progress.value
    if running:
        with solara.Column(gap="2px", classes=["sg-rep-progress"]):
            solara.ProgressLinear(value=100 * done / total if total else True, color="primary")
            solara.Text(t("rep_progress", lang, done=done, total=total or "…"), classes=["sg-rep-progress-text"])
    elif rep.compute.cancelled:
        solara.Info(t("rep_cancelled", lang, done=done, total=total), dense=True, classes=["sg-rep-cancelled"])
    elif rep.compute.error:
        solara.Error(t("rep_failed", lang, error=rep.compute.exception), dense=True, classes=["sg-rep-error"])
    elif rep.compute.finished and rep.compute.value is not None:
        ReplicatedResult(rep.compute.value)


@solara.component
def ReplicatedResult(result: Result) -> None:
    lang = state.lang.value
    request = result.request
    n = request.a.overrides["n_citizens"]
    solara.Markdown(t("rep_setup", lang, a=describe(request.a, lang), b=describe(request.b, lang), n=f"{n:,}",
                      r=request.replicates, w=request.weeks, seed=request.seed, window=result.window),
                    style={"font-size": "0.9em"})
    solara.Text(t("rep_verdicts", lang), style={"font-weight": "600"})
    headline = metrics.headline()
    differences = [(spec, result.difference(spec.name)) for spec in headline]
    with solara.Column(gap="2px", classes=["sg-rep-verdicts"]):
        for spec, diff in differences:
            kind, text = verdict(spec, diff["mean"], diff["ci_low"], diff["ci_high"], diff["n"], lang)
            solara.Text(text, classes=["sg-rep-verdict", f"sg-rep-verdict-{kind}", f"sg-rep-verdict-{spec.name}"],
                        style={"color": VERDICT_COLOURS[kind], "display": "block"})
        solara.Text(t("rep_note", lang), style={"font-size": "0.8em", "color": "#666"})
    table = solara.use_memo(lambda: bands(result.frame, headline), dependencies=[id(result)])
    band_fig = solara.use_memo(lambda: band_figure(table, lang, headline), dependencies=[id(result), lang])
    diff_fig = solara.use_memo(lambda: difference_figure(differences, lang), dependencies=[id(result), lang])
    with solara.Column(classes=["sg-rep-bands"]):
        solara.FigurePlotly(band_fig)
    with solara.Column(classes=["sg-rep-diffs"]):
        solara.FigurePlotly(diff_fig)
    solara.Text(t("rep_table", lang), style={"font-weight": "600"})
    OutcomeTable(summary_table(result, lang), class_="sg-rep-table")
    ReplicatedExport(result)


@solara.component
def ReplicatedExport(result: Result) -> None:
    lang = state.lang.value
    request = result.request
    stem = f"smartgov_compare_{request.a.name}_vs_{request.b.name}_R{request.replicates}_seed{request.seed}"
    files = result.scenario_files()
    with solara.Column(gap="6px", classes=["sg-rep-export"]):
        solara.Text(t("export", lang), style={"font-weight": "600"})
        with solara.Row(style={"flex-wrap": "wrap"}):
            solara.FileDownload(lambda: result.runs_csv().encode("utf-8"), filename=f"{stem}_runs.csv",
                                label=t("rep_export_runs", lang), mime_type="text/csv")
            solara.FileDownload(lambda: result.table_csv().encode("utf-8"), filename=f"{stem}_summary.csv",
                                label=t("rep_export_table", lang), mime_type="text/csv")
            # the policy brief in the page's language, made when clicked (a few seconds: WeasyPrint lays out the PDF)
            solara.FileDownload(lambda: result.brief(lang)[1], filename=f"{stem}_brief_{lang}.pdf",
                                label=t("rep_brief_pdf", lang), mime_type="application/pdf")
            solara.FileDownload(lambda: result.brief(lang)[0].encode("utf-8"), filename=f"{stem}_brief_{lang}.html",
                                label=t("rep_brief_html", lang), mime_type="text/html")
            for name, text in files.items():
                solara.FileDownload(text.encode("utf-8"), filename=name,
                                    label=t("rep_export_scenario", lang, name=name), mime_type="application/x-yaml")
        solara.Text(t("rep_cli", lang), style={"font-size": "0.9em"})
        if files:
            solara.Text(t("rep_cli_files", lang), style={"font-size": "0.85em"})
        with solara.Column(classes=["sg-rep-cli"]):
            solara.Preformatted(result.cli_command())
