"""``smartgov classroom``: serve the web app for a class; the teacher opens /classroom, students /join.

The same server as ``smartgov ui`` (the explorer stays at /). It binds 127.0.0.1 unless ``--host`` names the
address of this machine on the classroom network, which lets every device on that network reach the app
(docs/classroom.md, "Exposing the app on a school network").
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys

from smartgov.cli import UsageError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("classroom", help="serve classroom mode (teacher at /classroom, students at /join)",
                            description="Serve the web app for a participatory class: the teacher opens "
                                        "/classroom, students join at /join with the code. Binds 127.0.0.1 "
                                        "unless --host names this machine's address on the classroom network.")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to bind (default 127.0.0.1: this machine only; e.g. 192.168.1.20 to let "
                             "students on the same network join; see docs/classroom.md)")
    parser.add_argument("--assets-dir", default=None, help="folder for Solara's front-end files")
    parser.set_defaults(handler=handle)


def join_base(host: str, port: int) -> str | None:
    """The base of the join link students get, or None when the bound address is not one they can type
    (0.0.0.0 / ::: the link then follows the address the teacher's browser used)."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return f"http://{host}:{port}"  # a host name
    if address.is_unspecified:
        return None
    return f"http://[{host}]:{port}" if address.version == 6 else f"http://{host}:{port}"


def handle(args: argparse.Namespace) -> int:
    from pathlib import Path

    from smartgov.commands.ui import server_command, server_env
    from smartgov.viz.offline_assets import ensure_assets

    if not 1 <= args.port <= 65535:
        raise UsageError(f"--port = {args.port} is not allowed; expected an integer in [1, 65535]")
    try:
        cache_dir = ensure_assets(Path(args.assets_dir) if args.assets_dir else None)
    except OSError as err:
        raise UsageError(f"could not fetch the web app's front-end files ({err}); run once with access to the "
                         "npm registry, or pass --assets-dir with a filled cache") from err
    env = server_env(cache_dir)
    base = join_base(args.host, args.port)
    if base:
        env["SMARTGOV_CLASSROOM_URL"] = base
    shown = base or f"http://<this machine's address>:{args.port}"
    print(f"smartgov classroom: teacher page {shown}/classroom, students join at {shown}/join (Ctrl+C to stop)",
          file=sys.stderr)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"smartgov classroom: bound to {args.host}: anyone on that network can open the app; see "
              "docs/classroom.md", file=sys.stderr)
    sys.stderr.flush()
    command = server_command(args.host, args.port)
    os.execve(command[0], command, env)
    return 0  # not reached
