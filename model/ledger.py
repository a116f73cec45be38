"""Per-step and cumulative counts that belong to no single citizen (money, breaches, records)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass
class Ledger:
    """Scalars written by the processes of one step; ``reset`` clears the per-step ones."""

    spending: float = 0.0  # budget units spent this step, all lines (online case = 1)
    lines: dict[str, float] = field(default_factory=dict)  # spending by budget line (model/budget.py LINES)
    proxy_cases: int = 0  # cases submitted by a proxy this step (sizes next week's proxy-handling line)
    cases_allocated: int = 0
    oracle_severity: float = 0.0  # severity the best possible allocation of the same size would have served
    allocated_severity: float = 0.0  # true severity of the needs actually allocated
    documentation_entries: float = 0.0  # reports written for trace-based scoring (痕迹管理)
    service_records: int = 0  # channel records and case actions logged this step
    breaches: int = 0
    records_exposed: int = 0
    reidentified: int = 0
    published: int = 0
    requests_filed: int = 0  # redress requests filed this step (process 4a), accepted or not
    requests_accepted: int = 0  # taken by the hotline within its capacity
    requests_phone: int = 0  # accepted requests by channel
    requests_online: int = 0
    requests_in_person: int = 0
    requests_excluded: int = 0  # accepted requests from digitally excluded citizens
    orders_resolved: int = 0  # work orders closed this step because the need was met within the response window
    orders_expired: int = 0  # work orders whose window ran out with the need still open
    records_deleted: int = 0  # agency records and vendor copies deleted (retention, consent) this step
    # cumulative
    breaches_total: int = 0
    records_exposed_total: int = 0
    reidentified_total: int = 0
    records_deleted_total: int = 0

    def reset(self) -> None:
        for f in fields(self):
            if not f.name.endswith("_total"):
                setattr(self, f.name, {} if f.name == "lines" else f.default)

    def charge(self, lines: dict[str, float]) -> None:
        """Pay this week's budget lines in full (whether or not what they buy is used)."""
        for line, amount in lines.items():
            self.lines[line] = self.lines.get(line, 0.0) + amount
        self.spending += sum(lines.values())

    def close_step(self) -> None:
        self.breaches_total += self.breaches
        self.records_exposed_total += self.records_exposed
        self.reidentified_total += self.reidentified
        self.records_deleted_total += self.records_deleted
