"""A policy brief of a scenario comparison: one HTML document per language and its PDF.

Why: an analyst must hand a decision-maker the question, the scenarios and what differs between them (each
parameter with its source), the key results with 95% CIs and a verdict in words, figures, the model's limits and
the command that recomputes it all. :func:`render_brief` builds it from a comparison's table and manifest (what
``smartgov compare`` writes, or what the web app holds), so the CLI (``smartgov brief``) and the app make the same
brief. Labels come from the outcome registry and the parameter metadata, words from :mod:`smartgov.viz.i18n`.
Jinja2 fills the template shipped with the package (``viz/templates/brief.html.j2``); WeasyPrint lays it out as a
PDF (it needs Pango; Chinese needs a CJK font such as fonts-wqy-microhei). No Solara here.
"""

from __future__ import annotations

import base64
import io
import math
import shlex
import warnings
from dataclasses import fields as dataclass_fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

import smartgov
from smartgov.experiments.summaries import default_window
from smartgov.model import metrics
from smartgov.model.metrics import Outcome
from smartgov.model.params import Params
from smartgov.scenarios.safe_load import InputError, shorten
from smartgov.viz import i18n
from smartgov.viz.components.charts import FONTS, SMOOTH

LANGS = ("en", "zh")
TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE = "brief.html.j2"
CONTEXT_PARAMETERS = ("n_citizens", "excluded_share", "network", "budget_mode", "burn_in_weeks")
"""Shared settings every brief states as key assumptions, besides the run settings."""
FEW_REPLICATES = 10
"""Below this many replicates the brief warns that the intervals are wide."""
TABLE_COLUMNS = ("scenario", "outcome", "mean", "ci_low", "ci_high", "diff", "diff_ci_low", "diff_ci_high")
PARAMETERS = {f.name: f for f in dataclass_fields(Params)}
_CJK = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC"'
FONT_STACK = {"en": f'"DejaVu Sans", "Liberation Sans", {_CJK}, sans-serif',  # CJK fallback: titles quote Chinese
              "zh": f'{_CJK}, "DejaVu Sans", sans-serif'}
"""Fonts of the brief's pages (WeasyPrint finds them through fontconfig; Debian: fonts-wqy-microhei)."""


class BriefError(InputError):
    """Input a brief cannot be made from; the message names the field, the value and what is allowed."""


def check_lang(lang: Any) -> str:
    """``lang`` if it is a brief language ('en' or 'zh'), else a :class:`BriefError`."""
    if lang not in LANGS:
        raise BriefError(f"lang = {shorten(lang)} is not allowed; expected one of {', '.join(LANGS)}",
                         field="lang", value=lang, allowed=", ".join(LANGS))
    return lang


# -- words ------------------------------------------------------------------------------------------------

def _number(spec: Outcome | None, value: float, signed: bool = False, lang: str = "en") -> str:
    """A value in the outcome's format; a change of a percentage in percentage points."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    fmt = (spec.fmt if spec is not None else ".3f").lstrip("+")
    if signed and fmt.endswith("%"):
        digits = fmt[:-1].lstrip(".") or "1"
        return f"{100 * value:+.{digits}f}{i18n.t('brief_pp', lang)}"
    return format(value, ("+" if signed else "") + fmt)


def verdict(spec: Outcome | None, diff: float, low: float, high: float, lang: str) -> str:
    """The change in words: "no clear difference" when the 95% CI includes 0 (or cannot be computed), else higher
    or lower, and better or worse where the registry says which direction is better."""
    if any(v is None or math.isnan(v) for v in (diff, low, high)) or low <= 0 <= high:
        return i18n.t("brief_v_none", lang)
    direction = "higher" if diff > 0 else "lower"
    better = None if spec is None else spec.higher_is_better
    if better is None:
        return i18n.t(f"brief_v_{direction}", lang)
    good = (diff > 0) == better
    return i18n.t(f"brief_v_{direction}_{'better' if good else 'worse'}", lang)


def _ci(spec: Outcome | None, low: float, high: float, lang: str, signed: bool = False) -> str:
    if any(v is None or math.isnan(v) for v in (low, high)):
        return i18n.t("brief_no_ci", lang)
    return i18n.t("brief_ci", lang, low=_number(spec, low, signed, lang), high=_number(spec, high, signed, lang))


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return "–" if value is None else str(value)


def _letters(n: int) -> list[str]:
    return [chr(ord("A") + i) for i in range(n)]


# -- the reproducing command -------------------------------------------------------------------------------

def compare_command(design: dict[str, Any], out: str = "OUT", wrap: bool = False) -> str:
    """The ``smartgov compare`` command that runs ``design`` (a manifest's design) again: the same digest, so the
    same seeds and numbers (the executor and worker count do not change them). ``wrap``: one option group per line,
    joined by shell line continuations (for the page)."""
    scenarios = list(design.get("scenarios") or [design["scenario"]])
    groups = [["smartgov", "compare", *scenarios], ["--replicates", str(design["replicates"]), "--steps",
                                                    str(design["steps"]), "--seed", str(design["seed"])]]
    fixed = dict(design.get("fixed") or {})
    if "n_citizens" in fixed:
        groups[-1] += ["--n-citizens", str(fixed.pop("n_citizens"))]
    sets = [["--set", f"{key}={repr(value) if isinstance(value, float) else _value(value)}"]
            for key, value in fixed.items()]
    groups += sets
    if design["summary_window"] != default_window(design["steps"]):
        groups.append(["--window", str(design["summary_window"])])
    posterior = design.get("posterior") or {}
    if posterior.get("file"):
        groups.append(["--posterior", str(posterior["file"])])
    groups.append(["--out", out])
    return (" \\\n    " if wrap else " ").join(shlex.join(group) for group in groups)


# -- figures ----------------------------------------------------------------------------------------------

def _png(fig: Figure) -> str:
    """A figure as a data URI (the HTML stays one self-contained file)."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # missing CJK glyphs where no CJK font is installed
        fig.savefig(buffer, format="png", dpi=150)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _wrap(text: str, lang: str, width: int = 26) -> str:
    import textwrap

    return textwrap.fill(text, width // 2 if lang == "zh" else width)


def difference_figure(table: pd.DataFrame, outcomes: list[Outcome], names: dict[str, str], lang: str) -> Figure:
    """Paired change to the reference with its 95% CI: one small panel per outcome, one row per other scenario."""
    others = [s for s in names if s != table["reference"].iat[0]]
    fig = Figure(figsize=(7.2, 0.45 + 0.42 * len(others) + 0.9))
    axes = fig.subplots(1, max(len(outcomes), 1), squeeze=False).ravel()
    for ax, spec in zip(axes, outcomes, strict=False):
        rows = table[table["outcome"] == spec.name].set_index("scenario")
        ys = np.arange(len(others))[::-1]
        for y, scenario in zip(ys, others, strict=True):
            row = rows.loc[scenario]
            low, high = row["diff_ci_low"], row["diff_ci_high"]
            err = [[row["diff"] - low], [high - row["diff"]]] if not (np.isnan(low) or np.isnan(high)) else None
            ax.errorbar(row["diff"], y, xerr=err, fmt="o", color="#2a6f97", ms=4, capsize=2.5, lw=1.2)
        ax.axvline(0, color="#999999", lw=0.9, ls="--")
        ax.set_yticks(ys, [names[s] for s in others] if ax is axes[0] else [""] * len(others), fontsize=7,
                      fontfamily=FONTS)
        ax.set_ylim(-0.7, len(others) - 0.3)
        better = "" if spec.higher_is_better is None else (" ↑" if spec.higher_is_better else " ↓")
        ax.set_title(_wrap(spec.label(lang) + better, lang, 22), fontsize=7, fontfamily=FONTS)
        ax.tick_params(axis="x", labelsize=6)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=3))
        ax.grid(axis="x", alpha=0.3)
    fig.subplots_adjust(left=0.1, right=0.99, top=1 - 0.55 / fig.get_figheight(), bottom=0.3 / fig.get_figheight(),
                        wspace=0.35)
    return fig


def timeseries_figure(runs: pd.DataFrame, outcomes: list[Outcome], names: dict[str, str], lang: str) -> Figure:
    """The outcomes week by week, mean over replicates, one line per scenario."""
    colours = ["#444444", "#2a6f97", "#cc5500", "#2e7d32", "#7b1fa2", "#b8860b"]
    fig = Figure(figsize=(7.2, 2.0))
    axes = fig.subplots(1, max(len(outcomes), 1), squeeze=False).ravel()
    means = runs.groupby(["scenario", "step"], observed=True)[[s.name for s in outcomes]].mean()
    for spec in outcomes:  # flows (this week's rates) are noisy: a moving mean, as in the app's charts
        if spec.kind == "flow":
            means[spec.name] = means.groupby(level=0, observed=True)[spec.name].transform(
                lambda x: x.rolling(SMOOTH, min_periods=1).mean())
    for ax, spec in zip(axes, outcomes, strict=False):
        for i, scenario in enumerate(names):
            if scenario in means.index.get_level_values(0):
                series = means.loc[scenario, spec.name]
                ax.plot(series.index, series.to_numpy(), color=colours[i % len(colours)], lw=1.2,
                        label=f"{_letters(len(names))[i]}")
        ax.set_title(_wrap(spec.label(lang), lang, 22), fontsize=7, fontfamily=FONTS)
        ax.set_xlabel(i18n.t("brief_week", lang), fontsize=6, fontfamily=FONTS)
        ax.tick_params(labelsize=6)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=6, loc="best")
    fig.subplots_adjust(left=0.06, right=0.99, top=0.78, bottom=0.2, wspace=0.45)
    return fig


# -- content ----------------------------------------------------------------------------------------------

def _scenario_texts(source: str, name: str, lang: str) -> dict[str, str]:
    """Title, description and source text of a scenario (its name alone if its file is gone)."""
    from smartgov.scenarios import load

    try:
        scenario = load(source)
    except (InputError, OSError):
        return {"title": name, "description": "", "source": ""}
    return {"title": i18n.pick(scenario.title, lang), "description": i18n.pick(scenario.description, lang),
            "source": scenario.source}


def _parameter_row(name: str, values: list[Any], lang: str) -> dict[str, Any]:
    field = PARAMETERS.get(name)
    meta = field.metadata if field is not None else {}
    return {"name": name, "label": meta.get(lang, name), "values": [_value(v) for v in values],
            "unit": i18n.unit(meta.get("unit", ""), lang), "source": meta.get("source", "")}


def _event_text(event: dict[str, Any], lang: str) -> str:
    """One timeline event as its scenario file writes it (``week 52: breach {vendor: null, share: null}``)."""
    def value(v: Any) -> str:
        if isinstance(v, dict):
            return "{" + ", ".join(f"{k}: {value(x)}" for k, x in v.items()) + "}"
        return "null" if v is None else _value(v)

    body = ", ".join(f"{k} {value(v)}" for k, v in event.items() if k != "week")
    return f"{i18n.t('brief_event_week', lang, w=event.get('week'))}: {body}"


def check_table(table: pd.DataFrame) -> None:
    """The comparison table has the columns a brief reads (what :func:`comparison_table` makes)."""
    missing = [c for c in (*TABLE_COLUMNS, "reference") if c not in table.columns]
    if missing:
        raise BriefError(f"comparison table: column {missing[0]!r} is missing; expected the table of "
                         "`smartgov compare` (comparison.parquet)", field=missing[0], allowed="comparison.parquet")


def brief_context(table: pd.DataFrame, manifest: dict[str, Any], lang: str, *, runs: pd.DataFrame | None = None,
                  folder: str = "OUT", now: datetime | None = None, command: str | None = None) -> dict[str, Any]:
    """Everything the template shows, in ``lang``: plain data, no HTML. ``command``: the reproducing command when
    it is not the manifest design's own (the web app's comparison names saved scenario files)."""
    check_lang(lang)
    check_table(table)
    design = manifest["design"]
    names = list(dict.fromkeys(table["scenario"].astype(str)))
    reference = str(table["reference"].iat[0])
    names = [reference, *[n for n in names if n != reference]]
    sources = dict(zip(names, design.get("scenarios") or names, strict=False))
    letters = dict(zip(names, _letters(len(names)), strict=True))
    t = lambda key, **values: i18n.t(key, lang, **values)  # noqa: E731  (the template's one translation function)

    scenarios = [{"name": n, "letter": letters[n], **_scenario_texts(sources.get(n, n), n, lang)} for n in names]
    titles = {s["name"]: s["title"] for s in scenarios}
    parameters = manifest.get("parameters") or {}
    keys = list(dict.fromkeys(k for n in names for k in parameters.get(n, {})))
    differing = [k for k in keys if len({repr(parameters.get(n, {}).get(k)) for n in names}) > 1]
    differences = [_parameter_row(k, [parameters.get(n, {}).get(k) for n in names], lang) for k in differing]
    events = {n: [_event_text(e, lang) for e in (manifest.get("events") or {}).get(n, [])] for n in names}

    table = table.assign(scenario=table["scenario"].astype(str))
    present = set(table["outcome"])
    key_outcomes = [s for s in metrics.headline() if s.name in present]
    other_outcomes = [s for s in metrics.summary() if s.name in present and not s.headline]

    def result_row(spec: Outcome, scenario: str) -> dict[str, Any]:
        rows = table[table["outcome"] == spec.name].set_index("scenario")
        a, b = rows.loc[reference], rows.loc[scenario]
        return {"name": spec.name, "label": spec.label(lang), "unit": i18n.unit(spec.unit, lang),
                "better": {True: t("brief_better_higher"), False: t("brief_better_lower"), None: ""}[
                    spec.higher_is_better],
                "a": _number(spec, a["mean"], lang=lang), "a_ci": _ci(spec, a["ci_low"], a["ci_high"], lang),
                "b": _number(spec, b["mean"], lang=lang), "b_ci": _ci(spec, b["ci_low"], b["ci_high"], lang),
                "change": _number(spec, b["diff"], True, lang),
                "change_ci": _ci(spec, b["diff_ci_low"], b["diff_ci_high"], lang, signed=True),
                "verdict": verdict(spec, b["diff"], b["diff_ci_low"], b["diff_ci_high"], lang)}

    comparisons = [{"name": n, "letter": letters[n], "title": titles[n],
                    "key": [result_row(s, n) for s in key_outcomes],
                    "other": [result_row(s, n) for s in other_outcomes]} for n in names[1:]]
    replicates = int(design["replicates"])
    fixed_params = parameters.get(reference, {})
    posterior = design.get("posterior") or {}
    def setting(key: str, value: str) -> dict[str, Any]:
        return {"name": "", "label": t(key), "value": value, "unit": "", "source": ""}

    assumptions = [
        setting("brief_replicates", str(replicates)), setting("brief_weeks", str(design["steps"])),
        setting("brief_window", t("brief_window_value", n=design["summary_window"])),
        setting("brief_uncertainty", t("brief_uncertainty_posterior", file=posterior["file"])
                if posterior.get("file") else t("brief_uncertainty_none")),
        *[{**_parameter_row(k, [fixed_params[k]], lang), "value": _value(fixed_params[k])} for k in CONTEXT_PARAMETERS
          if k in fixed_params and k not in differing],
    ]
    limits = [t("brief_limit_model"), t("brief_limit_calibration"),
              t("brief_limit_intervals", posterior=t("brief_limit_posterior") if posterior else "")]
    if replicates < FEW_REPLICATES:
        limits.append(t("brief_limit_few", n=replicates))

    figures = []
    if key_outcomes and len(names) > 1:
        short = {n: f"{letters[n]}" for n in names}
        figures.append({"src": _png(difference_figure(table, key_outcomes, short, lang)),
                        "caption": t("brief_fig_diff", n=len(figures) + 1)})
        if runs is not None and not runs.empty:
            figures.append({"src": _png(timeseries_figure(runs, key_outcomes, short, lang)),
                            "caption": t("brief_fig_time", n=len(figures) + 1, k=SMOOTH)})

    code = manifest.get("code") or {}
    a_title = titles[reference]
    punctuation = ({"colon": "：", "open": "（", "sep": "；", "close": "）"} if lang == "zh"
                   else {"colon": ": ", "open": " (", "sep": "; ", "close": ")"})
    b_titles = [f"“{titles[n]}”{punctuation['open']}{letters[n]}{punctuation['close']}" for n in names[1:]]
    now = now or datetime.now(UTC)
    return {
        "lang": lang, "t": t, "p": punctuation, "html_lang": "zh-CN" if lang == "zh" else "en",
        "title": t("brief_title"),
        "subtitle": t("brief_versus", b=t("brief_or").join(f"“{titles[n]}”" for n in names[1:]), a=f"“{a_title}”"),
        "generated": t("brief_generated", date=now.strftime("%Y-%m-%d"), version=smartgov.__version__),
        "date": now.strftime("%Y-%m-%d"), "version": smartgov.__version__, "fonts": FONT_STACK[lang],
        "question": t("brief_question", a=a_title, bs=t("brief_or").join(b_titles), n=replicates,
                      citizens=f"{fixed_params.get('n_citizens', '?'):,}" if isinstance(
                          fixed_params.get("n_citizens"), int) else "?",
                      weeks=design["steps"], window=design["summary_window"]),
        "scenarios": scenarios, "letters": [letters[n] for n in names], "differences": differences, "events": events,
        "comparisons": comparisons, "assumptions": assumptions, "limits": limits, "figures": figures,
        "command": command or compare_command(design, folder, wrap=True),
        "brief_command": shlex.join(["smartgov", "brief", folder, "--lang", lang]),
        "manifest": [(t("brief_version"), manifest.get("smartgov_version") or t("brief_unknown")),
                     (t("brief_commit"), (code.get("git_commit") or t("brief_unknown"))
                      + (" (modified)" if code.get("git_dirty") else "")),
                     (t("brief_created"), manifest.get("created") or t("brief_unknown")),
                     (t("brief_seed"), str(design["seed"])),
                     (t("brief_seeds"), ", ".join(str(s) for s in (manifest.get("replicate_seeds") or [])[:6])
                      + (" …" if len(manifest.get("replicate_seeds") or []) > 6 else "")),
                     (t("brief_digest"), str(manifest.get("digest") or t("brief_unknown")))],
    }


# -- rendering --------------------------------------------------------------------------------------------

def brief_html(table: pd.DataFrame, manifest: dict[str, Any], lang: str, *, runs: pd.DataFrame | None = None,
               folder: str = "OUT", now: datetime | None = None, command: str | None = None) -> str:
    """The brief as one self-contained HTML document (figures inline) in ``lang`` ('en' or 'zh').

    ``table``: the comparison table (``comparison.parquet``); ``manifest``: the comparison's manifest.json;
    ``runs``: optionally every run's weekly outcomes (adds the week-by-week figure); ``folder``: the ``--out``
    shown in the reproducing command.
    """
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.get_template(TEMPLATE).render(**brief_context(table, manifest, lang, runs=runs, folder=folder,
                                                             now=now, command=command))


def brief_pdf(html: str) -> bytes:
    """The brief's HTML laid out as PDF pages (A4) by WeasyPrint."""
    import logging

    from weasyprint import HTML

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # font subsetting chatter
    return HTML(string=html).write_pdf()


def render_brief(table: pd.DataFrame, manifest: dict[str, Any], lang: str, *, runs: pd.DataFrame | None = None,
                 folder: str = "OUT", command: str | None = None) -> tuple[str, bytes]:
    """The brief in ``lang`` as (HTML text, PDF bytes): what the CLI writes and the web app offers."""
    html = brief_html(table, manifest, lang, runs=runs, folder=folder, command=command)
    return html, brief_pdf(html)
