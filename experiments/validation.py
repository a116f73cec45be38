"""The stylized-fact validation suite (DESIGN §2, facts 1–9).

Each fact is one or more *claims*. A claim is a paired linear contrast of one outcome across scenarios — e.g.
``digital_only − baseline`` for efficiency, or ``secure_open_sharing − baseline − ½(open_data − baseline)`` for
"keeps most of the benefit" — computed per replicate (all scenarios share the replicate's seed, hence its
population and network) and tested with a one-sided paired t-test at significance ``alpha`` in the expected
direction. A claim passes on a network when p < alpha; a fact passes when all of its claims pass on every
network. Nothing here steers the model: the scenarios are the library files and the outcomes are
``model/metrics.py``'s columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from smartgov.experiments import limits
from smartgov.experiments.design import Design, DesignError, Factor
from smartgov.experiments.runner import run_design
from smartgov.experiments.summaries import default_window, paired_difference, window_mean
from smartgov.model import metrics

ALPHA = 0.01
NETWORKS = ("small_world", "scale_free")


@dataclass(frozen=True)
class Claim:
    """``sum(weight × outcome of scenario) + offset`` is expected to move in ``direction`` (above / below 0)."""

    outcome: str
    weights: dict[str, float]
    direction: str  # "up": contrast > 0; "down": contrast < 0
    text: str
    offset: float = 0.0

    def contrast(self, runs: pd.DataFrame) -> pd.Series:
        """Per-replicate value of the contrast (replicates aligned by index, i.e. by seed)."""
        wide = runs.pivot(index="replicate", columns="scenario", values=self.outcome)
        total = pd.Series(self.offset, index=wide.index, dtype=float)
        for scenario, weight in self.weights.items():
            total = total + weight * wide[scenario].astype(float)
        return total


@dataclass(frozen=True)
class Fact:
    number: int
    statement: str
    passage: str
    claims: tuple[Claim, ...]


def _vs(outcome: str, treatment: str, direction: str, control: str = "baseline") -> Claim:
    arrow = "↑" if direction == "up" else "↓"
    return Claim(outcome, {treatment: 1.0, control: -1.0}, direction, f"{outcome} {arrow}: {treatment} vs {control}")


FACTS: tuple[Fact, ...] = (
    Fact(1, "Digital-only delivery raises efficiency but widens the equity gap and lowers excluded citizens' trust.",
         "张成岗、阿柔娜: 数据鸿沟越来越显著，较为严重的不对等甚至会导致“技术难民”群体出现；"
         "袁建军: 智慧城市建设的本质是效率指向",
         (_vs("efficiency", "digital_only", "up"), _vs("equity_gap", "digital_only", "up"),
          _vs("trust_excluded", "digital_only", "down"))),
    Fact(2, "Inter-agency data fusion improves allocation accuracy and coverage; with weak security it also raises "
            "breach exposure and lowers trust.",
         "袁建军: 实现数据的跨层级、跨地域、跨系统、跨部门和跨业务融合 … 大数据技术公司运营风险 … "
         "数据泄露极有可能成为城市智慧治理的安全隐患",
         (_vs("allocation_accuracy", "data_fusion", "up"), _vs("coverage", "data_fusion", "up"),
          _vs("exposed_share", "vendor_breach", "up"), _vs("trust", "vendor_breach", "down", "data_fusion"))),
    Fact(3, "A black-box algorithm fed by biased data under-serves the excluded; audit/transparency narrows that gap.",
         "张成岗、阿柔娜: “算法黑箱”和“数据偏见”是智慧治理提升基层治理决策能力的两大制约因素 … "
         "其算法偏见或者歧视往往可能会被掩盖",
         (Claim("service_need_ratio_excluded", {"black_box_algorithm": 1.0}, "down",
                "service_need_ratio_excluded < 1 under black_box_algorithm", offset=-1.0),
          _vs("equity_gap", "audited_algorithm", "down", "black_box_algorithm"),
          _vs("service_need_ratio_excluded", "audited_algorithm", "up", "black_box_algorithm"))),
    Fact(4, "In-person outreach raises coverage of the excluded and trust, at a cost in efficiency.",
         "袁建军: 应通过必要的在场行动破除技术失灵，弥合情感裂痕 … 这种在场的行动也能检验数据的真实性",
         (_vs("coverage_excluded", "in_person_outreach", "up"), _vs("trust", "in_person_outreach", "up"),
          _vs("efficiency", "in_person_outreach", "down"))),
    Fact(5, "Breaches lower trust beyond those directly exposed (news spreads on the network).",
         "张成岗、阿柔娜: 部分社会公众因信息安全问题不愿将自己的信息共享于智慧治理的网络中，进而造成信任危机",
         (_vs("trust_unexposed", "vendor_breach", "down", "data_fusion"),
          _vs("consent_rate", "vendor_breach", "down", "data_fusion"))),
    Fact(6, "Open data with weak anonymization raises re-identification; graded management and strong anonymization "
            "keep most of the benefit with less harm.",
         "袁建军: 经脱敏处理后的数据还要面向企业和社会公众开放 … 数据的交叉分析，则可能让有心者 … "
         "挖掘出具有潜在危害的敏感信息 … "
         "健全数据资源分类分级管理制度",
         (_vs("reidentified", "open_data", "up"), _vs("exposed_share", "secure_open_sharing", "down", "open_data"),
          Claim("need_met_rate", {"secure_open_sharing": 1.0, "open_data": -0.5, "baseline": -0.5}, "up",
                "need_met_rate: secure_open_sharing keeps > ½ of open_data's gain over baseline"))),
    Fact(7, "A human-centred mix (有温度的智慧治理) beats the baseline on trust and equity at a modest "
            "efficiency cost.",
         "张成岗、阿柔娜: 构建以人为本的“有温度的智慧治理体系” … 正确处理“人治”与“技治”的关系，实现相互赋能",
         (_vs("trust", "human_centred", "up"), _vs("equity_gap", "human_centred", "down"),
          _vs("efficiency", "human_centred", "down"),
          Claim("efficiency", {"human_centred": 1.0, "baseline": -0.8}, "up",
                "efficiency: human_centred keeps > 80% of baseline's (modest cost)"))),
    Fact(8, "Inclusion training shrinks the excluded share and the gap over time.",
         "张成岗、阿柔娜: 信息技术的普及化是推动基层智慧治理的基本保障 … 技术普及的速度与智慧治理发展速度的差距较大",
         (_vs("excluded_share", "inclusion_training", "down"), _vs("technical_refugees", "inclusion_training", "down"),
          _vs("trust_gap", "inclusion_training", "down"))),
    Fact(9, "Scoring officials on digital traces (痕迹管理) raises recorded activity but lowers needs actually met.",
         "袁建军: 借助影像、图片和文字记录工作情况的惟“痕迹管理”已成为形式主义新变种 … 与治理本身背道而驰",
         (_vs("recorded_activity", "trace_management", "up"), _vs("needs_met", "trace_management", "down"))),
)


def scenarios_needed(facts: Sequence[Fact] = FACTS) -> list[str]:
    """Every scenario the facts refer to, baseline first."""
    names = {name for fact in facts for claim in fact.claims for name in claim.weights}
    return sorted(names, key=lambda n: (n != "baseline", n))


def evaluate(runs: pd.DataFrame, facts: Sequence[Fact] = FACTS, alpha: float = ALPHA,
             network: str = "small_world") -> pd.DataFrame:
    """One row per claim: the measured contrast with its 95% CI, effect size, one-sided p and pass/fail."""
    rows = []
    for fact in facts:
        for claim in fact.claims:
            d = paired_difference(claim.contrast(runs).to_numpy())
            p = d.p_value(claim.direction)
            rows.append({
                "fact": fact.number, "statement": fact.statement, "passage": fact.passage, "claim": claim.text,
                "outcome": claim.outcome, "expected": "> 0" if claim.direction == "up" else "< 0",
                "network": network, "effect": d.mean, "ci_low": d.ci_low, "ci_high": d.ci_high,
                "effect_size": d.effect_size, "p_value": p, "alpha": alpha, "replicates": d.n,
                "passed": bool(p < alpha),
            })
    return pd.DataFrame(rows)


def validation_design(*, n_citizens: int, replicates: int, networks: Sequence[str] = NETWORKS, steps: int = 104,
                      master_seed: int = 2026, window: int | None = None,
                      facts: Sequence[Fact] = FACTS) -> Design:
    """The suite as one design: the scenarios the facts need × a grid over networks × paired replicates."""
    networks = tuple(dict.fromkeys(networks))
    if not networks or any(n not in NETWORKS for n in networks):
        raise DesignError(f"networks = {list(networks)} is not allowed; expected one or more of {', '.join(NETWORKS)}")
    limits.check("steps", steps)
    window = default_window(steps) if window is None else window
    design = Design(name="validation", scenarios=tuple(scenarios_needed(facts)), method="grid",
                    factors=(Factor("network", "str", levels=networks),), replicates=replicates, steps=steps,
                    outcomes=tuple(metrics.OUTCOMES), seed=master_seed, fixed={"n_citizens": n_citizens},
                    summary_window=window)
    design.runs()  # validates every scenario's parameters before any run
    return design


def run_validation(
    *,
    n_citizens: int,
    replicates: int,
    networks: Sequence[str] = NETWORKS,
    steps: int = 104,
    master_seed: int = 2026,
    workers: int = 1,
    alpha: float = ALPHA,
    window: int | None = None,
    facts: Sequence[Fact] = FACTS,
    executor: Any = None,
    out: Path | str | None = None,
    resume: bool = False,
    progress: bool = False,
    max_runs: int | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the scenarios the facts need on each network (paired seeds) and test every claim.

    Runs go through the one runner (``workers``, ``executor``, ``out`` and ``resume`` as for
    :func:`smartgov.experiments.runner.run_design`). Returns ``(report, runs)``: the claim table (see
    :func:`evaluate`) and the per-run end-of-run means.
    """
    if not 0.0 < alpha < 1.0:
        raise DesignError(f"alpha = {alpha!r} is not allowed; expected a number in (0, 1)")
    design = validation_design(n_citizens=n_citizens, replicates=replicates, networks=networks, steps=steps,
                               master_seed=master_seed, window=window, facts=facts)
    frame = run_design(design, out, executor=executor, workers=0 if workers == 1 else workers, resume=resume,
                       progress=progress, **({} if max_runs is None else {"max_runs": max_runs}))
    runs = window_mean(frame, design.summary_window, by=("network", "scenario", "replicate", "seed"))
    reports = [evaluate(runs[runs["network"] == network], facts, alpha, network)
               for network in design.factors[0].levels]
    report = pd.concat(reports, ignore_index=True)
    report.insert(report.columns.get_loc("replicates") + 1, "n_citizens", n_citizens)
    report.attrs["window"] = design.summary_window
    runs["scenario"] = runs["scenario"].astype(str)
    return report, runs


def fact_summary(report: pd.DataFrame) -> pd.DataFrame:
    """One row per fact: passed only if every claim passed on every network."""
    grouped = report.groupby("fact", sort=True)
    return pd.DataFrame({
        "statement": grouped["statement"].first(),
        "claims": grouped["claim"].nunique(),
        "networks": grouped["network"].nunique(),
        "passed": grouped["passed"].all(),
    }).reset_index()


def markdown_report(report: pd.DataFrame) -> str:
    """The report as a Markdown table: fact, essay passage (once per fact), claim, network, expected sign,
    effect [95% CI], d_z, p, pass/fail."""
    lines = ["| fact | essay passage | claim | network | expected | effect [95% CI] | d_z | p | result |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    shown = set()
    for r in report.itertuples():
        passage = "〃" if r.fact in shown else r.passage
        shown.add(r.fact)
        lines.append(f"| {r.fact} | {passage} | {r.claim} | {r.network} | {r.expected} | {r.effect:+.4g} "
                     f"[{r.ci_low:+.4g}, {r.ci_high:+.4g}] | {r.effect_size:+.2f} | {r.p_value:.2g} | "
                     f"{'pass' if r.passed else 'FAIL'} |")
    return "\n".join(lines)
