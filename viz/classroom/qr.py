"""The join link and its QR code (SVG text from segno: no image library, nothing fetched)."""

from __future__ import annotations

import os
import re
from urllib.parse import quote

import segno

_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")


def join_url(code: str, host: str | None) -> str:
    """``http://host/join?code=CODE``: ``SMARTGOV_CLASSROOM_URL`` (set by ``smartgov classroom``) or the host the
    teacher's browser used; a host header that is not a plain host[:port] is not trusted (relative link)."""
    base = os.environ.get("SMARTGOV_CLASSROOM_URL", "").rstrip("/")
    if not base:
        base = f"http://{host}" if host and _HOST.match(host) else ""
    return f"{base}/join?code={quote(code)}"


def qr_svg(text: str) -> str:
    """The QR code of ``text`` as an inline SVG element (scales with its box)."""
    return segno.make(text, error="m").svg_inline(scale=6, border=2, omitsize=True)
