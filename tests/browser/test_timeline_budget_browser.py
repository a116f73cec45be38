"""The policy timeline and the budget panel in a real Chromium: an event added in the sidebar changes the run
from its week on and travels into the printed command and the link; the budget panel lists what the week's money
pays for; budget-neutral mode is one switch."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def week(page: Page) -> int:
    return int(re.sub(r"\D", "", page.locator(".sg-week").inner_text()))


def test_an_event_from_the_editor_plays_and_is_in_the_command_and_the_link(app: Page):
    app.get_by_text("Policy timeline").click()
    expect(app.locator(".sg-timeline")).to_contain_text("No events")
    app.locator(".sg-timeline-week input").fill("2")
    app.locator(".sg-timeline-value input").fill("online_only")
    app.locator(".sg-timeline-add").click()
    expect(app.locator(".sg-timeline-event")).to_contain_text("Week 2: Service rule → online_only")
    expect(app.locator(".sg-cli")).to_contain_text('--event \'{"week": 2, "set": {"service_rule": "online_only"}}\'')
    app.wait_for_function("() => decodeURIComponent(location.search).includes('\"service_rule\":\"online_only\"')")
    # a malformed value is named under the form and changes nothing
    app.locator(".sg-timeline-week input").fill("two")
    app.locator(".sg-timeline-add").click()
    expect(app.locator(".sg-timeline-error")).to_contain_text("'week' = 'two'")
    expect(app.locator(".sg-timeline-event")).to_have_count(1)
    app.locator(".sg-timeline-remove").click()
    expect(app.locator(".sg-timeline-event")).to_have_count(0)
    expect(app.locator(".sg-cli")).not_to_contain_text("--event")


def test_the_budget_panel_shows_the_weeks_lines_and_switches_to_budget_neutral(app: Page):
    app.get_by_text("Budget and cost-effectiveness").click()
    expect(app.locator(".sg-budget")).to_contain_text("Step once")
    app.locator(".sg-step").click()
    expect(app.locator(".sg-week")).to_have_text("Week 1")
    table = app.locator(".sg-budget-table")
    expect(table).to_contain_text("Case handling")
    expect(table.locator("tbody tr").last).to_contain_text("Total")
    expect(app.locator(".sg-cost-cards .sg-kpi-cost_per_need_met .sg-kpi-value")).not_to_have_text("–")
    app.locator(".sg-budget-neutral .v-input--selection-controls__ripple").click()  # what a user clicks
    expect(app.locator(".sg-cli")).to_contain_text("budget_mode=neutral")
