"""Per-step and cumulative counts that belong to no single citizen (money, breaches, records)."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass
class Ledger:
    """Scalars written by the processes of one step; ``reset`` clears the per-step ones."""

    spending: float = 0.0  # budget units spent this step (online case = 1)
    cases_allocated: int = 0
    oracle_severity: float = 0.0  # severity the best possible allocation of the same size would have served
    allocated_severity: float = 0.0  # true severity of the needs actually allocated
    documentation_entries: float = 0.0  # reports written for trace-based scoring (痕迹管理)
    service_records: int = 0  # channel records and case actions logged this step
    breaches: int = 0
    records_exposed: int = 0
    reidentified: int = 0
    published: int = 0
    # cumulative
    breaches_total: int = 0
    records_exposed_total: int = 0
    reidentified_total: int = 0

    def reset(self) -> None:
        for f in fields(self):
            if not f.name.endswith("_total"):
                setattr(self, f.name, f.default)

    def close_step(self) -> None:
        self.breaches_total += self.breaches
        self.records_exposed_total += self.records_exposed
        self.reidentified_total += self.reidentified
