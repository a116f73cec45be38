"""Measure the web app in a real headless Chromium: time to first render, and weeks per second while playing.

Starts ``smartgov ui`` on a free 127.0.0.1 port, opens the page in Debian's Chromium (Playwright), and reports:

* time to first render: from navigation to the KPI cards, the network picture and the charts on screen
  (median of ``--loads`` fresh browser contexts; the first load also pays Solara's start-up);
* steps per second the page sustains while playing at each ``--speeds`` setting, counted from the week shown on
  the page over ``--seconds``, at ``--n-citizens`` citizens.

A script, not a test: figures depend on the machine. Usage:
``python -m smartgov.viz.measure_ui --n-citizens 1000 --seconds 10``
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from smartgov.viz.offline_assets import ensure_assets

OPEN_MENU = ".v-menu__content.menuable__content__active"  # an open Vuetify select menu (tooltips share the class)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def start_server(log: Path) -> tuple[subprocess.Popen, str]:
    ensure_assets(quiet=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "smartgov", "ui", "--port", str(port)], stdout=out,
                                   stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return process, url
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("server did not start within 90 s")


def week_number(page: Page) -> int:
    return int(re.search(r"\d+", page.locator(".sg-week").inner_text()).group())


def first_render(page: Page, url: str) -> float:
    started = time.perf_counter()
    page.goto(url)
    page.locator(".sg-kpi-trust .sg-kpi-value").wait_for()
    page.locator(".sg-network-image").first.wait_for()
    page.locator(".sg-charts-image").first.wait_for()
    return time.perf_counter() - started


def set_citizens(page: Page, n: int) -> None:
    field = page.locator(".sg-input-n_citizens input")
    field.fill(str(n))
    field.press("Enter")
    page.get_by_text(f"{n} citizens,").wait_for()


def playing_rate(page: Page, speed: int, seconds: float) -> float:
    page.locator(".sg-reset").click()
    page.locator(".sg-week").get_by_text(re.compile(r"\b0\b")).wait_for()
    page.locator(".sg-speed .v-select__slot").first.click()
    page.locator(f"{OPEN_MENU} .v-list-item", has_text=re.compile(rf"^\s*{speed}\s*$")).first.click()
    page.locator(OPEN_MENU).wait_for(state="hidden")  # else the menu swallows the next click
    page.locator(".sg-play").click()
    page.locator(".sg-pause").wait_for()
    time.sleep(1.0)  # warm-up: first frames, chart
    start_week, start = week_number(page), time.perf_counter()
    time.sleep(seconds)
    end_week, end = week_number(page), time.perf_counter()
    page.locator(".sg-pause").click()
    return (end_week - start_week) / (end - start)


def measure(n_citizens: int, seconds: float, loads: int, speeds: list[int], chromium: str) -> dict:
    log = Path(tempfile.mkdtemp(prefix="smartgov-measure-")) / "server.log"
    process, url = start_server(log)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            renders = []
            for _ in range(loads):
                context = browser.new_context(viewport={"width": 1360, "height": 960})
                renders.append(first_render(context.new_page(), url))
                context.close()
            context = browser.new_context(viewport={"width": 1360, "height": 960})
            page = context.new_page()
            first_render(page, url)
            page.set_default_timeout(60_000)
            if n_citizens != 1000:
                set_citizens(page, n_citizens)
            rates = {str(s): round(playing_rate(page, s, seconds), 2) for s in speeds}
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=15)
    return {"n_citizens": n_citizens, "first_render_s": [round(r, 2) for r in renders],
            "first_render_median_s": round(statistics.median(renders), 2),
            "weeks_per_second_by_speed_setting": rates, "seconds_per_measurement": seconds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n-citizens", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--speeds", type=int, nargs="+", default=[5, 10], help="speed settings (weeks per second)")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.n_citizens, args.seconds, args.loads, args.speeds, args.chromium), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
