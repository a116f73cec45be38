"""The web app in a real headless Chromium against the real server: load, pick, step, switch language, compare,
export, learn — and bad input that leaves the page working. Screenshots of each main view go to ``shots``."""

from __future__ import annotations

import json
import re
import shlex

import pandas as pd
from playwright.sync_api import Page, expect

from smartgov.cli import main as cli_main
from smartgov.scenarios import available, load
from smartgov.viz.lessons import LESSONS

OPEN_MENU = ".v-menu__content.menuable__content__active"  # an open Vuetify select menu (tooltips share the class)


def snap(page: Page, shots, name: str) -> None:
    """A screenshot of the current view (JPEG keeps the committed copies in docs/screenshots small)."""
    page.wait_for_timeout(300)  # let the last image paint
    page.screenshot(path=shots / f"{name}.jpg", type="jpeg", quality=72)


def week(page: Page, prefix: str = "sg") -> str:
    return page.locator(f".{prefix}-week").inner_text()


def kpi(page: Page, column: str) -> str:
    return page.locator(f".sg-kpi-{column} .sg-kpi-value").inner_text()


def step(page: Page, times: int, prefix: str = "sg") -> None:
    for _ in range(times):
        before = week(page, prefix)
        page.locator(f".{prefix}-step").click()
        expect(page.locator(f".{prefix}-week")).not_to_have_text(before)


def choose(page: Page, select_class: str, option_text: str) -> None:
    """Open a Vuetify select and click the option with this text."""
    page.locator(f".{select_class} .v-select__slot").first.click()
    page.locator(f"{OPEN_MENU} .v-list-item", has_text=option_text).first.click()
    page.locator(OPEN_MENU).wait_for(state="hidden")  # else the menu swallows the next click


def test_explore_steps_and_kpis_change(app: Page, shots):
    expect(app.locator(".sg-kpi")).to_have_count(5)
    trust, exposed = kpi(app, "trust"), kpi(app, "exposed_share")
    assert trust and exposed == "0.0%"
    step(app, 4)
    assert week(app) == "Week 4"
    assert kpi(app, "trust") != trust
    expect(app.locator(".sg-kpi-trust .sg-kpi-delta")).to_contain_text("since start")
    app.locator(".sg-colour-group").click()
    expect(app.get_by_text("blue = online (included)")).to_be_visible()
    snap(app, shots, "explore")
    app.locator(".sg-reset").click()
    expect(app.locator(".sg-week")).to_have_text("Week 0")


def test_play_runs_and_pause_stops(app: Page):
    app.locator(".sg-play").click()
    expect(app.locator(".sg-week")).to_have_text(re.compile(r"Week ([3-9]|\d\d+)"))
    app.locator(".sg-pause").click()
    expect(app.locator(".sg-play")).to_be_visible()
    app.wait_for_timeout(500)  # frames already on their way may still arrive
    stopped = week(app)
    app.wait_for_timeout(800)
    assert week(app) == stopped


def test_pick_a_scenario_shows_its_texts(app: Page):
    name = available()[-1]  # the last library scenario (the baseline if it is the only one)
    scenario = load(name)
    choose(app, "sg-scenario-select", scenario.title["en"])
    expect(app.locator(".sg-scenario-text")).to_contain_text(scenario.watch["en"][:40])
    expect(app.locator(".sg-week")).to_have_text("Week 0")
    step(app, 2)
    expect(app.locator(".sg-cli")).to_contain_text(f"--scenario {name}")


def test_language_switch_changes_every_view(app: Page, shots):
    step(app, 2)
    app.locator(".sg-lang-zh").click()
    expect(app.locator(".sg-week")).to_have_text("第 2 周")
    expect(app.locator(".sg-tab-explore")).to_have_text("探索")
    expect(app.locator(".sg-scenario-text")).to_contain_text(load("baseline").title["zh"])
    expect(app.get_by_text("人口与社会网络")).to_be_visible()
    expect(app.get_by_text("对政府的信任").first).to_be_visible()
    snap(app, shots, "explore_zh")
    app.locator(".sg-tab-lessons").click()
    expect(app.get_by_text(LESSONS[0].title["zh"])).to_be_visible()
    app.locator(".sg-lang-en").click()
    expect(app.get_by_text(LESSONS[0].title["en"])).to_be_visible()


def test_bad_input_shows_a_message_and_the_app_keeps_working(app: Page, shots):
    field = app.locator(".sg-input-excluded_share input")
    field.fill("2")
    field.press("Enter")
    expect(app.locator(".sg-param-error")).to_contain_text("not allowed")
    field.fill("")
    field.press("Enter")
    expect(app.locator(".sg-param-error")).to_contain_text("is empty")
    app.get_by_text("Your own scenario file").click()
    app.locator(".sg-upload-text textarea").fill("title: [unclosed\n!!python/object/apply:os.system ['echo hi']")
    app.locator(".sg-upload-load").click()
    expect(app.locator(".sg-message-error")).to_contain_text("cannot be used")
    snap(app, shots, "bad_input")
    step(app, 2)  # still working, still the baseline
    expect(app.locator(".sg-cli")).to_contain_text("--scenario baseline")


def test_compare_runs_two_policies_side_by_side(app: Page, shots):
    app.get_by_text("Participation and service").click()  # open the parameter group
    choose(app, "sg-param-service_rule", "online only")  # the label; the CLI takes the code name
    expect(app.locator(".sg-cli")).to_contain_text("service_rule=online_only")
    app.locator(".sg-tab-compare").click()
    app.locator(".sg-mode-live").click()  # the live pair (the default view is the replicated comparison)
    choose(app, "sg-scenario-b", load("baseline").title["en"])
    expect(app.locator(".sg-cmp-week")).to_have_text("Week 0")
    step(app, 8, prefix="sg-cmp")
    expect(app.locator(".sg-diff-image")).to_be_visible()
    rows = app.locator("table tbody tr")
    expect(rows).to_have_count(5)
    differences = [rows.nth(i).locator("td").last.inner_text() for i in range(5)]
    assert any(d.strip("+−-%0.,") for d in differences), differences  # some difference is not zero
    snap(app, shots, "compare_live")
    with app.expect_download() as download:
        app.locator(".sg-compare-export").get_by_text("Time series (CSV)").click()
    both = pd.read_csv(download.value.path())
    assert sorted(both["run"].unique()) == ["A", "B"] and both["step"].max() == 8
    expect(app.locator(".sg-compare-cli")).to_contain_text("service_rule=online_only")


def test_export_reproduces_from_the_cli(app: Page, tmp_path, shots):
    step(app, 5)
    with app.expect_download() as csv_download:
        app.get_by_text("Time series (CSV)").click()
    csv_path = tmp_path / "app.csv"
    csv_download.value.save_as(csv_path)
    with app.expect_download() as manifest_download:
        app.get_by_text("Manifest (JSON)").click()
    manifest_path = tmp_path / "manifest.json"
    manifest_download.value.save_as(manifest_path)
    with app.expect_download() as png_download:
        app.get_by_text("Charts (PNG)").click()
    assert png_download.value.suggested_filename.endswith(".png")
    meta = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert meta["seed"] == 1 and meta["steps"] == 5
    command = shlex.split(meta["cli"])
    assert command == shlex.split(app.locator(".sg-cli").inner_text())
    assert cli_main([*command[1:], "--out", str(tmp_path / "cli")]) == 0
    pd.testing.assert_frame_equal(pd.read_csv(csv_path), pd.read_csv(tmp_path / "cli" / "timeseries.csv"))


def test_a_lesson_runs_predict_observe_discuss(app: Page, shots):
    app.locator(".sg-tab-lessons").click()
    lesson = LESSONS[0]
    card = app.locator(f".sg-lesson-{lesson.key}")
    expect(card.locator(f".sg-run-lesson-{lesson.key}")).to_be_disabled()  # predict first
    card.get_by_text("goes down").click()
    card.locator(f".sg-run-lesson-{lesson.key}").click()
    expect(card.get_by_text("You predicted: goes down")).to_be_visible()
    expect(card.locator(".sg-verdict-right")).to_contain_text("Your prediction was right")
    expect(card.get_by_text("4 · Discuss")).to_be_visible()
    expect(card.locator("table tbody tr")).to_have_count(len(lesson.show))
    card.scroll_into_view_if_needed()
    snap(app, shots, "lessons")


def test_about_page_lists_sources(app: Page, shots):
    app.locator(".sg-tab-about").click()
    expect(app.get_by_text("What happens each week")).to_be_visible()
    expect(app.get_by_text("CNNIC 55th report", exact=False).first).to_be_visible()
    snap(app, shots, "about")


def test_server_fetched_nothing_from_a_cdn(app: Page, server):
    _, log = server
    text = log.read_text(errors="replace")
    assert "Could not load URL" not in text
    assert "Traceback" not in text, text[-3000:]
    assert "Warning" not in text, text[-3000:]  # e.g. Solara's SameSite cookie warning (a page opened as 127.0.0.1)
