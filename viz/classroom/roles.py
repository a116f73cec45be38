"""The stakeholder roles students play, and the levers (``Params`` fields) each one controls.

A lever's label, range and choices come from ``Params`` itself (one definition); only the grouping is here. No
two roles share a lever, so a round's decisions never set the same parameter twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from smartgov.model.params import Params


@dataclass(frozen=True)
class Role:
    name: str
    levers: tuple[str, ...]


ROLES: dict[str, Role] = {role.name: role for role in (
    Role("agency_head", ("counter_share", "outreach_share", "algorithm_reliance", "algorithm", "oversight")),
    Role("vendor", ("security_investment",)),
    Role("community_worker", ("proxy_help", "training_rate")),
    Role("citizen_rep", ("responsiveness", "consent_rule")),
    Role("data_office", ("data_sharing", "anonymization", "graded_management")),
)}


def lever_spec(name: str) -> dict:
    """What a control needs: the field's metadata (``en``, ``zh``, ``range``, ``choices``) and its type."""
    field = Params.__dataclass_fields__[name]
    return {**field.metadata, "type": field.type if isinstance(field.type, str) else field.type.__name__}


def role_of_lever(name: str) -> str | None:
    return next((role.name for role in ROLES.values() if name in role.levers), None)


def _check() -> None:
    levers = [lever for role in ROLES.values() for lever in role.levers]
    assert len(levers) == len(set(levers)), "a lever belongs to one role only"
    unknown = [lever for lever in levers if lever not in Params.__dataclass_fields__]
    assert not unknown, f"not Params fields: {unknown}"


_check()
