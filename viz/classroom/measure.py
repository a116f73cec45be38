"""Measure a class in real headless Chromium: time from the teacher's *Run round* to every screen updated.

Starts ``smartgov ui`` on a free 127.0.0.1 port, opens the teacher's page and ``--students`` student pages (each
its own browser context, i.e. its own server session), has them join and decide, then presses *Run round* and
records, in every page, the moment the new round appears (a MutationObserver reading the browser's clock, shared
by all pages of one browser). Reports the slowest and median screen, and how long joining took.

A script, not a test: figures depend on the machine. Usage:
``python -m smartgov.viz.classroom.measure --students 40``
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from smartgov.viz.measure_ui import CHROMIUM_ARGS, start_server

WATCH = """() => { window.__round = null; const seen = () => { if (!window.__round &&
    document.querySelector('.sg-round-title')) { window.__round = Date.now(); } };
    new MutationObserver(seen).observe(document.body, {childList: true, subtree: true}); }"""


def measure(students: int, chromium: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        server, url = start_server(Path(tmp) / "server.log")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                new = lambda: browser.new_context().new_page()  # noqa: E731
                teacher = new()
                teacher.set_default_timeout(300_000)
                teacher.goto(url + "classroom")
                teacher.locator(".sg-cls-open").click()
                code = teacher.locator(".sg-cls-code").inner_text().strip()
                started = time.perf_counter()
                pages = [new() for _ in range(students)]
                for page in pages:
                    page.set_default_timeout(300_000)
                    page.goto(f"{url}join?code={code}", wait_until="commit")
                for i, page in enumerate(pages):
                    page.locator(".sg-cls-name-input input").fill(f"S{i}")
                    page.locator(".sg-cls-join").click()
                for page in pages:
                    page.locator(".sg-cls-decide").click()
                for page in pages:
                    page.locator(".sg-cls-ok").wait_for()
                joined = time.perf_counter() - started
                for page in [teacher, *pages]:
                    page.evaluate(WATCH)
                clicked = teacher.evaluate("() => Date.now()")
                teacher.locator(".sg-cls-advance").click()
                for page in [teacher, *pages]:
                    page.wait_for_function("() => window.__round !== null")
                delays = [(page.evaluate("() => window.__round") - clicked) / 1000 for page in [teacher, *pages]]
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=15)
    return {"students": students, "join_and_decide_s": round(joined, 1),
            "advance_to_all_screens_s": round(max(delays), 2), "advance_to_median_screen_s":
            round(statistics.median(delays), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    print(json.dumps(measure(args.students, args.chromium)))


if __name__ == "__main__":
    main()
