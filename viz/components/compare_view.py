"""A/B mode: the Explore set-up (A) and another scenario (B) with the same seed, stepped together, with a chart of
their differences and a table of where they stand now."""

from __future__ import annotations

import json

import pandas as pd
import solara

from smartgov.viz.components import replicated_state, state
from smartgov.viz.components.charts import difference_outcomes, difference_png
from smartgov.viz.components.kpi_cards import kpi_values, signed
from smartgov.viz.components.network_view import network_png
from smartgov.viz.components.outcome_table import OutcomeTable
from smartgov.viz.components.player import Player
from smartgov.viz.components.replicated_compare import CompareMode, ReplicatedCompare
from smartgov.viz.components.run import Run
from smartgov.viz.components.scenario_picker import scenario_items
from smartgov.viz.components.timeseries_view import chart_bucket
from smartgov.viz.i18n import pick, t


def pair_csv(a: Run, b: Run) -> str:
    """Both runs' time series in one table, with a ``run`` column (A or B)."""
    frames = [run.timeseries().assign(run=tag) for tag, run in (("A", a), ("B", b))]
    return pd.concat(frames, ignore_index=True).to_csv(index=False)


def pair_manifest(a: Run, b: Run) -> str:
    """Both manifests: each reproduces its run with ``smartgov run``."""
    return json.dumps({"A": json.loads(a.manifest_json()), "B": json.loads(b.manifest_json())}, indent=2,
                      ensure_ascii=False)


def comparison_table(frame_a: pd.DataFrame, frame_b: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The headline outcomes now (4-week means for flows) in A and B and B − A, as formatted text ("–": none)."""
    rows = []
    for spec in difference_outcomes():
        a, _ = kpi_values(frame_a, spec)
        b, _ = kpi_values(frame_b, spec)
        rows.append({t("outcome", lang): spec.label(lang), "A": spec.format(a), "B": spec.format(b),
                     t("difference", lang): signed(spec, b - a)})
    return pd.DataFrame(rows, columns=[t("outcome", lang), "A", "B", t("difference", lang)])


@solara.component
def CompareView() -> None:
    lang = state.lang.value
    live = replicated_state.mode.value == "live"  # else replicated (the default): viz/components/replicated_compare
    if live and (state.pair.value is None or not state.pair_matches_explore()):
        state.reset_pair()  # A always follows the Explore set-up
    pair = state.pair.value
    version = state.pair_version.value
    CompareMode()
    if live:
        solara.Markdown(t("compare_intro", lang))

    def choose_b(name: str) -> None:
        state.scenario_b.set(name)
        state.pair.set(None)  # rebuilt when the live view shows

    def toggle_edits(value: bool) -> None:
        state.b_same_edits.set(value)
        state.pair.set(None)

    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.v.Select(label="B: " + t("scenario", lang), items=scenario_items(lang), v_model=state.b_name(),
                        on_v_model=choose_b, dense=True, style_="max-width: 380px", class_="sg-scenario-b")
        solara.Checkbox(label=t("b_same_edits", lang), value=state.b_same_edits.value, on_value=toggle_edits)
    if not live:
        ReplicatedCompare()
    elif pair is not None:
        ComparePair(pair[0], pair[1], version)


@solara.component
def RunSummary(tag: str, run: Run, version: int) -> None:
    """One side of the comparison: what it is, its network and its headline numbers now."""
    lang = state.lang.value
    mode = state.colour_mode.value
    image = solara.use_memo(lambda: network_png(run, mode), dependencies=[id(run), version, mode])
    edits = ", ".join(f"{k}={v}" for k, v in sorted(run.overrides.items())) or "—"
    with solara.Column(gap="4px", classes=[f"sg-side-{tag.lower()}"]):
        solara.Markdown(f"**{tag}** · {pick(run.scenario.title, lang)} · ✎ {edits} · seed {run.seed}")
        frame = run.frame()
        parts = []
        for spec in difference_outcomes():
            now, _ = kpi_values(frame, spec)
            parts.append(f"{spec.label(lang)}: **{spec.format(now)}**")
        solara.Markdown(" · ".join(parts), style={"font-size": "0.85em"})
        solara.Image(image, width="55%", classes=[f"sg-network-{tag.lower()}"])


@solara.component
def ComparePair(a: Run, b: Run, version: int) -> None:
    lang = state.lang.value
    Player(compare=True)
    with solara.Columns([1, 1]):
        for tag, r in (("A", a), ("B", b)):
            RunSummary(tag, r, version)
    frame_a, frame_b = a.frame(), b.frame()
    bucket = chart_bucket(version, state.pair_playing.value)
    image = solara.use_memo(lambda: difference_png(frame_a, frame_b, lang),
                            dependencies=[id(a), bucket, state.pair_playing.value, lang])
    solara.Image(image, width="100%", classes=["sg-diff-image"])
    solara.Text(t("end_table", lang), style={"font-weight": "600"})
    OutcomeTable(comparison_table(frame_a, frame_b, lang), class_="sg-compare-table")
    stem = f"smartgov_compare_seed{a.seed}_week{a.step_count}"
    with solara.Column(gap="6px", classes=["sg-compare-export"]):
        solara.Text(t("export", lang), style={"font-weight": "600"})
        with solara.Row(style={"flex-wrap": "wrap"}):
            solara.FileDownload(lambda: pair_csv(a, b).encode("utf-8"), filename=f"{stem}.csv",
                                label=t("export_csv", lang), mime_type="text/csv")
            solara.FileDownload(lambda: difference_png(a.frame(), b.frame(), lang), filename=f"{stem}_difference.png",
                                label=t("export_png", lang), mime_type="image/png")
            solara.FileDownload(lambda: pair_manifest(a, b).encode("utf-8"), filename=f"{stem}_manifest.json",
                                label=t("export_manifest", lang), mime_type="application/json")
        solara.Text(t("cli_title", lang), style={"font-size": "0.9em"})
        with solara.Column(classes=["sg-compare-cli"]):
            solara.Preformatted(f"# A\n{a.cli_command()}\n# B\n{b.cli_command()}")
