"""The replicated Compare A/B in a real headless Chromium: a refused request (no work), a tiny comparison (N = 100
via the sidebar, 2 paired runs of 6 weeks) that shows its progress, then the verdicts, the band chart (Plotly,
drawn in the browser) and the exports; and one that is cancelled."""

from __future__ import annotations

import re

import pandas as pd
import pypdfium2 as pdfium
from playwright.sync_api import Page, expect

from smartgov.model import metrics

RUN_TIMEOUT = 180_000  # ms: a cold N = 100 run spends seconds on its burn-in; CI machines are shared


def small_population(page: Page) -> None:
    field = page.locator(".sg-input-n_citizens input")
    field.fill("100")
    field.press("Enter")
    # the rebuild at N = 100 includes its burn-in (seconds on a busy machine); "1000" must not pass for "100"
    expect(page.locator(".sg-cli")).to_contain_text(re.compile(r"--n-citizens 100(\s|$)"), timeout=RUN_TIMEOUT)
    page.locator(".sg-tab-compare").click()


def ask(page: Page, replicates: str, weeks: str) -> None:
    page.locator(".sg-rep-replicates input").fill(replicates)
    page.locator(".sg-rep-weeks input").fill(weeks)
    page.locator(".sg-rep-run").click()


def snap(page: Page, shots, name: str) -> None:
    page.wait_for_timeout(500)  # let the charts paint
    page.screenshot(path=shots / f"{name}.jpg", type="jpeg", quality=72, full_page=True)


def test_replicated_compare_shows_progress_then_verdicts_bands_and_exports(app: Page, shots):
    small_population(app)
    expect(app.locator(".sg-scenario-b")).not_to_contain_text("Baseline")  # B defaults to another scenario
    ask(app, "500", "6")
    expect(app.locator(".sg-rep-error")).to_contain_text("replicates = 500 is not allowed")
    expect(app.locator(".sg-rep-error")).to_contain_text("[2, 100]")
    expect(app.locator(".sg-rep-progress")).to_have_count(0)  # refused: nothing started

    ask(app, "2", "6")
    expect(app.locator(".sg-rep-progress-text")).to_contain_text("of 4 runs done")
    expect(app.locator(".sg-rep-cancel")).to_be_visible()
    verdicts = app.locator(".sg-rep-verdict")
    expect(verdicts).to_have_count(len(metrics.headline()), timeout=RUN_TIMEOUT)
    expect(verdicts.first).to_contain_text("over 2 paired runs")
    expect(app.locator(".sg-rep-bands .js-plotly-plot")).to_be_visible()
    expect(app.locator(".sg-rep-diffs .js-plotly-plot")).to_be_visible()
    expect(app.locator(".sg-rep-bands .legendtext")).to_have_count(2)  # the traces arrived (SVG: no innerText)
    assert app.locator(".sg-rep-bands .legendtext").all_text_contents() == ["A", "B"]
    assert app.locator(".sg-rep-diffs .scatterlayer .trace").count() >= len(metrics.headline())
    expect(app.locator(".sg-rep-cli")).to_contain_text("smartgov compare baseline human_centred --replicates 2")
    snap(app, shots, "compare")
    with app.expect_download() as download:
        app.locator(".sg-rep-export").get_by_text("Per-run means (CSV)").click()
    runs = pd.read_csv(download.value.path())
    assert sorted(runs["scenario"]) == ["A", "A", "B", "B"]
    assert (runs.groupby("replicate")["seed"].nunique() == 1).all()  # paired: A and B share each seed
    with app.expect_download(timeout=RUN_TIMEOUT) as download:  # the policy brief of this comparison, one click
        app.locator(".sg-rep-export").get_by_text("Policy brief (PDF)").click()
    brief = pdfium.PdfDocument(download.value.path())
    text = brief[0].get_textpage().get_text_range()
    assert "Policy brief" in text
    assert "Human-centred" in text or "human-centred" in text.lower(), text[:300]
    assert "95% CI" in text, text[:600]
    app.locator(".sg-lang-zh").click()
    expect(verdicts.first).to_contain_text("2 次配对运行", timeout=RUN_TIMEOUT)  # the whole page re-renders


def test_replicated_compare_can_be_cancelled(app: Page):
    small_population(app)
    ask(app, "20", "4")
    expect(app.locator(".sg-rep-progress-text")).to_contain_text("of 40 runs done")
    app.locator(".sg-rep-cancel").click()
    expect(app.locator(".sg-rep-cancelled")).to_contain_text("Cancelled after", timeout=RUN_TIMEOUT)
    expect(app.locator(".sg-rep-verdict")).to_have_count(0)
    expect(app.locator(".sg-rep-run")).to_be_enabled()
