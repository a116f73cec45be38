"""Share by link in a real Chromium: a link opens the same view elsewhere, the address follows the page, a bad link
is named and changes nothing, and a link from another version says so."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Browser, Page, expect

import smartgov


def fresh_page(browser: Browser, context_args: dict, url: str) -> Page:
    """A new browser context is a new server session: nothing is shared with the page that made the link."""
    page = browser.new_context(**context_args).new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    return page


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_a_link_rebuilds_the_same_view_in_another_session(browser: Browser, server, browser_context_args: dict):
    url, _ = server
    link = (f"{url}?v={smartgov.__version__}&scenario=digital_only&set=outreach_share%3D0.3&seed=42&lang=zh"
            "&tab=compare&b=human_centred")
    page = fresh_page(browser, browser_context_args, link)
    try:
        expect(page.locator(".sg-tab-compare.v-tab--active")).to_be_visible()
        page.locator(".sg-tab-explore").click()
        cli = page.locator(".sg-cli")
        expect(cli).to_contain_text("--scenario digital_only")
        expect(cli).to_contain_text("outreach_share=0.3")
        expect(cli).to_contain_text("--seed 42")
        expect(page.locator(".sg-tab-explore")).to_contain_text("探索")  # Chinese, as the link said
        expect(page.locator(".sg-message")).to_have_count(0)  # same version: nothing to warn about
        # the address follows the page: a new seed is in the link at once
        seed = page.locator(".sg-seed input")
        seed.fill("7")
        seed.press("Enter")
        expect(cli).to_contain_text("--seed 7")
        page.wait_for_function("() => location.search.includes('seed=7')")
        shared = query(page)
        assert shared["scenario"] == ["digital_only"] and shared["set"] == ["outreach_share=0.3"], shared
        assert "tab" not in shared and "b" not in shared, shared  # Explore is the default tab; B belongs to Compare
        again = fresh_page(browser, browser_context_args, page.url)  # the updated link opens the same run
        expect(again.locator(".sg-cli")).to_contain_text("--seed 7")
        expect(again.locator(".sg-cli")).to_contain_text("outreach_share=0.3")
        again.context.close()
    finally:
        page.context.close()


def test_a_bad_link_is_named_and_the_page_still_works(browser: Browser, server, browser_context_args: dict):
    url, _ = server
    page = fresh_page(browser, browser_context_args, f"{url}?scenario=digital_only&set=n_citizens%3D1000000")
    try:
        message = page.locator(".sg-message-error")
        expect(message).to_contain_text("n_citizens = 1000000")
        expect(message).to_contain_text("at most 5000")
        expect(page.locator(".sg-cli")).to_contain_text("--scenario baseline")  # the link changed nothing
        page.locator(".sg-step").click()
        expect(page.locator(".sg-week")).to_have_text("Week 1")
    finally:
        page.context.close()


def test_a_link_from_another_version_opens_with_a_warning(browser: Browser, server, browser_context_args: dict):
    url, _ = server
    page = fresh_page(browser, browser_context_args, f"{url}?v=0.0.1&scenario=human_centred&seed=3")
    try:
        expect(page.locator(".sg-message-warning")).to_contain_text("smartgov 0.0.1")
        expect(page.locator(".sg-cli")).to_contain_text("--scenario human_centred")
    finally:
        page.context.close()
