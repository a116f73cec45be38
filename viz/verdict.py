"""A paired difference said in words, in English or Chinese: "B raises Trust in government by 0.080 [0.060, 0.100]
over 20 paired runs — better", or "no clear difference" when the 95% interval includes 0.

Direction words come from the sign, "better"/"worse" from the outcome registry's ``higher_is_better`` (none for
outcomes where neither direction is better), numbers from the outcome's own format; the texts are in
:mod:`smartgov.viz.i18n`. The numbers themselves come from :func:`smartgov.experiments.summaries.paired_difference`.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from smartgov.model.metrics import Outcome
from smartgov.viz.i18n import t


class Verdict(NamedTuple):
    kind: str  # "better", "worse", "changed" (neither direction is better), "unclear" (CI includes 0), "unknown"
    text: str


def _magnitude(spec: Outcome, value: float) -> str:
    return format(abs(value), spec.fmt.lstrip("+"))


def _signed(spec: Outcome, value: float) -> str:
    return format(value, "+" + spec.fmt.lstrip("+"))


def verdict(spec: Outcome, mean: float, ci_low: float, ci_high: float, n: int, lang: str) -> Verdict:
    """B − A of ``spec`` over ``n`` paired runs (mean and 95% CI) as one sentence in ``lang``."""
    label = spec.label(lang)
    if n < 2 or not all(math.isfinite(x) for x in (mean, ci_low, ci_high)):
        return Verdict("unknown", t("rep_unknown", lang, label=label, n=n))
    if ci_low <= 0.0 <= ci_high:
        return Verdict("unclear", t("rep_unclear", lang, label=label, n=n, diff=_signed(spec, mean),
                                    lo=_signed(spec, ci_low), hi=_signed(spec, ci_high)))
    up = mean > 0
    low, high = (ci_low, ci_high) if up else (-ci_high, -ci_low)  # the interval of the size of the change
    kind = "changed" if spec.higher_is_better is None else ("better" if up == spec.higher_is_better else "worse")
    judgement = "" if kind == "changed" else t(f"rep_{kind}", lang)
    return Verdict(kind, t("rep_up" if up else "rep_down", lang, label=label, size=_magnitude(spec, mean),
                           lo=_magnitude(spec, low), hi=_magnitude(spec, high), n=n, judgement=judgement))
