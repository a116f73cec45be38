"""Ready-made classes: a library scenario, a class-sized population, a round length and a goal to reach."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ClassScenario:
    name: str
    scenario: str  # a library scenario (scenarios/*.yaml): parameters and events of the shared run
    n_citizens: int
    round_weeks: int
    rounds: int
    goal_en: str
    goal_zh: str
    title_en: str
    title_zh: str

    def goal(self, lang: str = "en") -> str:
        return self.goal_zh if lang == "zh" else self.goal_en

    def title(self, lang: str = "en") -> str:
        return self.title_zh if lang == "zh" else self.title_en


CLASSES: dict[str, ClassScenario] = {c.name: c for c in (
    ClassScenario(
        "digital_city", "digital_only", 400, 8, 6,
        "Online-only services left the digitally excluded behind: close the equity gap without losing trust.",
        "纯线上服务让数字排斥人群掉队：在不损失信任的前提下缩小公平差距。",
        "The digital-only city", "纯线上城市"),
    ClassScenario(
        "data_fusion", "data_fusion", 400, 8, 6,
        "Agencies fused their data: keep the efficiency gain while keeping exposure (privacy) low and trust up.",
        "各部门已融合数据：保住效率收益，同时压低数据暴露（隐私）并提升信任。",
        "Fusing the data", "数据融合"),
)}
