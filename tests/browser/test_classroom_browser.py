"""Classroom mode in real Chromium (issue 12): a teacher and 10 students, each in their own browser context.

They join with the code, decide, the teacher runs the round and every student sees it; one student types garbage
(a wrong code, markup as a name, raw bytes to the server's websocket) and one leaves mid-round: the room and the
other pages carry on.
"""

from __future__ import annotations

import re
import time

from playwright.sync_api import Browser, Page, expect

STUDENTS = 10


def open_page(browser: Browser, url: str, context_args: dict) -> Page:
    """A new context (a new server session); not waiting for the load lets the pages load side by side."""
    page = browser.new_context(**context_args).new_page()
    page.set_default_timeout(30_000)
    page.goto(url, wait_until="commit")
    return page


def join(page: Page, code: str, name: str) -> None:
    page.locator(".sg-cls-code-input input").fill(code)
    page.locator(".sg-cls-name-input input").fill(name)
    page.locator(".sg-cls-join").click()


def test_a_class_of_ten_joins_decides_and_sees_the_round(browser: Browser, server, browser_context_args: dict):
    url, _ = server
    start = time.monotonic()

    def mark(label: str) -> None:  # stage times, shown with -s (not asserted: no timed tests)
        print(f"{label}: {time.monotonic() - start:.1f} s")

    teacher = open_page(browser, url + "classroom", browser_context_args)
    pages: list[Page] = []
    try:
        teacher.locator(".sg-cls-open").click()
        code = teacher.locator(".sg-cls-code").inner_text(timeout=60_000).strip()
        assert re.fullmatch(r"[2-9A-HJKMNP-Z]{8}", code), code
        expect(teacher.locator(".sg-cls-qr svg")).to_be_visible()

        mark("room open")
        # the join link carries the code: the first student arrives through it, the others type it
        pages = [open_page(browser, f"{url}join?code={code}" if i == 0 else url + "join", browser_context_args)
                 for i in range(STUDENTS)]
        garbage = pages[-1]
        join(garbage, "ZZZZZZZZ", "x")
        expect(garbage.locator(".sg-cls-error")).to_contain_text("No open room has this code")
        garbage.evaluate("""() => new Promise(done => {  // malformed frames straight to the server
            const ws = new WebSocket(`ws://${location.host}/jupyter/api/kernels/nope/channels?session_id=x`);
            ws.onopen = () => { ws.send("\\u0000{not json"); ws.send(new Uint8Array([0, 255, 7])); ws.close(); };
            ws.onerror = ws.onclose = () => done(); setTimeout(done, 2000); })""")
        for i, page in enumerate(pages):
            name = "<b>Bo</b>" if page is garbage else f"Student {i}"
            if i == 0:
                page.locator(".sg-cls-name-input input").fill(name)
                page.locator(".sg-cls-join").click()
            else:
                join(page, code.lower(), name)
        for page in pages:
            expect(page.locator(".sg-cls-you")).to_be_visible()
        expect(garbage.locator(".sg-cls-you")).to_contain_text("<b>Bo</b>, you are")  # shown as text
        expect(garbage.locator(".sg-cls-you b")).to_have_count(0)  # not as markup
        expect(teacher.locator(".sg-cls-member").get_by_text("<b>Bo</b>")).to_be_visible()
        expect(teacher.locator(".sg-cls-member")).to_have_count(STUDENTS)
        mark("all joined")

        for page in pages[:-2]:
            page.locator(".sg-cls-decide").click()
        for page in pages[:-2]:
            expect(page.locator(".sg-cls-ok")).to_contain_text("Decision sent for round 1")
        leaver = pages[-2]
        leaver.locator(".sg-cls-leave").click()  # mid-round, without deciding
        expect(teacher.locator(".sg-cls-member")).to_have_count(STUDENTS - 1)
        expect(teacher.locator(".sg-cls-status")).to_contain_text("5 of 5 roles have decided")

        mark("decided")
        teacher.locator(".sg-cls-advance").click()
        for page in pages[:-2]:
            expect(page.locator(".sg-round-title")).to_contain_text("Last round (weeks 1–8)")
            expect(page.locator(".sg-decision").first).to_be_visible()
        expect(teacher.locator(".sg-cls-status")).to_contain_text("Round 2")
        mark("every screen shows the round")
        with teacher.expect_download() as download:
            teacher.get_by_text("Download the session").click()
        assert download.value.suggested_filename == f"classroom-{code}.zip"
        teacher.locator(".sg-cls-whatif").click()  # debrief: the same seed without the agency head's decisions
        expect(teacher.locator(".sg-cls-whatif-row")).to_have_count(5)
    finally:
        for page in [teacher, *pages]:
            page.context.close()
