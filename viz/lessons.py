"""Guided lessons for class: predict → run → observe → discuss, in English and Chinese.

Each lesson is two set-ups (A and B) built on the baseline scenario with a few parameter changes, so a lesson
never depends on a scenario file that might be renamed, and runs with a fixed seed so the whole class sees the
same numbers. The app runs both for ``steps`` weeks, shows B − A for the outcomes in ``show`` and tells the class
whether its prediction (up, down, hardly changes) matched what the run shows for ``outcome``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Lesson:
    key: str
    title: dict[str, str]
    question: dict[str, str]  # the prediction students make before running
    outcome: str  # the outcome column the question is about
    label_a: dict[str, str]
    label_b: dict[str, str]
    overrides_b: dict[str, Any]
    observe: dict[str, str]
    discuss: dict[str, tuple[str, ...]]
    show: tuple[str, ...]
    overrides_a: dict[str, Any] = field(default_factory=dict)
    scenario: str = "baseline"
    steps: int = 104
    seed: int = 1


SAME_WITHIN = 0.01  # a B − A smaller than 1% of A's value counts as "hardly changes" (said on screen)
DIRECTIONS = ("pred_up", "pred_down", "pred_same")


def observed_direction(a: float, b: float) -> str:
    """What the run shows for B against A: "pred_up", "pred_down" or "pred_same" (within ``SAME_WITHIN`` of A)."""
    scale = abs(a) if a else 1.0
    if abs(b - a) < SAME_WITHIN * scale:
        return "pred_same"
    return "pred_up" if b > a else "pred_down"


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        key="left_behind",
        title={"en": "Who is left behind by digital-only services?", "zh": "“仅线上”服务把谁落下了？"},
        question={"en": "If the city closes its service counters and goes online only, what happens to the trust "
                        "of digitally excluded citizens?",
                  "zh": "如果城市关闭线下窗口、只保留线上服务，数字排斥居民对政府的信任会怎样变化？"},
        outcome="trust_excluded",
        label_a={"en": "hybrid (counters open)", "zh": "线上线下结合（保留窗口）"},
        label_b={"en": "online only", "zh": "仅线上"},
        overrides_b={"service_rule": "online_only"},
        observe={"en": "Compare the need-met rate of excluded citizens and the equity gap. Efficiency (needs met "
                       "per budget unit) rises: the savings are real. Who pays for them?",
                 "zh": "比较数字排斥居民的需求满足率和公平差距。效率（每单位预算满足的需求）提高了——节省是真实的。"
                       "但代价由谁承担？"},
        discuss={"en": ("Is a more efficient service a better service? For whom?",
                        "The essays speak of 技术难民 (technical refugees). Where do you see them in the run?",
                        "What would you keep offline, and what would it cost?"),
                 "zh": ("更有效率的服务就是更好的服务吗？对谁而言？",
                        "文章提到“技术难民”。在这次运行中你在哪里看到了他们？",
                        "你会保留哪些线下服务？代价是什么？")},
        show=("trust_excluded", "need_met_excluded", "equity_gap", "efficiency", "technical_refugees"),
    ),
    Lesson(
        key="breach",
        title={"en": "What does a data breach do to trust?", "zh": "数据泄露对信任有什么影响？"},
        question={"en": "Agencies fuse their data and hand it to a vendor. If the vendor skimps on security, what "
                        "happens to the average trust of all citizens, most of whose records never leak?",
                  "zh": "各部门融合数据并交给企业运营。如果企业在安全上投入不足，全体居民（其中大多数人的数据从未泄露）"
                        "的平均信任会怎样变化？"},
        outcome="trust",
        label_a={"en": "data fusion, strong security", "zh": "数据融合，安全投入高"},
        label_b={"en": "data fusion, weak security", "zh": "数据融合，安全投入低"},
        # security_investment sets the vendor's effort only under the fixed effort rule (the default lets vendors
        # choose it): without the rule A and B were the same run
        overrides_a={"data_sharing": "fusion", "security_effort_rule": "fixed", "security_investment": 0.9,
                     "breach_hazard": 0.05},
        overrides_b={"data_sharing": "fusion", "security_effort_rule": "fixed", "security_investment": 0.1,
                     "breach_hazard": 0.05},
        observe={"en": "Watch the breach counter and the share of citizens ever exposed, then trust. News of a "
                       "breach travels along social ties: trust falls further than exposure reaches.",
                 "zh": "先看泄露次数和数据曾暴露的比例，再看信任。泄露的消息沿社会关系传播：信任下降的范围超过"
                       "直接暴露的范围。"},
        discuss={"en": ("Who should pay for security: the vendor, the agency, or both?",
                        "Fusion improved allocation. Is it worth the risk? What would make it safer (分类分级)?",
                        "Why does trust take longer to rebuild than to lose?"),
                 "zh": ("安全投入应由谁承担：企业、政府部门，还是双方？",
                        "数据融合改善了资源分配。值得冒这个风险吗？怎样更安全（分类分级）？",
                        "为什么信任失去得快、重建得慢？")},
        show=("breaches", "exposed_share", "trust", "trust_excluded", "allocation_accuracy"),
    ),
    Lesson(
        key="outreach",
        title={"en": "What does in-person outreach cost, and what does it buy?",
               "zh": "入户走访花多少钱，换来了什么？"},
        question={"en": "The city adds a budget for community workers who visit the citizens its data cannot see "
                        "(在场行动). Does efficiency — needs met per budget unit — go up or down?",
                  "zh": "城市追加预算，让社区工作者走访数据中“看不见”的居民（在场行动）。效率——每单位预算满足的"
                        "需求——会上升还是下降？"},
        outcome="efficiency",
        label_a={"en": "baseline", "zh": "基准情景"},
        label_b={"en": "inclusive service with outreach", "zh": "包容式服务加入户走访"},
        overrides_b={"service_rule": "inclusive", "outreach_share": 0.25},
        observe={"en": "Efficiency falls: a visit costs far more than an online case. But look at excluded "
                       "citizens' data coverage, need-met rate and trust, and at the equity gap.",
                 "zh": "效率下降了：一次走访的成本远高于一次线上办理。但请看数字排斥居民的数据覆盖率、需求满足率"
                       "和信任，以及公平差距。"},
        discuss={"en": ("Is efficiency the right yardstick for a public service?",
                        "有温度的智慧治理: what does 'warmth' add that data cannot?",
                        "How would you justify the outreach budget to the finance bureau?"),
                 "zh": ("效率是衡量公共服务的合适标准吗？",
                        "“有温度的智慧治理”：“温度”带来了哪些数据无法带来的东西？",
                        "你会如何向财政部门说明走访预算的必要性？")},
        show=("efficiency", "coverage_excluded", "need_met_excluded", "trust_excluded", "equity_gap"),
    ),
    Lesson(
        key="traces",
        title={"en": "Scoring officials on digital traces (痕迹管理)", "zh": "以数字痕迹考核干部（痕迹管理）"},
        question={"en": "If officials are scored on the records they log, does the share of needs actually met "
                        "go up or down?",
                  "zh": "如果按干部留下的记录来考核，实际被满足的需求比例会上升还是下降？"},
        outcome="need_met_rate",
        label_a={"en": "baseline", "zh": "基准情景"},
        label_b={"en": "trace-based scoring", "zh": "痕迹考核"},
        overrides_b={"trace_management": 0.8},
        observe={"en": "Recorded activity rises while needs met fall: reporting eats the capacity that should "
                       "serve citizens.",
                 "zh": "记录的活动增加了，而满足的需求减少了：填报占用了本应服务居民的能力。"},
        discuss={"en": ("What would a better measure of officials' work look like?",
                        "Where have you seen 'formalism on the fingertips' (指尖上的形式主义)?"),
                 "zh": ("怎样的考核方式更能反映干部的实际工作？", "你在哪里见过“指尖上的形式主义”？")},
        show=("recorded_activity", "need_met_rate", "efficiency", "trust"),
    ),
)
