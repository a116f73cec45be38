"""Whole numbers as people type them: "2,000", "2_000", "1e3" and "4000.0" all mean an integer; "1.5" does not.

The model's own parser (``Params.parse_value``, shared with the CLI) takes Python's ``int()`` only; the web app
accepts the usual ways of writing a count and refuses anything that is not exactly a whole number, never rounding.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+")  # thousands separators, e.g. 1,000,000 (never a decimal comma)
MAX_DIGITS = 18  # beyond any limit of the app; keeps "1e400" from becoming a 400-digit integer


def whole_number(text: str) -> int:
    """The integer ``text`` writes exactly; ``ValueError`` if it is empty, malformed or not a whole number."""
    s = text.strip()
    if "," in s:
        if not GROUPED.fullmatch(s):
            raise ValueError(f"not a whole number: {text!r}")
        s = s.replace(",", "")
    try:
        number = Decimal(s)
    except InvalidOperation:
        raise ValueError(f"not a whole number: {text!r}") from None
    if not number.is_finite() or number.adjusted() >= MAX_DIGITS or number != number.to_integral_value():
        raise ValueError(f"not a whole number: {text!r}")
    return int(number)
