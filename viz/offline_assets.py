"""Fill Solara's CDN proxy cache from the npm registry, so the web app works with no CDN access.

Solara's page loads its JavaScript and CSS from a public CDN through a caching proxy in the server. Machines that
reach package registries but not the CDN get a blank page (``Could not load URL`` in the server log). This module
downloads the same npm packages once (about 10 s) into the proxy's cache folder; afterwards every front-end file is
served locally. The list is tied to solara 1.64.1 (pinned in pyproject.toml); after an upgrade, grep the server log
for ``Could not load URL`` and extend it.

Usage: ``python -m smartgov.viz.offline_assets [DIR]`` (``smartgov ui`` and the browser tests call
:func:`ensure_assets` themselves).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
import tarfile
import tempfile
import urllib.request
from pathlib import Path

REGISTRY = os.environ.get("SMARTGOV_NPM_REGISTRY", "https://registry.npmjs.org")
ENV_VAR = "SOLARA_ASSETS_PROXY_CACHE_DIR"

# Path prefix as solara requests it under /_solara/cdn/  (npm name @ version or major version).
SPECS = (
    "@widgetti/solara-vuetify-app@10.1.1",
    "@widgetti/vue-grid-layout@2.3.13-alpha.2",
    "requirejs@2.3.6",
    "font-awesome@4.5.0",
    "vega@5",
    "vega-lite@5",
    "vega-embed@6",
    "katex@0.16.9",
    "mermaid@10.8.0",
)


def default_cache_dir() -> Path:
    """``$SOLARA_ASSETS_PROXY_CACHE_DIR`` if set, else Solara's own default (so plain ``solara run`` finds it too)."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    return Path(sys.prefix) / "share" / "solara" / "cdn"


def missing(cache_dir: Path) -> list[str]:
    """Specs whose folder is not in the cache yet."""
    return [spec for spec in SPECS if not (cache_dir / spec / "package.json").is_file()]


def _get(url: str, timeout: float = 60) -> bytes:
    request = urllib.request.Request(url, headers={"Accept": "application/vnd.npm.install-v1+json, */*"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read()


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def resolve(spec: str) -> tuple[str, str]:
    """npm name and tarball URL for ``name@version`` (an exact version, or a bare major like ``5``)."""
    name, _, wanted = spec.rpartition("@")
    meta = json.loads(_get(f"{REGISTRY}/{name.replace('/', '%2F')}"))
    versions = meta["versions"]
    if wanted not in versions:  # a major version: the newest stable release with that major
        stable = [v for v in versions if "-" not in v and v.split(".")[0] == wanted]
        if not stable:
            raise RuntimeError(f"npm package {name} has no version matching {wanted!r}")
        wanted = max(stable, key=_version_key)
    return name, versions[wanted]["dist"]["tarball"]


def fetch(spec: str, cache_dir: Path) -> None:
    """Download and unpack one package into ``cache_dir/spec`` (moved into place only when complete)."""
    _, url = resolve(spec)
    data = _get(url)
    dest = cache_dir / spec
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=dest.parent))
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
            members = []
            for member in archive.getmembers():  # npm tarballs wrap everything in one top folder: strip it
                parts = member.name.split("/", 1)
                if len(parts) == 2 and parts[1]:
                    member.name = parts[1]
                    members.append(member)
            archive.extractall(staging, members=members, filter="data")
        if dest.exists():
            shutil.rmtree(dest)
        os.replace(staging, dest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def ensure_assets(cache_dir: Path | None = None, quiet: bool = False) -> Path:
    """Fill the cache if anything is missing; returns the folder to pass as ``SOLARA_ASSETS_PROXY_CACHE_DIR``."""
    cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
    todo = missing(cache_dir)
    if todo and not quiet:
        print(f"smartgov: fetching {len(todo)} front-end packages from {REGISTRY} into {cache_dir} (once)",
              file=sys.stderr)
    for spec in todo:
        fetch(spec, cache_dir)
    return cache_dir


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    target = ensure_assets(Path(args[0]) if args else None)
    print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
