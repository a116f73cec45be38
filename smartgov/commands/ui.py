"""``smartgov ui``: serve the web app (Solara) on 127.0.0.1, with every front-end file served locally.

Before starting, the Solara proxy cache is filled from the npm registry if anything is missing (once, ~10 s), and
``SOLARA_ASSETS_PROXY_CACHE_DIR`` points the server at it, so the page needs no CDN at run time.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from pathlib import Path

from smartgov.cli import UsageError

LOOPBACK = ("127.0.0.1", "localhost")


def app_path() -> Path:
    """The app file wherever ``smartgov.viz`` lives (checkout, editable or wheel install), found without running it."""
    spec = importlib.util.find_spec("smartgov.viz.app")
    if spec is None or spec.origin is None:
        raise UsageError("the web app (smartgov.viz.app) is not installed with this copy of smartgov")
    return Path(spec.origin)


def server_command(host: str, port: int) -> list[str]:
    """The Solara server command line for the app (production mode, no browser opened)."""
    return [sys.executable, "-m", "solara", "run", str(app_path()), "--host", host, "--port", str(port),
            "--production", "--no-open"]


# A closed tab frees its session at once; a page that only lost its connection (laptop asleep, network gone) keeps
# it this long for a reconnect, then it is culled. Solara's default is 24 h, which kept every run of a class in
# memory for a day (issue 11); Solara reads it from SOLARA_KERNEL_CULL_TIMEOUT.
CULL_TIMEOUT = "2m"


def server_env(cache_dir: Path) -> dict[str, str]:
    """The environment for the server: local assets, no telemetry calls to the internet, no English-only "This
    website runs on Solara" banner over the page, disconnected sessions culled after ``CULL_TIMEOUT`` (unless the
    caller set ``SOLARA_KERNEL_CULL_TIMEOUT``)."""
    return {"SOLARA_KERNEL_CULL_TIMEOUT": CULL_TIMEOUT, **os.environ, "SOLARA_ASSETS_PROXY_CACHE_DIR": str(cache_dir),
            "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False", "SOLARA_ASSETS_PROXY": "True",
            "SOLARA_THEME_SHOW_BANNER": "False"}


def page_url(host: str, port: int) -> str:
    """The address to open. On this machine it is ``localhost``, not 127.0.0.1: Solara gives a page opened as
    localhost its intended session cookie (SameSite=None; Secure, allowed on localhost over http) and warns in the
    server log for every other plain-http host name, 127.0.0.1 included, that it fell back to SameSite=Lax."""
    return f"http://{'localhost' if host in LOOPBACK else host}:{port}/"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("ui", help="serve the web app (scenario explorer, A/B comparison, lessons)",
                            description="Serve the smartgov web app with Solara. Binds 127.0.0.1 unless --host "
                                        "names another address; open the printed URL in a browser.")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    parser.add_argument("--assets-dir", type=Path, default=None,
                        help="folder for Solara's front-end files (default: Solara's own cache folder)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from smartgov.viz.offline_assets import ensure_assets

    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port = {args.port} is not allowed; expected an integer in [0, 65535]")
    try:
        cache_dir = ensure_assets(args.assets_dir)
    except OSError as err:
        raise UsageError(f"could not fetch the web app's front-end files from the npm registry ({err}); "
                         "run once with access to the registry, or pass --assets-dir with a filled cache") from err
    print(f"smartgov ui: open {page_url(args.host, args.port)} (Ctrl+C to stop)", file=sys.stderr)
    sys.stderr.flush()
    command = server_command(args.host, args.port)
    # the server replaces this process, so stopping this process's id stops the server
    os.execve(command[0], command, server_env(cache_dir))
    return 0  # not reached
