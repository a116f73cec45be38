"""Regression guard: the baseline's end-of-run outcomes at a fixed seed must not change unnoticed.

A failure here means a change altered results. If that was intended, regenerate the stored values
(``.venv/bin/python tests/regression/regenerate.py``) and record the change in CHANGELOG.md under "Changes that
alter results". New outcome columns are allowed (added to the stored file on regeneration); stored ones must match.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def _regenerate_module():
    spec = importlib.util.spec_from_file_location("regenerate", HERE / "regenerate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_baseline_outcomes_unchanged() -> None:
    module = _regenerate_module()
    stored = json.loads(module.STORED.read_text(encoding="utf-8"))
    now = module.current()
    for key in ("seed", "steps", "n_citizens", "window"):
        assert now[key] == stored[key]
    changed = []
    for block in ("final", "last_weeks_mean"):
        for column, value in stored[block].items():
            assert column in now[block], f"outcome column {column!r} disappeared"
            got = now[block][column]
            if value is None or got is None:
                if value != got:
                    changed.append(f"{block}.{column}: stored {value}, now {got}")
            elif got != pytest.approx(value, rel=1e-9, abs=1e-12):
                changed.append(f"{block}.{column}: stored {value!r}, now {got!r}")
    assert not changed, ("results changed (regenerate with tests/regression/regenerate.py and note it in "
                         "CHANGELOG.md if intended):\n" + "\n".join(changed))
