"""No user can hurt another (issue 11): while one session plays, another drops a valid scenario file asking for a
million citizens. The file is refused before any model is built: the uploader is told why (field, value, limit),
keeps the run and the picker it had, and the playing session keeps advancing."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

MILLION = """
title: {en: A million citizens, zh: 一百万居民}
description: {en: Far more than a shared page can run., zh: 远超共享网页能运行的规模。}
watch: {en: Nothing - it should be refused., zh: 无——应被拒绝。}
parameters: {n_citizens: 1000000}
"""

DROP = """([text, name]) => {
    // Solara's FileDrop reads event.dataTransfer.items[i].webkitGetAsEntry(); a script cannot make a real drag
    // from disk, so the entry is a stand-in that hands over a real File (read by the component as in a real drop)
    const file = new File([text], name, {type: "application/x-yaml"});
    const entry = {isFile: true, file: (resolve) => resolve(file)};
    const event = new Event("drop", {bubbles: true, cancelable: true});
    Object.defineProperty(event, "dataTransfer", {value: {items: [{webkitGetAsEntry: () => entry}]}});
    document.querySelector(".solara-file-drop").dispatchEvent(event);
}"""


def week(page: Page) -> int:
    return int(re.sub(r"\D", "", page.locator(".sg-week").inner_text()))


def open_session(browser: Browser, url: str, context_args: dict) -> Page:
    """A new browser context is a new server session (its own reactive state)."""
    page = browser.new_context(**context_args).new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    page.locator(".sg-week").get_by_text("Week 0").wait_for()
    return page


def test_a_million_citizen_upload_neither_stalls_another_session_nor_leaves_the_uploader_confused(
        browser: Browser, server, browser_context_args: dict):
    url, _ = server
    player = open_session(browser, url, browser_context_args)
    uploader = open_session(browser, url, browser_context_args)
    try:
        player.locator(".sg-play").click()
        expect(player.locator(".sg-week")).not_to_have_text("Week 0")
        uploader.get_by_text("Your own scenario file").click()
        uploader.locator(".solara-file-drop").wait_for()
        at_drop = week(player)
        uploader.evaluate(DROP, [MILLION, "million.yaml"])

        # the uploader is told which field, which value and what is allowed (15 s: expect's timeout here)
        message = uploader.locator(".sg-message-error")
        expect(message).to_contain_text("n_citizens = 1000000")
        expect(message).to_contain_text("at most 5000")
        # the playing session kept going: at least 5 more weeks (1 s at the default 5 weeks per second) within
        # the same timeout, and it saw no message
        player.wait_for_function(f"() => parseInt(document.querySelector('.sg-week').innerText.replace(/\\D/g, ''))"
                                 f" >= {at_drop + 5}", timeout=15_000)
        expect(player.locator(".sg-message")).to_have_count(0)

        # the uploader's picker and run still agree: the baseline, and Step still works
        expect(uploader.locator(".sg-scenario-select")).to_contain_text("Baseline")
        expect(uploader.locator(".sg-cli")).to_contain_text("--scenario baseline")
        expect(uploader.locator(".sg-cli")).to_contain_text(re.compile(r"--n-citizens 1000(\s|$)"))
        uploader.locator(".sg-step").click()
        expect(uploader.locator(".sg-week")).to_have_text("Week 1")
    finally:  # closing a page ends its session (and its play loop)
        player.context.close()
        uploader.context.close()
