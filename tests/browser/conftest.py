"""Real-browser fixtures: the real ``smartgov ui`` server on 127.0.0.1 and Debian's headless Chromium.

pytest-playwright cannot download browsers here and has no option for a browser binary, so the launch arguments
point it at /usr/bin/chromium (DESIGN §8; another path with SMARTGOV_CHROMIUM). A missing browser skips these tests
on a developer's machine (one line in the summary says how to enable them) and fails them in CI (``CI=true``, as
.ci/run sets), where the browser is installed.
Front-end files come from the local Solara proxy cache (filled from the npm registry if missing); every request the
page makes is checked to stay on 127.0.0.1.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from smartgov.commands.ui import page_url
from smartgov.viz.offline_assets import ensure_assets

CHROMIUM = Path(os.environ.get("SMARTGOV_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
START_TIMEOUT = 90.0
expect.set_options(timeout=15_000)  # CI machines are shared: wait longer than Playwright's 5 s before failing


def pytest_configure(config: pytest.Config) -> None:
    # pytest-playwright 0.10's session-scoped ``base_url`` fixture triggers pytest's own deprecation notice;
    # third-party, not ours to fix, and not a FutureWarning.
    config.addinivalue_line("filterwarnings", "ignore:Session-scoped fixtures defined as instance methods")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def in_ci() -> bool:
    """CI services set ``CI=true``; so does .ci/run."""
    return os.environ.get("CI", "").strip().lower() == "true"


SKIP_REASON = (f"browser tests need headless Chromium, not found at {CHROMIUM}; to run them: apt-get install "
               "chromium (or set SMARTGOV_CHROMIUM to a Chromium binary)")


class _SkippedModule(pytest.Module):
    """A browser test module collected as one skip: pytest's summary shows one line, not one per test."""

    def collect(self):
        pytest.skip(SKIP_REASON, allow_module_level=True)


def pytest_pycollect_makemodule(module_path: Path, parent: pytest.Collector) -> pytest.Module | None:
    """Without Chromium on a developer's machine, skip the browser modules; in CI let them fail (see below)."""
    if CHROMIUM.exists() or in_ci():
        return None
    return _SkippedModule.from_parent(parent, path=module_path)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not CHROMIUM.exists():  # only reached in CI: elsewhere the modules are skipped at collection
        pytest.fail(f"headless Chromium not found at {CHROMIUM}: apt-get install chromium (.ci/run does this)")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": {"width": 1360, "height": 960}, "accept_downloads": True}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve(argv: list[str], port: int, log: Path, env: dict[str, str], cwd: Path | None = None,
          host: str = "127.0.0.1") -> Iterator[str]:
    """Start a web server process (output to ``log``), wait until it answers on ``port`` at ``host``, yield its URL,
    stop it."""
    with log.open("wb") as out:
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd)
    url = f"http://{host}:{port}/"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"{argv[2:4]} exited with {process.returncode}:\n{log.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"{argv[2:4]} did not answer within {START_TIMEOUT:.0f} s:\n{log.read_text()}")
            time.sleep(0.25)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def web_server() -> tuple:
    """(serve, free_port) for a test module that runs a web app of its own (conftest is not importable)."""
    return serve, free_port


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory):
    """``smartgov ui`` on a free port, opened as the URL it prints (localhost); yields (url, log path); stopped (by
    its own id) after the session."""
    ensure_assets(quiet=True)
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with serve([sys.executable, "-m", "smartgov", "ui", "--port", str(port)], port, log, env,
               host=urlparse(page_url("127.0.0.1", port)).hostname) as url:
        yield url, log


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: $SMARTGOV_SCREENSHOTS (e.g. docs/screenshots) or a temporary folder."""
    target = os.environ.get("SMARTGOV_SCREENSHOTS")
    path = Path(target) if target else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def offsite_requests(page) -> list[str]:
    """Every request the page makes to anywhere but this machine (the app must work offline)."""
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url)
            if urlparse(request.url).hostname not in ("127.0.0.1", "localhost", None) and not request.url.startswith(
                ("data:", "blob:")) else None)
    return outside


@pytest.fixture
def app(page, server, offsite_requests):
    """The page, loaded and showing the baseline run; fails if anything was requested off this machine."""
    url, _ = server
    outside = offsite_requests
    page.set_default_timeout(30_000)
    page.goto(url)
    page.locator(".sg-week").get_by_text("Week 0").wait_for()
    page.locator(".sg-network-image img, img.sg-network-image, .sg-network-image").first.wait_for()
    yield page
    assert not outside, f"the page requested files from outside this machine: {outside[:5]}"
