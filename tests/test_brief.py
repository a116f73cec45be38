"""`smartgov brief`: the policy brief of a comparison, as HTML and as PDF pages checked by rendering them.

One tiny real comparison (2 scenarios, 100 citizens, 2 replicates, 6 weeks, no burn-in) feeds every test; the
PDFs are rendered to images with pypdfium2 and their text extracted, in English and in Chinese.
"""

from __future__ import annotations

import json
import math
import shlex
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pypdfium2 as pdfium
import pytest

import smartgov
from smartgov.cli import build_parser, main
from smartgov.experiments.compare import comparison_design, load_comparison
from smartgov.model import metrics
from smartgov.options import parse_overrides
from smartgov.viz import brief

SCENARIOS = ("baseline", "human_centred")
TITLES = {"en": ("Baseline: today's smart city", "Human-centred smart governance"),
          "zh": ("基准情景：当下的智慧城市", "有温度的智慧治理")}


@pytest.fixture(scope="module")
def compare_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("brief") / "cmp"
    assert main(["compare", *SCENARIOS, "--replicates", "2", "--steps", "6", "--n-citizens", "100", "--set",
                 "burn_in_weeks=0", "--out", str(out), "--no-progress", "--no-figures"]) == 0
    return out


@pytest.fixture(scope="module")
def briefs(compare_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("brief") / "brief"
    assert main(["brief", str(compare_dir), "--out", str(out)]) == 0
    return out


def pdf_pages(path: Path) -> list[str]:
    """Each page's text, whitespace collapsed (a line break inside a phrase is a space)."""
    doc = pdfium.PdfDocument(path)
    return [" ".join(page.get_textpage().get_text_range().split()) for page in doc]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_pdf_has_the_question_results_command_and_language(briefs: Path, lang: str) -> None:
    pages = pdf_pages(briefs / f"brief.{lang}.pdf")
    assert 2 <= len(pages) <= 6, f"{len(pages)} pages"
    text = " ".join(pages)
    for title in TITLES[lang]:
        assert title in pages[0], title  # the question names both scenarios on page 1
    first = metrics.headline()[0]
    assert first.label(lang) in pages[0]
    ci = "95% CI" if lang == "en" else "95% 置信区间"
    assert ci in pages[0] and (" to " if lang == "en" else " 至 ") in pages[0]
    verdicts = [brief.i18n.t(k, lang) for k in ("brief_v_none", "brief_v_higher_better", "brief_v_lower_worse",
                                               "brief_v_higher_worse", "brief_v_lower_better")]
    assert any(v in pages[0] for v in verdicts)
    assert "smartgov compare baseline human_centred \\ --replicates 2 --steps 6 --seed 1 --n-citizens 100" in text
    assert f"smartgov {smartgov.__version__}" in pages[0]
    if lang == "zh":
        assert "政策简报" in text and "局限" in text
    else:
        assert "Limitations" in text and "政策简报" not in text
    assert "CNNIC" in text  # a parameter's source (excluded_share) among the key assumptions


def test_page_one_renders_to_an_a4_image_with_ink(briefs: Path) -> None:
    page = pdfium.PdfDocument(briefs / "brief.zh.pdf")[0]
    pixels = np.asarray(page.render(scale=1).to_pil().convert("L"))
    height, width = pixels.shape
    assert math.isclose(height / width, 297 / 210, rel_tol=0.01)  # A4 portrait
    dark = float((pixels < 128).mean())
    assert 0.01 < dark < 0.5, f"share of dark pixels {dark:.3f}"  # text and a figure, not blank, not black


def test_html_is_one_self_contained_document_per_language(briefs: Path) -> None:
    assert sorted(p.name for p in briefs.iterdir()) == ["brief.en.html", "brief.en.pdf", "brief.zh.html",
                                                        "brief.zh.pdf"]
    for lang, tag in (("en", '<html lang="en">'), ("zh", '<html lang="zh-CN">')):
        html = (briefs / f"brief.{lang}.html").read_text(encoding="utf-8")
        assert tag in html and html.count('src="data:image/png;base64,') == 2  # differences and week by week
        assert "{{" not in html and "http://" not in html and "https://" not in html
        for spec in metrics.headline():
            assert spec.label(lang) in html
        assert "proxy_help" in html  # a parameter human_centred sets differently, with its source
    assert (briefs / "brief.en.pdf").read_bytes()[:5] == b"%PDF-"


def test_the_printed_command_runs_the_same_design(compare_dir: Path) -> None:
    manifest = json.loads((compare_dir / "manifest.json").read_text(encoding="utf-8"))
    odd = comparison_design(list(SCENARIOS), replicates=3, steps=6, master_seed=7, window=2,
                            overrides={"outreach_share": 0.15, "network": "scale_free", "n_citizens": 120})
    for design, digest in ((manifest["design"], manifest["digest"]), (odd.to_dict(), odd.digest())):
        line = brief.compare_command(design, "out dir")
        assert brief.compare_command(design, "out dir", wrap=True).replace(" \\\n    ", " ") == line
        argv = shlex.split(line)
        assert argv[:2] == ["smartgov", "compare"] and argv[-1] == "out dir"
        args = build_parser("compare").parse_args(argv[1:])
        overrides = parse_overrides(args.overrides)
        if args.n_citizens is not None:
            overrides["n_citizens"] = args.n_citizens
        again = comparison_design(args.scenarios, replicates=args.replicates, steps=args.steps,
                                  master_seed=args.seed, overrides=overrides, window=args.window)
        assert again.digest() == digest


@pytest.mark.parametrize(("diff", "low", "high", "better", "expected"), [
    (0.02, -0.01, 0.05, True, "no clear difference"),
    (0.02, 0.01, 0.03, True, "higher (better)"),
    (0.02, 0.01, 0.03, False, "higher (worse)"),
    (-0.02, -0.03, -0.01, False, "lower (better)"),
    (-0.02, -0.03, -0.01, None, "lower"),
    (0.0, 0.0, 0.0, True, "no clear difference"),
    (0.5, math.nan, math.nan, True, "no clear difference"),
])
def test_verdict_in_words(diff: float, low: float, high: float, better: bool | None, expected: str) -> None:
    spec = metrics.Outcome("x", lambda m: 0.0, "x", "x", "", better, "stock")
    assert brief.verdict(spec, diff, low, high, "en") == expected


def test_library_renders_from_data_frames_without_runs(compare_dir: Path) -> None:
    table, manifest, _ = load_comparison(compare_dir, with_runs=False)
    html = brief.brief_html(table, manifest, "zh")
    assert html.count('src="data:image/png;base64,') == 1 and TITLES["zh"][1] in html
    with pytest.raises(ValueError, match=r"lang = 'fr' is not allowed; expected one of en, zh"):
        brief.brief_html(table, manifest, "fr")
    with pytest.raises(ValueError, match=r"column 'diff' is missing"):
        brief.brief_html(table.drop(columns=["diff"]), manifest, "en")


def _edited_manifest(compare_dir: Path, target: Path) -> Path:
    target.mkdir()
    meta = json.loads((compare_dir / "manifest.json").read_text(encoding="utf-8"))
    meta["design"]["method"] = "grid"
    (target / "manifest.json").write_text(json.dumps(meta), encoding="utf-8")
    return target


@pytest.mark.parametrize(("case", "needle"), [
    ("missing", "COMPARE_DIR = '{src}' is not allowed: no such folder"),
    ("long", "…' is not allowed: no such folder"),
    ("empty", "COMPARE_DIR = '{src}' is not allowed: no manifest.json"),
    ("unfinished", "no comparison.parquet"),
    ("edited", "COMPARE_DIR = '{src}' is not allowed"),
    ("run", "COMPARE_DIR = '{src}' is not allowed: it holds a 'run' result (manifest.json), not a comparison"),
    ("lang", "--lang = 'fr' is not allowed; expected one of en, zh, both"),
    ("out_is_file", "--out = '{out}' is not allowed; expected a folder"),
])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(compare_dir: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str], case: str,
                                                            needle: str) -> None:
    src, out, lang = compare_dir, tmp_path / "out", "en"
    if case == "missing":
        src = tmp_path / "nope"
    elif case == "long":  # a name the file system refuses, shortened in the message
        src = tmp_path / ("x" * 5000)
    elif case == "empty":
        src = tmp_path / "empty"
        src.mkdir()
    elif case == "unfinished":
        src = tmp_path / "unfinished"
        src.mkdir()
        shutil.copy(compare_dir / "manifest.json", src / "manifest.json")
    elif case == "edited":
        src = _edited_manifest(compare_dir, tmp_path / "edited")
    elif case == "run":  # the folder of `smartgov run`
        src = tmp_path / "run"
        src.mkdir()
        (src / "manifest.json").write_text(json.dumps({"kind": "run", "smartgov_version": "0.1.0"}),
                                           encoding="utf-8")
    elif case == "lang":
        lang = "fr"
    elif case == "out_is_file":
        out.write_text("not a folder")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    assert main(["brief", str(src), "--out", str(out), "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert needle.format(src=src, out=out) in err and err.count("\n") == 1 and len(err) < 400, err
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing written, no staging folder left
    assert not any(p.name.startswith("brief.") for p in compare_dir.iterdir())


def test_summaries_and_table_agree_with_the_brief_numbers(compare_dir: Path) -> None:
    # the brief shows the table's numbers: its mean for the first headline outcome of A, formatted by the registry
    table, manifest, _ = load_comparison(compare_dir, with_runs=False)
    first = metrics.headline()[0]
    row = table[(table["scenario"] == "baseline") & (table["outcome"] == first.name)].iloc[0]
    summaries = pd.read_parquet(compare_dir / "summaries.parquet")
    assert math.isclose(row["mean"], summaries.loc[summaries["scenario"] == "baseline", first.name].mean())
    context = brief.brief_context(table, manifest, "en")
    assert context["comparisons"][0]["key"][0]["a"] == first.format(row["mean"])
