"""The stylized-fact validation suite (DESIGN §2, facts 1–9).

Each fact is one or more *claims*. A claim is a paired linear contrast of one outcome across scenarios — e.g.
``digital_only − baseline`` for efficiency, or ``secure_open_sharing − baseline − ½(open_data − baseline)`` for
"keeps most of the benefit" — computed per replicate (all scenarios share the replicate's seed, hence its
population and network) and tested with a one-sided paired t-test at significance ``alpha`` in the expected
direction. Nothing here steers the model: the scenarios are the library files (plus named *pseudo-scenarios*, a library
scenario with parameter overrides, see :data:`VARIANTS`) and the outcomes are ``model/metrics.py``'s columns.

Verification vs validation (DESIGN §2; issue 9, item 9). Every claim has a ``kind``:

- ``verification``: the claim follows from a formula, a constant or the accounting (``why`` names the
  construction and the code path). It is still computed and shown, and it still must hold (it tests that the
  code does what the construction says), but it is not evidence that the model reproduces the fact.
- ``validation``: the claim is meant to be emergent. ``knockout`` holds parameter overrides that switch off the
  mechanism said to produce it (``mechanism`` names it and its code path); they are applied to every scenario of
  the contrast. With knock-outs run, the claim should no longer hold. A validation claim with no honest
  knock-out parameter says so in ``no_knockout``.

On each network the one-sided p-values of the *validation* claims are adjusted together with Holm's step-down
method (:func:`holm`); a validation claim passes when its Holm-adjusted p < alpha. A verification claim holds
when its unadjusted p < alpha. A knock-out is judged on its unadjusted p (the conservative choice for the
conclusion "the knock-out removes the effect"). A fact passes when all of its claims hold on every network.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from smartgov.experiments import limits
from smartgov.experiments.design import Design, DesignError, Factor
from smartgov.experiments.posterior import Particles, as_particles
from smartgov.experiments.runner import run_design
from smartgov.experiments.summaries import default_window, paired_difference, window_mean
from smartgov.model import metrics

ALPHA = 0.01
NETWORKS = ("small_world", "scale_free")
KINDS = ("validation", "verification")

VARIANTS: dict[str, tuple[str, dict[str, Any]]] = {
    # Human-only allocation: the black-box scenario with every case decided by officials' judgement
    # (decision.allocate: n_algorithm = 0; judgement has no data-richness term but costs human_review_cost more
    # per case, so fewer cases are decided with the same budget — that is the model's human allocation as is).
    "human_only_allocation": ("black_box_algorithm", {"algorithm_reliance": 0.0}),
}
"""Pseudo-scenarios: label -> (library scenario, parameter overrides). Run as separate designs, same seeds."""


def resolve(label: str) -> tuple[str, dict[str, Any]]:
    """The library scenario and the overrides behind a scenario label (a library name resolves to itself)."""
    scenario, overrides = VARIANTS.get(label, (label, {}))
    return scenario, dict(overrides)


@dataclass(frozen=True)
class Claim:
    """``sum(weight × outcome of scenario) + offset`` is expected to move in ``direction`` (above / below 0).

    ``kind``/``why`` classify the claim (see the module docstring); ``knockout`` (validation only) are the
    overrides that switch off ``mechanism``; ``reference`` is the scenario whose outcome level the relative
    effect divides by (default: the first scenario with a negative weight, else the first scenario).
    """

    outcome: str
    weights: dict[str, float]
    direction: str  # "up": contrast > 0; "down": contrast < 0
    text: str
    offset: float = 0.0
    kind: str = "validation"
    why: str = ""
    knockout: dict[str, Any] = field(default_factory=dict)
    mechanism: str = ""
    no_knockout: str = ""
    reference: str | None = None

    def contrast(self, runs: pd.DataFrame) -> pd.Series:
        """Per-replicate value of the contrast (replicates aligned by index, i.e. by seed)."""
        wide = runs.pivot(index="replicate", columns="scenario", values=self.outcome)
        total = pd.Series(self.offset, index=wide.index, dtype=float)
        for scenario, weight in self.weights.items():
            total = total + weight * wide[scenario].astype(float)
        return total

    @property
    def reference_scenario(self) -> str:
        if self.reference is not None:
            return self.reference
        negative = [name for name, weight in self.weights.items() if weight < 0]
        return negative[0] if negative else next(iter(self.weights))

    @property
    def knockout_key(self) -> str:
        """A stable text key of the knock-out overrides ("" without one)."""
        return ",".join(f"{k}={v!r}" for k, v in sorted(self.knockout.items()))


@dataclass(frozen=True)
class Fact:
    number: int
    statement: str
    passage: str
    claims: tuple[Claim, ...]


def _vs(outcome: str, treatment: str, direction: str, control: str = "baseline", **classification: Any) -> Claim:
    arrow = "↑" if direction == "up" else "↓"
    return Claim(outcome, {treatment: 1.0, control: -1.0}, direction, f"{outcome} {arrow}: {treatment} vs {control}",
                 **classification)


def _verification(why: str) -> dict[str, Any]:
    return {"kind": "verification", "why": why}


def _validation(why: str, mechanism: str, knockout: dict[str, Any] | None = None,
                no_knockout: str = "") -> dict[str, Any]:
    return {"kind": "validation", "why": why, "mechanism": mechanism, "knockout": dict(knockout or {}),
            "no_knockout": no_knockout}


# Knock-outs shared by several claims (applied to every scenario of the contrast).
NO_EXPERIENCE_TRUST = {"trust_gain": 0.0, "contact_gain": 0.0}
NO_BREACH_TRUST = {"breach_trust_loss": 0.0, "breach_news_loss": 0.0}
NO_NEWS_NETWORK = {"social_influence": 0.0, "breach_news_loss": 0.0}
NO_TRACE_BIAS = {"digital_trace_rate": 0.0}

FACTS: tuple[Fact, ...] = (
    Fact(1, "Digital-only delivery raises efficiency but widens the equity gap and lowers excluded citizens' trust.",
         "张成岗、阿柔娜: 数据鸿沟越来越显著，较为严重的不对等甚至会导致“技术难民”群体出现；"
         "袁建军: 智慧城市建设的本质是效率指向",
         (_vs("efficiency", "digital_only", "up", **_validation(
             "honest accounting (model/budget.py): every line is paid in full whether used or not, so closing "
             "counters does not save money — the counter budget becomes case capacity; whether needs met per "
             "budget unit rise depends on whether the extra cases are met online (success 0.35 + 0.6·literacy, "
             "delivery.online_success) while capacity binds and the excluded lose their fallback. (Before issue 9 "
             "case capacity was charged only when used, which made this claim hold by accounting.)",
             "the counter budget moved into case capacity, met through the online channel (budget.budget_plan, "
             "decision.allocate, delivery.deliver_services)",
             no_knockout="the treatment is closing counters itself; no parameter switches off the channel shift "
                         "without deleting the treatment")),
          _vs("equity_gap", "digital_only", "up", **_validation(
              "net of opposing effects: the excluded lose their counter fallback and rely on proxies through "
              "online neighbours, push-out moves failing users offline, while included users also lose the "
              "counter fallback and the freed budget serves more visible cases",
              "excluded citizens' dependence on counters (delivery.deliver_services: channel order visit → "
              "online → proxy → counter)",
              no_knockout="no parameter removes the excluded's dependence on counters except keeping counters "
                          "closed or open in both scenarios, which deletes the treatment itself (counter_share = 0 "
                          "in both makes baseline digital-only in channels)")),
          _vs("trust_excluded", "digital_only", "down", **_validation(
              "trust follows service experience over time (unmet needs weigh λ = 2×, no counter contact) and "
              "neighbours' trust; the excluded's unmet needs under digital-only are the emergent part",
              "service experience and face-to-face contact move trust (trust.update_trust: α⁺ = trust_gain, "
              "λα loss, contact_gain)", NO_EXPERIENCE_TRUST)))),
    Fact(2, "Inter-agency data fusion improves allocation accuracy and coverage; with weak security it also raises "
            "breach exposure and lowers trust.",
         "袁建军: 实现数据的跨层级、跨地域、跨系统、跨部门和跨业务融合 … 大数据技术公司运营风险 … "
         "数据泄露极有可能成为城市智慧治理的安全隐患",
         (_vs("allocation_accuracy", "data_fusion", "up", **_verification(
             "fusion's caseload is a superset of siloed's with estimates averaged over more captures "
             "(rules.visible_records), so the top cases by estimate come closer to the oracle allocation")),
          _vs("coverage", "data_fusion", "up", **_verification(
              "fusion's visible set is a superset of siloed's (rules.visible_records via capture.capture_data): "
              "coverage can only rise")),
          _vs("exposed_share", "vendor_breach", "up", **_verification(
              "breach hazard is a formula of the scenario's settings (security.breach_hazard): base hazard ×4, "
              "security 0.05 and oversight 0, fusion's linkage and larger holdings")),
          _vs("trust", "vendor_breach", "down", "data_fusion", **_validation(
              "more breaches cost trust directly and through news, perceived risk, consent and hence data and "
              "service; the size depends on who is exposed and how news spreads",
              "trust lost on one's own exposure and on a neighbour's (trust.update_trust: breach_trust_loss, "
              "breach_news_loss)", NO_BREACH_TRUST)))),
    Fact(3, "A black-box algorithm fed by biased data under-serves the excluded; audit/transparency narrows that gap.",
         "张成岗、阿柔娜: “算法黑箱”和“数据偏见”是智慧治理提升基层治理决策能力的两大制约因素 … "
         "其算法偏见或者歧视往往可能会被掩盖",
         (Claim("service_need_ratio_excluded", {"black_box_algorithm": 1.0}, "down",
                "service_need_ratio_excluded < 1 under black_box_algorithm", offset=-1.0, **_verification(
                    "channel visibility, not the algorithm: the excluded leave no passive digital trace and cannot "
                    "apply online (capture.capture_data, delivery.deliver_services), so fewer of their needs reach "
                    "any agency's data; holds equally under human-only allocation (review of issue 9)")),
          Claim("service_need_ratio_excluded", {"black_box_algorithm": 1.0, "human_only_allocation": -1.0}, "down",
                "service_need_ratio_excluded ↓: black_box_algorithm vs human_only_allocation", **_validation(
                    "the black box ranks by severity × data-richness, human judgement by severity only; whether "
                    "that under-serves the excluded depends on how biased the captured data are",
                    "biased data: passive digital traces only of included citizens raise their capture counts, "
                    "which the black box's confidence term rewards (capture.capture_data, rules.priority_score)",
                    NO_TRACE_BIAS)),
          _vs("equity_gap", "audited_algorithm", "down", "black_box_algorithm", **_validation(
              "the audit re-ranks only visible needs; its effect on the gap runs through trust (explained "
              "decisions soften blame, so the excluded keep seeking service and become visible)",
              "transparency: explained decisions remove a share of the blame for unmet needs "
              "(trust.update_trust: transparency_damping under the audited algorithm)",
              {"transparency_damping": 0.0})),
          _vs("service_need_ratio_excluded", "audited_algorithm", "up", "black_box_algorithm", **_validation(
              "the audit reweights groups by their estimated coverage; how much that shifts service depends on "
              "the data bias the model generates",
              "correction of biased data: inverse-coverage weights matter only while passive digital traces make "
              "the included over-covered (rules.priority_score, decision.group_coverage, capture.capture_data)",
              NO_TRACE_BIAS)))),
    Fact(4, "In-person outreach raises coverage of the excluded and trust, at a cost in efficiency.",
         "袁建军: 应通过必要的在场行动破除技术失灵，弥合情感裂痕 … 这种在场的行动也能检验数据的真实性",
         (_vs("coverage_excluded", "in_person_outreach", "up", **_verification(
             "inclusive visits go first to citizens without an online account in government records — all the "
             "excluded and about a tenth of the included — and record every visited need "
             "(capture.outreach_targets, capture.capture_data)")),
          _vs("trust", "in_person_outreach", "up", **_verification(
              "the sign follows from a constant: every visited citizen and their ties get contact_gain by rule "
              "(capture.capture_data sets flags.contact; trust.update_trust) and nothing in outreach lowers trust "
              "(its budget is added on top). Not the only path: with contact_gain = 0, 37% of the effect is left "
              "(quick set-up, p = 0.008), from needs found and met on visits")),
          _vs("efficiency", "in_person_outreach", "down", **_verification(
              "outreach is paid on top of the base budget at visit_cost = 8 online cases per visit "
              "(budget.budget_plan, additive mode)")))),
    Fact(5, "Breaches lower trust beyond those directly exposed (news spreads on the network).",
         "张成岗、阿柔娜: 部分社会公众因信息安全问题不愿将自己的信息共享于智慧治理的网络中，进而造成信任危机",
         (_vs("trust_unexposed", "vendor_breach", "down", "data_fusion", **_validation(
             "who hears of a breach and how far distrust travels depends on the network and on who is exposed",
             "breach news and social influence on the network (security.share_and_secure: heard_breach; "
             "trust.update_trust: breach_news_loss, social_step)", NO_NEWS_NETWORK)),
          _vs("consent_rate", "vendor_breach", "down", "data_fusion", **_verification(
              "consent is trust·benefit > concern·risk (security.consent_decision) and the exposed and those who "
              "hear of it get a perceived-risk jump (structural exposed_risk_jump, news_risk_jump > 0), so more "
              "breaches lower consent")))),
    Fact(6, "Open data with weak anonymization raises re-identification; graded management and strong anonymization "
            "keep most of the benefit with less harm.",
         "袁建军: 经脱敏处理后的数据还要面向企业和社会公众开放 … 数据的交叉分析，则可能让有心者 … "
         "挖掘出具有潜在危害的敏感信息 … "
         "健全数据资源分类分级管理制度",
         (_vs("reidentified", "open_data", "up", **_verification(
             "the baseline publishes nothing, so its re-identifications are structurally 0 "
             "(security.share_and_secure: only publishes_open_data)")),
          _vs("exposed_share", "secure_open_sharing", "down", "open_data", **_verification(
              "re-identification risk and breach hazard are formulas of anonymization, graded management, "
              "security and oversight (rules.unique_share, security.breach_hazard)")),
          Claim("need_met_rate", {"secure_open_sharing": 1.0, "open_data": -0.5, "baseline": -0.5}, "up",
                "need_met_rate: secure_open_sharing keeps > ½ of open_data's gain over baseline",
                reference="baseline", **_verification(
                    "third-party utility is fixed by constants: (1 − 0.5·0.8)·0.9 = 0.54 vs 1 − 0.5·0.2 = 0.9 "
                    "(rules.open_data_utility), i.e. 60% of the chance")))),
    Fact(7, "A human-centred mix (有温度的智慧治理) beats the baseline on trust and equity at a modest "
            "efficiency cost.",
         "张成岗、阿柔娜: 构建以人为本的“有温度的智慧治理体系” … 正确处理“人治”与“技治”的关系，实现相互赋能",
         (_vs("trust", "human_centred", "up", **_validation(
             "the mix changes who is served and met in person; trust integrates those experiences over time "
             "and across the network",
             "service experience and face-to-face contact move trust (trust.update_trust: trust_gain, "
             "contact_gain)", NO_EXPERIENCE_TRUST)),
          _vs("equity_gap", "human_centred", "down", **_verification(
              "each lever of the mix acts on the excluded by rule: visits target them and record their needs "
              "(capture.outreach_targets), proxy_help 0.48 → 0.7 (delivery), training moves them online "
              "(inclusion.adoption_probability)")),
          _vs("efficiency", "human_centred", "down", **_verification(
              "budget accounting: outreach_share 0.1 and the training, device and audit lines paid on top "
              "(budget.budget_plan, additive mode) and human_review_cost 0.5 extra on half the cases, so fewer "
              "cases from the same case budget (decision.allocate)")),
          Claim("efficiency", {"human_centred": 1.0, "baseline": -0.8}, "up",
                "efficiency: human_centred keeps > 80% of baseline's (modest cost)", **_verification(
                    "the size of the cost is set by the same budget constants (outreach_share 0.1, training, devices "
                    "and audit on top, human_review_cost 0.5 on half the cases; budget.budget_plan, "
                    "decision.allocate)")))),
    Fact(8, "Inclusion training shrinks the excluded share and the gap over time.",
         "张成岗、阿柔娜: 信息技术的普及化是推动基层智慧治理的基本保障 … 技术普及的速度与智慧治理发展速度的差距较大",
         (_vs("excluded_share", "inclusion_training", "down", **_verification(
             "training and device subsidies enter the adoption probability directly "
             "(inclusion.adoption_probability)")),
          _vs("technical_refugees", "inclusion_training", "down", **_verification(
              "refugees are a subset of the excluded (metrics.technical_refugees), whose number training lowers "
              "by rule")),
          _vs("trust_gap", "inclusion_training", "down", **_validation(
              "the gap between online and offline citizens' trust comes from their different service "
              "experience, accumulated over time and mixed on the network",
              "service experience and face-to-face contact move trust (trust.update_trust: trust_gain, "
              "contact_gain)", NO_EXPERIENCE_TRUST)))),
    Fact(9, "Scoring officials on digital traces (痕迹管理) raises recorded activity but lowers needs actually met.",
         "袁建军: 借助影像、图片和文字记录工作情况的惟“痕迹管理”已成为形式主义新变种 … 与治理本身背道而驰",
         (_vs("recorded_activity", "trace_management", "up", **_verification(
             "documentation entries = trace_management · trace_burden · budget / documentation_cost "
             "(budget.budget_plan)")),
          _vs("needs_met", "trace_management", "down", **_verification(
              "trace_management · trace_burden of the case budget goes to reporting (budget.budget_plan)")))),
)


def holm(p_values: Sequence[float] | np.ndarray) -> np.ndarray:
    """Holm's (1979) step-down adjusted p-values: the k-th smallest of m is multiplied by (m − k + 1), made
    monotone (a running maximum) and capped at 1. Rejecting where adjusted p < alpha controls the family-wise
    error rate at alpha. NaN p-values are left NaN and do not count in m."""
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = np.flatnonzero(~np.isnan(p))
    if len(ok) == 0:
        return out
    order = ok[np.argsort(p[ok], kind="stable")]
    m = len(order)
    adjusted = np.maximum.accumulate(p[order] * (m - np.arange(m)))
    out[order] = np.minimum(adjusted, 1.0)
    return out


def claims(facts: Sequence[Fact] = FACTS) -> list[tuple[Fact, Claim]]:
    return [(fact, claim) for fact in facts for claim in fact.claims]


def scenarios_needed(facts: Sequence[Fact] = FACTS) -> list[str]:
    """Every scenario label the facts refer to (library names and :data:`VARIANTS`), baseline first."""
    names = {name for _, claim in claims(facts) for name in claim.weights}
    return sorted(names, key=lambda n: (n != "baseline", n))


def variant_groups(facts: Sequence[Fact] = FACTS, knockouts: bool = False
                   ) -> list[tuple[str, dict[str, Any], dict[str, str]]]:
    """The runs the suite needs, grouped into designs: ``(knockout key, overrides, {library scenario: label})``.

    One group per distinct set of overrides (a design takes one ``fixed`` mapping): the library scenarios first
    (key "", no overrides), then each pseudo-scenario's overrides, then — with ``knockouts`` — every validation
    claim's knock-out applied on top of each of its scenarios (pseudo-scenario overrides included).
    """
    groups: dict[tuple[str, str], tuple[str, dict[str, Any], dict[str, str]]] = {}

    def add(key: str, overrides: dict[str, Any], scenario: str, label: str) -> None:
        ident = (key, repr(sorted(overrides.items())))
        group = groups.setdefault(ident, (key, overrides, {}))
        if group[2].setdefault(scenario, label) != label:
            raise DesignError(f"scenario labels {group[2][scenario]!r} and {label!r} resolve to the same runs")

    groups[("", "[]")] = ("", {}, {})
    for _, claim in claims(facts):
        for label in claim.weights:
            scenario, overrides = resolve(label)
            add("", overrides, scenario, label)
    if knockouts:
        for _, claim in claims(facts):
            if claim.kind == "validation" and claim.knockout:
                for label in claim.weights:
                    scenario, overrides = resolve(label)
                    add(claim.knockout_key, {**overrides, **claim.knockout}, scenario, label)
    return [group for group in groups.values() if group[2]]


def knockout_runs_per_replicate(facts: Sequence[Fact] = FACTS) -> int:
    """Extra scenario runs per network and replicate that ``knockouts=True`` adds."""
    return sum(len(labels) for key, _, labels in variant_groups(facts, knockouts=True) if key)


def _label(key: str, overrides: dict[str, Any]) -> str:
    text = "__".join(f"{k}-{v}" for k, v in sorted(overrides.items()))
    return ("ko__" if key else "") + "".join(c if c.isalnum() or c in "._-" else "_" for c in text)


def evaluate(runs: pd.DataFrame, facts: Sequence[Fact] = FACTS, alpha: float = ALPHA,
             network: str = "small_world") -> pd.DataFrame:
    """One row per claim: the measured contrast with its 95% CI, effect size, relative effect, one-sided p, the
    Holm-adjusted p over the validation claims, whether the claim holds, and (if ``runs`` has knock-out rows,
    column ``knockout`` = the claim's knock-out key) the knock-out's effect and p."""
    keyed = "knockout" in runs.columns
    main = runs[runs["knockout"] == ""] if keyed else runs
    rows = []
    for fact, claim in claims(facts):
        d = paired_difference(claim.contrast(main).to_numpy())
        p = d.p_value(claim.direction)
        reference = claim.reference_scenario
        level = float(main.loc[main["scenario"] == reference, claim.outcome].astype(float).mean())
        row = {
            "fact": fact.number, "statement": fact.statement, "passage": fact.passage, "claim": claim.text,
            "kind": claim.kind, "why": claim.why, "outcome": claim.outcome,
            "expected": "> 0" if claim.direction == "up" else "< 0", "network": network, "effect": d.mean,
            "ci_low": d.ci_low, "ci_high": d.ci_high, "effect_size": d.effect_size, "reference": reference,
            "reference_mean": level, "relative_effect": d.mean / abs(level) if level else float("nan"),
            "p_value": p, "p_holm": float("nan"), "alpha": alpha, "replicates": d.n, "passed": False,
            "mechanism": claim.mechanism, "knockout": claim.knockout_key, "no_knockout": claim.no_knockout,
            "ko_effect": float("nan"), "ko_ci_low": float("nan"), "ko_ci_high": float("nan"),
            "ko_relative_effect": float("nan"), "ko_share_of_effect": float("nan"), "ko_p_value": float("nan"),
            "ko_still_holds": None,
        }
        if keyed and claim.kind == "validation" and claim.knockout:
            ko = runs[runs["knockout"] == claim.knockout_key]
            if len(ko):
                k = paired_difference(claim.contrast(ko).to_numpy())
                k_p = k.p_value(claim.direction)
                k_level = float(ko.loc[ko["scenario"] == reference, claim.outcome].astype(float).mean())
                row.update(ko_effect=k.mean, ko_ci_low=k.ci_low, ko_ci_high=k.ci_high, ko_p_value=k_p,
                           ko_relative_effect=k.mean / abs(k_level) if k_level else float("nan"),
                           ko_share_of_effect=k.mean / d.mean if d.mean else float("nan"),
                           ko_still_holds=bool(k_p < alpha))
        rows.append(row)
    report = pd.DataFrame(rows)
    validation = (report["kind"] == "validation").to_numpy()
    report.loc[validation, "p_holm"] = holm(report.loc[validation, "p_value"].to_numpy())
    tested = np.where(validation, report["p_holm"], report["p_value"])
    report["passed"] = np.asarray(tested < alpha, dtype=bool)
    return report


def validation_design(*, n_citizens: int, replicates: int, networks: Sequence[str] = NETWORKS, steps: int = 104,
                      master_seed: int = 2026, window: int | None = None,
                      facts: Sequence[Fact] = FACTS, scenarios: Sequence[str] | None = None,
                      overrides: dict[str, Any] | None = None, name: str = "validation",
                      posterior: Particles | str | Path | None = None) -> Design:
    """The suite as one design: the library scenarios the facts need (or ``scenarios``, with ``overrides`` on
    top of each) × a grid over networks × paired replicates (the seeds depend only on the master seed). With
    ``posterior`` replicate ``r`` of every scenario and network takes posterior draw ``r`` (also only a function
    of the master seed), so the designs of the pseudo-scenarios and knock-outs draw the same parameters."""
    networks = tuple(dict.fromkeys(networks))
    if not networks or any(n not in NETWORKS for n in networks):
        raise DesignError(f"networks = {list(networks)} is not allowed; expected one or more of {', '.join(NETWORKS)}")
    limits.check("steps", steps)
    window = default_window(steps) if window is None else window
    if scenarios is None:
        scenarios = [name for name in scenarios_needed(facts) if name not in VARIANTS]
    entry = {} if posterior is None else as_particles(posterior).entry(replicates, master_seed)
    design = Design(name=name, scenarios=tuple(scenarios), method="grid",
                    factors=(Factor("network", "str", levels=networks),), replicates=replicates, steps=steps,
                    outcomes=tuple(metrics.OUTCOMES), seed=master_seed,
                    fixed={**(overrides or {}), "n_citizens": n_citizens}, summary_window=window, posterior=entry)
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
    knockouts: bool = False,
    posterior: Particles | str | Path | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the scenarios the facts need on each network (paired seeds) and test every claim.

    Runs go through the one runner (``workers``, ``executor``, ``out`` and ``resume`` as for
    :func:`smartgov.experiments.runner.run_design`): one design for the library scenarios (into ``out``) and one
    per other set of overrides — pseudo-scenarios and, with ``knockouts``, each validation claim's knock-out —
    into ``out/variants/<overrides>/``, all with the same master seed, hence the same replicate seeds. Returns
    ``(report, runs)``: the claim table (see :func:`evaluate`) and the per-run end-of-run means (``scenario`` is
    the label, ``knockout`` the knock-out key, "" for the suite itself).

    With ``posterior`` (a particles file, :mod:`smartgov.experiments.posterior`) replicate ``r`` of every
    scenario takes posterior draw ``r``: a claim then passes *across the posterior* — the same paired test, over
    replicates that each carry a draw. ``report.attrs["posterior"]`` records the file, its hash and the draws.
    """
    if not 0.0 < alpha < 1.0:
        raise DesignError(f"alpha = {alpha!r} is not allowed; expected a number in (0, 1)")
    groups = variant_groups(facts, knockouts)
    particles = None if posterior is None else as_particles(posterior)
    designs = []
    for key, overrides, labels in groups:
        name = "validation" if not key and not overrides else f"validation-{_label(key, overrides)}"
        designs.append(validation_design(n_citizens=n_citizens, replicates=replicates, networks=networks,
                                         steps=steps, master_seed=master_seed, window=window, facts=facts,
                                         scenarios=list(labels), overrides=overrides, name=name,
                                         posterior=particles))
    frames = []
    for design, (key, _, labels) in zip(designs, groups, strict=True):
        target = None if out is None else (Path(out) if design.name == "validation"
                                           else Path(out) / "variants" / design.name.removeprefix("validation-"))
        frame = run_design(design, target, executor=executor, workers=0 if workers == 1 else workers,
                           resume=resume, progress=progress, **({} if max_runs is None else {"max_runs": max_runs}))
        summary = window_mean(frame, design.summary_window, by=("network", "scenario", "replicate", "seed"))
        summary["scenario"] = summary["scenario"].astype(str).map(labels)
        summary.insert(1, "knockout", key)
        frames.append(summary)
    runs = pd.concat(frames, ignore_index=True)
    levels = designs[0].factors[0].levels
    reports = [evaluate(runs[runs["network"] == network], facts, alpha, network) for network in levels]
    report = pd.concat(reports, ignore_index=True)
    report.insert(report.columns.get_loc("replicates") + 1, "n_citizens", n_citizens)
    report.attrs["window"] = designs[0].summary_window
    report.attrs["runs"] = int(sum(d.count_runs() for d in designs))
    if particles is not None:
        entry = designs[0].posterior
        report.attrs["posterior"] = {"file": entry["file"], "sha256": entry["sha256"], "draws": replicates,
                                     "distinct": len(set(entry["rows"][:replicates])),
                                     "columns": list(entry["columns"])}
    return report, runs


def fact_summary(report: pd.DataFrame) -> pd.DataFrame:
    """One row per fact: passed only if every claim held on every network; how many of its claims are
    validation claims and how many of those passed (Holm) on every network."""
    grouped = report.groupby("fact", sort=True)
    kind = report["kind"] if "kind" in report else pd.Series("validation", index=report.index)
    validation = report.assign(_v=kind == "validation", _vp=(kind == "validation") & report["passed"])
    by_claim = validation.groupby(["fact", "claim"], sort=True).agg(v=("_v", "all"), vp=("_vp", "all"))
    per_fact = by_claim.groupby(level="fact")
    summary = pd.DataFrame({
        "statement": grouped["statement"].first(),
        "claims": grouped["claim"].nunique(),
        "validation_claims": per_fact["v"].sum().astype(int),
        "validation_passed": per_fact["vp"].sum().astype(int),
        "networks": grouped["network"].nunique(),
        "passed": grouped["passed"].all(),
    }).reset_index()
    summary.attrs.update(report.attrs)  # a summary over a posterior says so (posterior_note)
    return summary


def _result(r: Any) -> str:
    if getattr(r, "kind", "validation") == "verification":
        return "holds (verification)" if r.passed else "FAILS (verification)"
    return "pass" if r.passed else "FAIL"


def _knockout_cell(r: Any) -> str:
    if getattr(r, "kind", "validation") != "validation":
        return "—"
    if not r.knockout:
        return "none: " + (r.no_knockout or "no knock-out")
    if r.ko_still_holds is None or r.ko_still_holds != r.ko_still_holds:
        return f"`{r.knockout}` (not run)"
    verdict = "still holds" if r.ko_still_holds else "effect removed"
    return (f"`{r.knockout}`: {r.ko_effect:+.4g} ({_pct(r.ko_share_of_effect)} of the effect), "
            f"p = {r.ko_p_value:.2g} → {verdict}")


def _pct(x: float) -> str:
    return "–" if x != x else f"{100 * x:+.1f}%"


def posterior_note(report: pd.DataFrame) -> str:
    """A line saying the report ran across posterior draws (from ``report.attrs``), or "" for one parameter set."""
    info = report.attrs.get("posterior")
    if not info:
        return ""
    return (f"Across {info['draws']} posterior draws of {info['file']} (sha256 {str(info['sha256'])[:12]}…; "
            f"{info['distinct']} distinct particles; drawn: {', '.join(info['columns'])}): replicate r of every "
            "scenario runs with draw r, so \"pass\" means the claim holds across the posterior — the same paired "
            "test, over replicates that each carry parameter uncertainty as well as stochastic noise.")


def markdown_report(report: pd.DataFrame) -> str:
    """The report as a Markdown table: fact, essay passage (once per fact), claim, kind, network, expected sign,
    effect [95% CI], effect relative to the reference scenario's level, d_z, p, Holm p, result, knock-out. Over a
    posterior a line above the table says so (:func:`posterior_note`)."""
    note = posterior_note(report)
    lines = [*([note, ""] if note else []),
             "| fact | essay passage | claim | kind | network | expected | effect [95% CI] | relative | d_z | p | "
             "p (Holm) | result | knock-out: effect (share of the effect left), p → still holds? |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    shown = set()
    for r in report.itertuples():
        passage = "〃" if r.fact in shown else r.passage
        shown.add(r.fact)
        holm_p = "–" if r.p_holm != r.p_holm else f"{r.p_holm:.2g}"
        lines.append(f"| {r.fact} | {passage} | {r.claim} | {r.kind} | {r.network} | {r.expected} | "
                     f"{r.effect:+.4g} [{r.ci_low:+.4g}, {r.ci_high:+.4g}] | {_pct(r.relative_effect)} | "
                     f"{r.effect_size:+.2f} | {r.p_value:.2g} | {holm_p} | {_result(r)} | {_knockout_cell(r)} |")
    return "\n".join(lines)


REPORT_HEADER = """\
How to read this report. **Verification** claims follow from a formula, a constant or the budget accounting
(column `why` in report.csv names the construction and the code): they must hold, but they are tests of the
code, not evidence about the world. **Validation** claims are meant to be emergent: each names the mechanism
said to produce it and, where a parameter can switch that mechanism off, a **knock-out** (overrides applied to
every scenario of the contrast; `--knockouts` runs them). "Effect removed" means the claim no longer passes at
alpha under the knock-out (unadjusted one-sided p, the conservative choice for that conclusion); "still holds"
means the mechanism named is not what produces the effect. On each network the p-values of the validation claims
are adjusted together with **Holm's** step-down method; a validation claim passes when its Holm p < alpha, a
verification claim holds when its unadjusted p < alpha. **Relative** = effect / |mean of the outcome in the
reference scenario| (the contrast's control), so small absolute effects on small outcomes can be read."""
