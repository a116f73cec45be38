"""The one validated, immutable parameter object.

Every knob of the model is a field of :class:`Params`. Its metadata (allowed range or choices, unit, group, meaning
in English and Chinese, calibration source) is the single source of truth for validation, the CLI, the web app's
controls, sensitivity-analysis bounds and the parameter table in ``docs/model.md``.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

GROUPS: dict[str, tuple[str, str]] = {
    "population": ("Population and network", "人口与社会网络"),
    "data_sharing": ("Data sharing", "数据共享"),
    "participation": ("Participation and service", "参与与服务"),
    "government": ("Government decision", "政府决策"),
    "security": ("Security and privacy", "安全与隐私"),
    "trust": ("Trust dynamics", "信任动态"),
    "inclusion": ("Digital inclusion", "数字包容"),
    "structural": ("Structural assumptions", "结构性假设"),
    "costs": ("Costs and budget", "成本与预算"),
    "simulation": ("Simulation", "模拟设置"),
}


class ParameterError(ValueError):
    """A parameter value the model cannot accept; names the field, the value and what is allowed."""

    def __init__(self, name: str, value: Any, allowed: str, source: str | None = None) -> None:
        self.name, self.value, self.allowed, self.source = name, value, allowed, source
        where = f"{source}: " if source else ""
        shown, label = repr(value), str(name).encode("unicode_escape").decode("ascii")
        shown = shown if len(shown) <= 80 else shown[:79] + "…"  # a pasted 5,000-character value must not flood
        label = label if len(label) <= 60 else label[:59] + "…"
        super().__init__(f"{where}parameter '{label}' = {shown} is not allowed; expected {allowed}")


def _p(
    default: Any,
    *,
    group: str,
    en: str,
    zh: str,
    unit: str = "",
    lo: float | None = None,
    hi: float | None = None,
    choices: tuple[str, ...] | None = None,
    source: str = "assumption",
    lever: bool = False,
) -> Any:
    """A parameter field with its metadata (see module docstring)."""
    meta = {
        "group": group,
        "en": en,
        "zh": zh,
        "unit": unit,
        "range": (lo, hi) if lo is not None else None,
        "choices": choices,
        "source": source,
        "lever": lever,
    }
    return field(default=default, metadata=meta)


@dataclass(frozen=True, slots=True)
class Params:
    """All model parameters. Construct with keywords; invalid values raise :class:`ParameterError`."""

    # -- population and network ------------------------------------------------------------------
    n_citizens: int = _p(1000, group="population", lo=10, hi=1_000_000, unit="citizens",
                         en="Number of citizens simulated", zh="模拟的居民人数")
    excluded_share: float = _p(0.21, group="population", lo=0.0, hi=0.95, unit="share",
                               en="Initial share of digitally excluded citizens (no usable internet access)",
                               zh="初始数字排斥居民比例（无可用互联网接入）",
                               source="CNNIC 55th report: 78.6% penetration (Dec 2024)")
    network: str = _p("small_world", group="population", choices=("small_world", "scale_free"),
                      en="Social network generator", zh="社会网络类型")
    mean_degree: int = _p(8, group="population", lo=2, hi=40, unit="ties",
                          en="Mean number of social ties per citizen", zh="每位居民的平均社会联系数")
    rewiring: float = _p(0.1, group="population", lo=0.0, hi=1.0, unit="probability",
                         en="Small-world rewiring probability", zh="小世界网络重连概率")
    homophily: float = _p(0.7, group="population", lo=0.0, hi=1.0, unit="share",
                          en="Share of cross-group ties rewired to the same group (family, village, age)",
                          zh="跨群体联系改连为同群体联系的比例（家庭、村落、年龄）")
    need_rate: float = _p(0.08, group="population", lo=0.0, hi=1.0, unit="per week",
                          en="Weekly probability that a citizen without an open need develops one",
                          zh="无未决需求的居民每周产生新服务需求的概率")
    needs_rule: str = _p("by_attributes", group="population", choices=("by_attributes", "uniform"),
                         en="How needs arise: by citizens' attributes (older citizens more health-and-care needs, "
                            "low-resource households more welfare needs, the same mean rate) or uniform (the same "
                            "rate, domain and severity for everyone)",
                         zh="需求产生规则：按居民特征（老年人更多医疗照护需求、资源少的家庭更多社会救助需求，"
                            "总体平均需求率不变）或均匀（人人相同的需求率、领域与严重程度）",
                         source="issue 15 item 5; NHC 2019 press conference (75% of those 60+ have a chronic "
                                "disease; ≈ 40 m of 249 m disabled); NHSS 2018 chronic-disease prevalence 34.3% "
                                "(secondary); uniform = the earlier model, kept as the named alternative")
    n_agencies: int = _p(3, group="population", lo=1, hi=8, unit="agencies",
                         en="Government agencies (one service domain each)", zh="政府部门数（每部门一个服务领域）")
    n_vendors: int = _p(3, group="population", lo=1, hi=3, unit="companies",
                        en="Technology companies running agencies' platforms (借智)",
                        zh="为政府部门运营平台的科技企业数（借智）",
                        source="assumption: several firms bid for government data work (袁建军: 向大数据产业公司"
                               "“借智”); competitive bidding needs at least two (vendor_market); was 1")
    initial_trust: float = _p(0.5, group="population", lo=0.0, hi=1.0, unit="0–1",
                              en="Mean initial trust in government", zh="居民对政府的初始平均信任",
                              source="assumption (misapplied figure kept, issue 10): the midpoint of an OECD "
                                     "share (39% high or moderately high trust, 2023) and an Edelman China "
                                     "index (79), two scales that cannot be averaged; no value meets OECD's "
                                     "39% high and 44% low bands (docs/calibration.md §3)")
    initial_efficacy: float = _p(0.32, group="population", lo=0.0, hi=1.0, unit="0–1",
                                 en="Mean initial political efficacy (expecting one's views to be acted on)",
                                 zh="居民初始平均政治效能感（相信自己的意见会得到回应）",
                                 source="OECD Trust Survey 2024: 32% expect their views in a public consultation "
                                        "to be acted on — a share of people used as a mean (misapplied, kept: "
                                        "the burn-in forgets it; docs/calibration.md §3)")
    literacy_included: float = _p(0.56, group="population", lo=0.0, hi=1.0, unit="0–1",
                                  en="Mean digital literacy of included citizens", zh="已接入居民的平均数字素养",
                                  source="CASS 2021: urban digital literacy 56.3/100")
    # -- data sharing -----------------------------------------------------------------------------
    data_sharing: str = _p("siloed", group="data_sharing", choices=("siloed", "fusion", "open"), lever=True,
                           en="Data-sharing rule: siloed agencies, inter-agency fusion, or fusion plus open data",
                           zh="数据共享规则：数据孤岛、跨部门融合、或融合加开放数据")
    anonymization: float = _p(0.5, group="data_sharing", lo=0.0, hi=1.0, unit="0–1", lever=True,
                              en="Anonymization strength of published open data (share of quasi-identifiers removed)",
                              zh="开放数据的脱敏强度（去除的准标识符比例）",
                              source="Sweeney 2002 k-anonymity; Rocher et al. 2019")
    consent_required: bool = _p(True, group="data_sharing",
                                en="Only consenting citizens' records cross agency lines or are published",
                                zh="仅共享或公开经居民同意的数据")
    consent_rule: str = _p("opt_in", group="data_sharing", choices=("not_binding", "opt_in", "opt_out", "required"),
                           lever=True,
                           en="Consent rule for capture: not binding (traces taken regardless, consent gates sharing "
                              "only); opt-in (traces only with active consent); opt-out (unless actively refused); "
                              "required (consent is a condition of online service: refusers apply in person)",
                           zh="数据采集的同意规则：不约束（照常采集，同意只约束共享）；选择加入（主动同意才采集）；"
                              "选择退出（未主动拒绝即采集）；强制同意（同意是线上服务的前提，拒绝者只能线下办理）",
                           source="PIPL 2021 Art. 13(1), 14: consent voluntary, explicit and fully informed (opt-in, "
                                  "the default); Art. 16: service may be made conditional on consent only where "
                                  "necessary (required); not_binding = the earlier model (statutory-duty basis, "
                                  "Art. 13(3)), the knock-out")
    retention_limit: bool = _p(True, group="data_sharing", lever=True,
                               en="Retention limit: records not used for retention_weeks weeks are deleted (off: kept "
                                  "indefinitely, the earlier model)",
                               zh="保存期限：超过保存周数未使用的记录被删除（关闭：无限期保存，即此前的模型）",
                               source="PIPL 2021 Art. 19 (shortest period necessary), Art. 47 (delete when the "
                                      "retention period expires)")
    retention_weeks: int = _p(26, group="data_sharing", lo=1, hi=520, unit="weeks", lever=True,
                              en="Retention period: weeks an agency's record of an open need is kept after its last "
                                 "capture, and a vendor's copy after it was last in use",
                              zh="保存期限：部门对未决需求的记录自最后一次采集起、企业的副本自最后一次使用起保存的周数",
                              source="Cybersecurity Law 2016 Art. 21: network logs kept at least six months (26 "
                                     "weeks), taken as the shortest period necessary (PIPL Art. 19); assumption "
                                     "that the same period fits need records")
    capture_noise: float = _p(0.3, group="data_sharing", lo=0.0, hi=1.0, unit="sd",
                              en="Error of a recorded need-severity estimate (low-quality capture)",
                              zh="记录的需求严重程度的误差（数据采集质量）")
    digital_trace_rate: float = _p(0.5, group="data_sharing", lo=0.0, hi=1.0, unit="per week",
                                   en="Weekly chance an included citizen's online activity at some agency reveals "
                                      "a current need",
                                   zh="已接入居民的线上活动每周在某部门留下需求痕迹的概率")
    vendor_analytics: float = _p(0.5, group="data_sharing", lo=0.0, hi=1.0, unit="0–1", lever=True,
                                 en="Quality of vendor analytics (reduces estimation error)",
                                 zh="企业数据分析能力（降低估计误差）")
    open_data_value: float = _p(0.3, group="data_sharing", lo=0.0, hi=1.0, unit="per week",
                                en="Weekly chance a third-party service built on open data meets a published need",
                                zh="基于开放数据的第三方服务每周满足已公开需求的概率")
    open_data_lag_weeks: int = _p(0, group="data_sharing", lo=0, hi=52, unit="weeks", lever=True,
                                  en="Publication lag of open data: a need is in the published data only once it "
                                     "has been open this many weeks (更新频率较低)",
                                  zh="开放数据的发布滞后：需求未决满此周数才出现在公开数据中（更新频率较低）",
                                  source="essay [Z]: 基层治理的开放数据更新频率较低…多为静态的数据表达; default 0 "
                                         "(the earlier model: published the week it is recorded), an assumption, "
                                         "no measured lag")
    open_data_domains: str = _p("all", group="data_sharing", choices=("all", "not_health", "not_health_welfare"),
                                lever=True,
                                en="Domains whose records are opened: all; all but health and care (domain 0); "
                                   "all but health and care and social welfare (domains 0 and 1)",
                                zh="开放哪些领域的数据：全部；除医疗照护（领域0）外；除医疗照护与社会救助（领域0和1）外",
                                source="essay [Z]: 对一些社会需求度高的领域如教育、医疗等的数据信息资源开放力度较弱; "
                                       "default all (the earlier model)")
    analytic_capacity: float = _p(0.0, group="data_sharing", lo=0.0, hi=10.0, unit="× weekly new needs",
                                  lever=True,
                                  en="Records each agency can analyse per week, in multiples of its weekly new "
                                     "needs; records not analysed that week help no one (0 = no separate limit, "
                                     "analysis inside the case cost: the earlier model)",
                                  zh="每个部门每周能分析的记录数（以其每周新增需求数为单位）；当周未分析的记录"
                                     "无助于任何人（0 = 不单独设限，分析含在办案成本内：原模型）",
                                  source="essay [Y]: 海量数据不少仍“安睡”在硬盘和云端，尚未得到有效分析和合理利用; "
                                         "default 0 keeps the earlier model (assumption)")
    # -- participation and service ----------------------------------------------------------------
    service_rule: str = _p("hybrid", group="participation", choices=("online_only", "hybrid", "inclusive"),
                           lever=True,
                           en="Service rule: online only; online plus counters; or hybrid with outreach "
                              "targeted at the unseen",
                           zh="服务规则：仅线上；线上加窗口；或混合并把走访对准数据中看不见的人")
    counter_share: float = _p(0.3, group="participation", lo=0.0, hi=0.8, unit="share of budget", lever=True,
                              en="Budget share staffing offline counters (when the rule keeps them)",
                              zh="线下窗口占用的预算比例（规则保留窗口时）")
    outreach_share: float = _p(0.05, group="participation", lo=0.0, hi=0.5, unit="share of budget", lever=True,
                               en="Budget for in-person community visits (在场行动), added on top of the base budget",
                               zh="入户走访（在场行动）的预算，在基本预算之外追加的比例")
    proxy_help: float = _p(0.48, group="participation", lo=0.0, hi=1.0, unit="probability", lever=True,
                           en="Chance an excluded citizen with an included neighbour gets proxy help online",
                           zh="有已接入邻居的数字排斥居民获得代办帮助的概率",
                           source="UK NAO 2013: 48% of non-users helped by friends/family")
    responsiveness: float = _p(0.32, group="participation", lo=0.0, hi=1.0, unit="probability", lever=True,
                               en="Chance government visibly acts on a citizen's feedback",
                               zh="政府对居民反馈作出可见回应的概率",
                               source="assumption (misapplied figure kept, issue 10): OECD 2024's 32% who "
                                      "*expect* their views in consultations to be acted on, used as the "
                                      "chance government acts; no measured response rate found")
    # -- redress: the 12345 hotline (接诉即办), model/processes/redress.py ------------------------------
    redress: bool = _p(True, group="participation",
                       en="Redress channel: citizens with an unmet need can file a request (12345 hotline, 接诉即办); "
                          "off = the knock-out (no channel at all, during the burn-in too)",
                       zh="救济渠道：需求未满足的居民可以提出诉求（12345热线，接诉即办）；关闭即敲除该机制（预热期也没有）",
                       source="essay [Z] 责任归属、救济方式; Beijing 接诉即办 since Jan 2019 (CALIBRATION.md); "
                              "every city's 12345 hotline unified by 国办发〔2020〕53号 (secondary): on by default")
    hotline_capacity: float = _p(6.19, group="participation", lo=0.0, hi=50.0,
                                 unit="requests per 1,000 residents per week", lever=True,
                                 en="Requests the hotline can take and dispatch per week (paid in full weekly)",
                                 zh="热线每周能够受理并派单的诉求数（每周全额支付）",
                                 source="Beijing 12345 2019: 6.96 m contacts answered / 21.536 m residents / 52.18 "
                                        "weeks = 6.19 per 1,000 a week (CALIBRATION.md, secondary); all of it taken "
                                        "as request capacity because the model has no consultations (assumption)")
    response_target: int = _p(1, group="participation", lo=0, hi=4, unit="weeks", lever=True,
                              en="Response rule: weeks a dispatched request stays at the head of the responsible "
                                 "agency's cases (0 = recorded and answered, no priority)",
                              zh="响应规则：派单诉求在责任部门案件中优先办理的周数（0 = 只登记答复、不优先）",
                              source="Beijing 12345: general requests about 7 days (1 week), complex ones about "
                                     "15 days (secondary, as in docs/model.md submodel 3)")
    request_data_feed: bool = _p(False, group="participation", lever=True,
                                 en="Request data feed allocation (未诉先办): the hotline's record of each request "
                                    "enters the agency's records the allocation ranks",
                                 zh="诉求数据进入分配（未诉先办）：热线对每件诉求的记录进入部门用于排序分配的记录",
                                 source="Beijing 2019 接诉即办 was reactive; 未诉先办/主动治理 came with the 2021 "
                                        "北京市接诉即办工作条例 (secondary): off by default")
    hotline_phone: bool = _p(True, group="participation", lever=True,
                             en="The hotline takes requests by phone (usable without internet access)",
                             zh="热线接受电话诉求（无需上网即可使用）",
                             source="Beijing 2020: 90.7% of 12345 contacts by phone (CALIBRATION.md, secondary)")
    request_offset: float = _p(0.0, group="participation", lo=-3.0, hi=3.0, unit="logit",
                               en="Shift of the filing propensity relative to taking part (same resource-model "
                                  "weights: resources, efficacy, trust)",
                               zh="提出诉求倾向相对参与倾向的偏移（资源模型权重相同：资源、效能感、信任）",
                               source="assumption: 0, filing a request is an act of voice like taking part "
                                      "(Hirschman 1970; Brady, Verba & Schlozman 1995); range ±3 logit. Calibrated "
                                      "to Beijing 12345 2019 (docs/calibration.md §2): posterior median −2.16, 90% "
                                      "[−2.95, −1.30], not yet the default")
    online_request_effort: float = _p(0.0, group="participation", lo=0.0, hi=5.0, unit="logit",
                                      en="Extra effort, on the logit scale, of filing a request online rather "
                                         "than by phone (writing the case down in a web form vs telling it)",
                                      zh="网上提出诉求相对电话诉求的额外成本（logit尺度；填写网页表单而非口述）",
                                      source="assumption: 0, online as easy as a call; range 0–5 logit. Calibrated "
                                             "to Beijing 12345's channel mix, 90.7% of contacts by phone in 2020 "
                                             "(docs/calibration.md §2): posterior median 1.87, 90% [0.80, 4.16], "
                                             "not yet the default")
    # -- government decision ----------------------------------------------------------------------
    capacity_ratio: float = _p(1.45, group="government", lo=0.1, hi=5.0, unit="× online cost of new needs",
                               en="Agency weekly budget relative to the online cost of serving all new needs",
                               zh="部门每周预算与线上处理全部新增需求成本之比",
                               source="calibrated: Beijing 12345 2019, 75% of accepted requests resolved (secondary); "
                                      "model share of needs met within 2 weeks of first becoming visible = 0.753 ± "
                                      "0.019 at 1.45 (N = 1,000, 20 seeds, weeks 53–104; grid 0.5–2.0, docs/model.md "
                                      "submodel 3); was 2.0, an assumption under which capacity did not bind")
    counter_cost: float = _p(2.5, group="government", lo=1.0, hi=50.0, unit="× online case",
                             en="Cost of one counter visit relative to an online case",
                             zh="一次窗口服务相对线上办理的成本",
                             source="converted from UK Cabinet Office 2012 per-contact costs (digital ≈ 1/50 of "
                                    "face-to-face; SOCITM: online £0.15, face-to-face £8.62), which price the "
                                    "contact only: a case = 1 contact + back-office work b, so counter/online = "
                                    "(b + 50)/(b + 1); b ≈ 32 digital contacts (back office ≈ 97% of an online "
                                    "case) is an assumption, giving 2.5 and 1 budget unit ≈ £5 (2012)")
    visit_cost: float = _p(8.0, group="government", lo=1.0, hi=50.0, unit="× online case",
                           en="Cost of one community visit (a citizen and their ties) relative to an online case",
                           zh="一次走村入户（走访一位居民及其亲邻）相对线上办理的成本",
                           source="assumption: a visit (travel plus a household and its ties, ~9 people) ≈ 3 "
                                  "counter cases; UK Cabinet Office 2012 only ranks face-to-face the dearest "
                                  "channel")
    directed_collection: float = _p(0.0, group="government", lo=0.0, hi=0.5, unit="share of budget", lever=True,
                                    en="Budget for in-person needs assessments of citizens with no digital footprint "
                                       "in the records (closing the data gap an audit finds), added on top of the "
                                       "base budget",
                                    zh="对记录中没有数字足迹的居民上门评估需求的预算（弥补审计发现的数据缺口），"
                                       "在基本预算之外追加的比例",
                                    source="Chen, Johansson & Sontag 2018 (NeurIPS: unfairness from missing data is "
                                           "addressed by data collection); Kontokosta & Hong 2021 (under-reporting); "
                                           "0 = off (assumption)")
    assessment_cost: float = _p(4.0, group="government", lo=1.0, hi=50.0, unit="× online case",
                                en="Cost of one in-person needs assessment of one citizen relative to an online case",
                                zh="一次上门评估一位居民需求相对线上办理的成本",
                                source="assumption: a home visit to one household, dearer than a counter case (2.5: "
                                       "travel) and cheaper than a community visit that meets ~9 people (8)")
    algorithm: str = _p("black_box", group="government", choices=("black_box", "audited"), lever=True,
                        en="Allocation algorithm: black box on visible data, or audited (reweights "
                           "under-covered groups, explains decisions)",
                        zh="分配算法：仅用可见数据的黑箱算法，或经审计的算法（对覆盖不足群体加权并解释决策）")
    algorithm_reliance: float = _p(0.8, group="government", lo=0.0, hi=1.0, unit="share", lever=True,
                                   en="Policy target for the share of cases decided by the algorithm rather than "
                                      "human judgement (under the adaptive reliance rule agencies move toward it, "
                                      "pushed by what they observe; under the mandated rule it is the share)",
                                   zh="由算法而非人工判断决定的案件比例的政策目标（自适应规则下各部门向其调整，"
                                      "并受其观察到的绩效与积压推动；指令规则下即为实际比例）")
    human_review_cost: float = _p(0.5, group="government", lo=0.0, hi=5.0, unit="× online case",
                                  en="Extra cost of a case decided by human judgement",
                                  zh="人工判断一个案件的额外成本")
    trace_management: float = _p(0.0, group="government", lo=0.0, hi=1.0, unit="0–1", lever=True,
                                 en="Weight of digital traces in scoring officials (痕迹管理)",
                                 zh="以数字痕迹考核干部的权重（痕迹管理）")
    # technology dependence (docs/model.md submodel 3b; model/processes/judgement.py)
    judgement_rule: str = _p("dynamic", group="government", choices=("dynamic", "constant"),
                             en="Agencies' human judgement (local knowledge): grows with practice and decays with "
                                "disuse (dynamic), or held at initial_judgement (constant, the knock-out)",
                             zh="部门的人工判断力（在地知识）：随实践增长、因不用而衰退（动态），"
                                "或固定在初始值（恒定，敲除对照）",
                             source="[Z] 智慧治理越发展，基层治理主体愈发依赖技术…惯性思维; skill decay with "
                                    "non-use: Arthur et al. 1998 (Human Performance 11(1)); Tatel & Ackerman "
                                    "(Psychol Bull, doi 10.1037/bul0000481)")
    reliance_rule: str = _p("adaptive", group="government", choices=("adaptive", "mandated"),
                            en="Reliance on the algorithm: each agency's decision, moved toward the policy target "
                               "and by the performance and backlog it observes in its own data (adaptive), or "
                               "exactly the policy lever (mandated, the knock-out)",
                            zh="对算法的依赖：各部门自行决定，向政策目标调整并受其自身数据中观察到的绩效与积压推动"
                               "（自适应），或严格等于政策杠杆（指令，敲除对照）",
                            source="Parasuraman & Manzey 2010 (Human Factors 52(3)): reliance grows with workload "
                                   "and with experienced reliability of the aid; [Z] 靠数据说话")
    initial_judgement: float = _p(0.0, group="government", lo=0.0, hi=1.0, unit="0–1",
                                  en="Agencies' human judgement before the burn-in (the dynamic rule then settles "
                                     "it); under the constant rule it stays there",
                                  zh="预热期之前各部门的人工判断力（动态规则随后使其趋于稳态）；恒定规则下保持不变",
                                  source="the level the dynamic rule settles at under baseline policy (0.005, N = "
                                         "1,000, seeds 1–3, weeks 53–104; rounded to 0), so the constant knock-out "
                                         "differs in dynamics only; 0 is also the model before issue 15")
    judgement_rate: float = _p(0.025, group="government", lo=0.0125, hi=0.05, unit="per week",
                               en="Weekly rate at which judgement moves toward its level under full practice "
                                  "(learning) or full disuse (decay)",
                               zh="人工判断力每周向完全实践（学习）或完全不用（衰退）水平调整的速率",
                               source="Tatel & Ackerman (Psychol Bull, doi 10.1037/bul0000481): half of acquired "
                                      "accuracy lost after ≈ 6.5 months of non-use → ln 2 / 28 weeks ≈ 0.025; "
                                      "learning at the same rate is an assumption; range half to double")
    deference_novice: float = _p(0.75, group="government", lo=0.0, hi=1.0, unit="share",
                                 en="Automation bias of a reviewer with no local knowledge: weight given to the "
                                    "algorithm's score over their own view",
                                 zh="毫无在地知识的审核人员的自动化偏见：其排序中算法评分相对自身判断所占的权重",
                                 source="Dratsch et al. 2023 (Radiology 307(4)): with an incorrect AI suggestion "
                                        "inexperienced readers' accuracy fell from ≈ 80% to ≈ 20% (share of own "
                                        "correct reading given up ≈ 0.75; figures as reported, secondary); "
                                        "Goddard et al. 2012 (JAMIA 19(1)): less task experience, more bias")
    deference_expert: float = _p(0.45, group="government", lo=0.0, hi=1.0, unit="share",
                                 en="Automation bias of a reviewer with full local knowledge",
                                 zh="具有充分在地知识的审核人员的自动化偏见",
                                 source="Dratsch et al. 2023: very experienced readers' accuracy fell from 82% to "
                                        "≈ 45% with an incorrect AI suggestion (share given up ≈ 0.45; press "
                                        "figures, secondary); Parasuraman & Manzey 2010: experts are not immune")
    reliance_adjustment: float = _p(0.077, group="government", lo=0.0, hi=1.0, unit="per week",
                                    en="Weekly share of the gap an agency closes between its reliance on the "
                                       "algorithm and what it wants (inertia of practice, 惯性思维)",
                                    zh="部门每周弥合其算法依赖程度与期望水平之间差距的比例（惯性思维）",
                                    source="assumption: practice reviewed about quarterly (time constant ≈ 13 "
                                           "weeks: 1/13 ≈ 0.077)")
    reliance_sensitivity: float = _p(0.5, group="government", lo=0.0, hi=2.0, unit="share per unit",
                                     en="How far an agency's wanted reliance moves above the policy target per unit "
                                        "of observed advantage of the algorithm (resolution rate of its cases minus "
                                        "human cases) plus backlog pressure (share of visible cases it cannot decide "
                                        "this week)",
                                     zh="算法的观察优势（算法案件办结率减人工案件办结率）与积压压力（"
                                        "本周无法处理的可见案件比例）每增加一个单位，部门期望的算法依赖高出政策目标的幅度",
                                     source="assumption (Parasuraman & Manzey 2010 give the direction, not the size)")
    # -- security and privacy ---------------------------------------------------------------------
    security_investment: float = _p(0.5, group="security", lo=0.0, hi=1.0, unit="0–1", lever=True,
                                    en="Vendors' security investment", zh="企业安全投入")
    oversight: float = _p(0.3, group="security", lo=0.0, hi=1.0, unit="0–1", lever=True,
                          en="Government oversight of vendors (audits, accountability)", zh="政府对企业的监管")
    graded_management: bool = _p(False, group="security", lever=True,
                                 en="Classified/graded data management (分类分级): sensitive tier kept apart",
                                 zh="数据分类分级管理：敏感数据单独保护")
    breach_hazard: float = _p(0.006, group="security", lo=0.0, hi=1.0, unit="per week",
                              en="Weekly breach hazard of a vendor holding every citizen's record, "
                                 "before security",
                              zh="持有全部居民记录的企业在无防护时每周的泄露风险",
                              source="UK DCMS Cyber Security Breaches Survey 2020 (secondary): 75% of large "
                                     "businesses identified a breach or attack in 12 months, 19% of those lost "
                                     "money or data → 14%/year → 0.0030/week at the default security (0.5) and "
                                     "oversight (0.3), whose factor is 0.51 (security.breach_hazard) → 0.006 "
                                     "before security; an upper bound for a vendor (money losses count too). "
                                     "Was Verizon DBIR's 1,085 public-sector disclosures/year, a count with no "
                                     "denominator")
    vendor_market: bool = _p(True, group="security",
                             en="Vendors as stakeholders: vendors bid for each agency's data work (price, analytics, "
                                "security effort), contracts run for a term, switching costs; off: agency a runs on "
                                "vendor a mod V with fixed security and analytics (the earlier model)",
                             zh="企业作为利益相关方：企业为各部门的数据业务投标（价格、分析能力、安全投入），合同有期限，"
                                "更换有成本；关闭时部门a固定由企业a mod V承担、安全与分析能力固定（旧模型）",
                             source="issue 15 item 3; 袁建军: 政府建设智慧城市，必然需要向大数据产业公司“借智” … "
                                    "大数据技术公司运营风险; default on (the issue's normal behaviour)")
    procurement_rule: str = _p("quality_security", group="security", choices=("lowest_price", "quality_security"),
                               lever=True,
                               en="Procurement rule: lowest evaluated price, or comprehensive scoring that weighs "
                                  "price, analytics quality and security effort",
                               zh="采购规则：最低评标价法，或综合评分法（价格、分析能力、安全投入加权）",
                               source="政府采购货物和服务招标投标管理办法 (财政部令第87号, 2017): 最低评标价法 and "
                                      "综合评分法; comprehensive scoring is the usual method for services (the "
                                      "default, assumption); [Y] 评估采购硬件设备和软件的安全防护水平")
    price_weight: float = _p(0.4, group="security", lo=0.1, hi=1.0, unit="share of score",
                             en="Weight of price in the comprehensive score (the rest split equally between "
                                "analytics quality and security effort)",
                             zh="综合评分中价格的权重（其余由分析能力与安全投入平分）",
                             source="87号令 sets a floor on the price weight for services (10%, recalled, not "
                                    "verified here); 0.4 an assumption")
    vendor_liability: float = _p(0.5, group="security", lo=0.0, hi=1.0, unit="share", lever=True,
                                 en="Share of a breach's cost per exposed record that a vendor must pay when the "
                                    "breach is traced to it (contract penalty, legal liability)",
                                 zh="泄露被追溯到企业时，企业须承担的每条暴露记录泄露成本的比例（合同违约金、法律责任）",
                                 source="PIPL 2021 Art. 21 and 69 (entrusted processors liable, fault presumed); "
                                        "the share 0.5 an assumption")
    breach_cost_per_record: float = _p(14.0, group="costs", lo=7.0, hi=28.0, unit="budget units per record",
                                       en="Cost of a breach per record exposed (notification, response, remedies)",
                                       zh="每条暴露记录的泄露成本（通知、响应、补救）",
                                       source="IBM/Ponemon Cost of a Data Breach 2024 (secondary): US$173 per "
                                              "record, × 0.52 (public sector 2.55 m / all sectors 4.88 m per "
                                              "breach) ≈ US$90 ≈ £70 ≈ 14 units at £5 a unit (2024 money in "
                                              "2012 units, not deflated); range half to double")
    contract_term: int = _p(52, group="security", lo=13, hi=156, unit="weeks", lever=True,
                            en="Length of a data-work contract before it is put out to tender again",
                            zh="数据业务合同重新招标前的期限",
                            source="政府购买服务管理办法 (财政部令第102号, 2020) Art. 24: 合同履行期限一般不超过1年, "
                                   "up to 3 years for stable services")
    migration_weeks: float = _p(26.0, group="costs", lo=13.0, hi=52.0, unit="weeks of contract value",
                                en="One-off cost of moving an agency's data work to a new provider, in weeks of the "
                                   "reference contract value (the incumbent holds the data)",
                                zh="把一个部门的数据业务迁移到新承接方的一次性成本（以参考合同周价值计的周数；数据在原企业手中）",
                                source="Farrell & Klemperer 2007 (switching costs, lock-in); the size (half a "
                                       "year of contract value) an assumption; range half to double")
    exit_clause: float = _p(0.0, group="security", lo=0.0, hi=1.0, unit="share", lever=True,
                            en="Share of the migration cost removed by exit clauses (data handed over in open "
                               "formats, transition support)",
                            zh="退出条款（以开放格式移交数据、过渡期支持）消除的迁移成本比例",
                            source="Farrell & Klemperer 2007: buyers anticipating lock-in bargain for exit terms; "
                                   "0 = none (assumption)")
    inhouse_investment: float = _p(0.0, group="security", lo=0.0, hi=1.0, unit="0–1", lever=True,
                                   en="Investment in agencies' own data capacity (hiring, training); capacity "
                                      "builds over time and lets an agency do its data work in-house",
                                   zh="对部门自有数据能力的投入（招聘、培训）；能力逐步建成后部门可自行承担数据业务",
                                   source="张成岗、阿柔娜: 资金短缺、人才资源支撑力不足; 袁建军: 大多数地方政府都缺乏"
                                          "相关的专业人才; 0 = none (assumption)")
    security_effort_rule: str = _p("incentive", group="structural", choices=("incentive", "fixed"),
                                   en="Vendors' security effort: chosen to maximise profit given the procurement "
                                      "weight, liability and oversight; or fixed at security_investment (knock-out)",
                                   zh="企业安全投入：在采购权重、责任和监管下按利润最大化选择；或固定为安全投入参数（敲除）",
                                   source="Che 1993 (RAND J Econ 24(4): scoring auctions); Becker 1968 (expected "
                                          "penalty = sanction × detection); default incentive")
    breach_exposure: float = _p(0.3, group="security", lo=0.0, hi=1.0, unit="share",
                                en="Share of a vendor's records exposed in a breach", zh="一次泄露中暴露的记录比例")
    # -- trust dynamics ---------------------------------------------------------------------------
    trust_gain: float = _p(0.05, group="trust", lo=0.0, hi=0.5, unit="per event",
                           en="Trust gained from a good service experience (α⁺)", zh="良好服务带来的信任增量（α⁺）",
                           source="Slovic 1993 trust asymmetry")
    loss_aversion: float = _p(2.0, group="trust", lo=1.0, hi=5.0, unit="ratio",
                              en="Bad experiences weigh this many times more than good ones (λ)",
                              zh="负面经历相对正面经历的权重（λ）",
                              source="Slovic 1993; λ≈2 borrowed from loss aversion")
    social_influence: float = _p(0.1, group="trust", lo=0.0, hi=1.0, unit="weight",
                                 en="Weight of neighbours' mean trust in each weekly update",
                                 zh="每周信任更新中邻居平均信任的权重", source="DeGroot 1974; Friedkin–Johnsen 1990")
    breach_trust_loss: float = _p(0.3, group="trust", lo=0.0, hi=1.0, unit="share",
                                  en="Share of trust lost when one's own record is exposed",
                                  zh="本人数据泄露时失去的信任比例")
    breach_news_loss: float = _p(0.05, group="trust", lo=0.0, hi=1.0, unit="share",
                                 en="Share of trust lost on hearing a neighbour was exposed",
                                 zh="得知邻居数据泄露时失去的信任比例")
    contact_gain: float = _p(0.08, group="trust", lo=0.0, hi=0.5, unit="per event",
                             en="Trust gained from face-to-face contact with officials",
                             zh="与干部面对面接触带来的信任增量")
    transparency_damping: float = _p(0.5, group="trust", lo=0.0, hi=1.0, unit="share",
                                     en="Share of blame for an unmet need removed by an explained decision",
                                     zh="可解释的决策减少的未满足需求归咎比例")
    trust_rule: str = _p("friedkin_johnsen", group="trust",
                         choices=("degroot", "friedkin_johnsen", "bounded_confidence"),
                         en="Social-influence rule for trust: lazy DeGroot averaging (converges to consensus), "
                            "Friedkin–Johnsen anchoring to initial trust, or Hegselmann–Krause bounded confidence",
                         zh="信任的社会影响规则：惰性DeGroot平均（趋于共识）、Friedkin–Johnsen锚定初始信任、"
                            "或Hegselmann–Krause有限信任",
                         source="DeGroot 1974; Friedkin & Johnsen 1990, 1999; Hegselmann & Krause 2002. "
                                "Default friedkin_johnsen: it keeps the heterogeneity surveys show (OECD 2024: "
                                "39% high, 44% low trust), which DeGroot averaging washes out (DESIGN §2)")
    trust_anchor_weight: float = _p(0.5, group="trust", lo=0.0, hi=1.0, unit="share",
                                    en="Friedkin–Johnsen stubbornness: share of the social weight that pulls "
                                       "back to one's initial trust instead of to the neighbours",
                                    zh="Friedkin–Johnsen固执度：社会影响权重中拉回本人初始信任（而非邻居）的比例",
                                    source="Friedkin & Johnsen 1999 (anchoring to initial opinions); "
                                           "value 0.5 an assumption, no estimate for trust in government")
    confidence_bound: float = _p(0.2, group="trust", lo=0.01, hi=1.0, unit="0–1",
                                 en="Bounded confidence ε: a neighbour is listened to only if their trust differs "
                                    "by at most ε",
                                 zh="有限信任阈值ε：只听取信任差距不超过ε的邻居",
                                 source="Hegselmann & Krause 2002; Deffuant et al. 2000 (≈1/(2ε) clusters); "
                                        "value 0.2 an assumption")
    heard_gain: float = _p(0.05, group="trust", lo=0.0, hi=0.5, unit="per event",
                           en="Trust gained when government visibly acts on one's feedback (being heard)",
                           zh="政府对本人反馈作出可见回应时增加的信任（被倾听）",
                           source="OECD Society at a Glance 2024: trust 43 points higher among those who feel "
                                  "they have a say (direction; cross-sectional). Size: assumption, the same as "
                                  "a good service experience (trust_gain), to be calibrated")
    # -- digital inclusion ------------------------------------------------------------------------
    training_rate: float = _p(0.0, group="inclusion", lo=0.0, hi=0.2, unit="per week", lever=True,
                              en="Weekly chance free training reaches an excluded citizen",
                              zh="免费培训每周覆盖一位数字排斥居民的概率",
                              source="0 = no programme (the lever's off position); CNNIC 45th's 28.3% who "
                                     "say free training would help is a yearly survey share, not a weekly "
                                     "rate, and sets no value here")
    device_subsidy: float = _p(0.0, group="inclusion", lo=0.0, hi=0.2, unit="per week", lever=True,
                               en="Weekly chance a device subsidy reaches an excluded citizen",
                               zh="设备补贴每周覆盖一位数字排斥居民的概率",
                               source="CNNIC 45th: accessible devices would help 27.4%")
    peer_adoption: float = _p(0.01, group="inclusion", lo=0.0, hi=0.2, unit="per week",
                              en="Bass imitation rate: adoption chance per week with all neighbours online",
                              zh="Bass模仿系数：邻居全部上网时每周的采纳概率",
                              source="Bass 1969; CNNIC 45th: family help 29.7%")
    pushout_rate: float = _p(0.02, group="inclusion", lo=0.0, hi=0.5, unit="per week",
                             en="Weekly chance a low-literacy user failing online with no offline option gives up",
                             zh="无线下渠道时，线上屡屡失败的低素养用户每周放弃上网的概率")
    refugee_streak: int = _p(8, group="inclusion", lo=1, hi=104, unit="weeks",
                             en="Unmet-need streak that makes an excluded citizen a 'technical refugee'",
                             zh="数字排斥居民需求连续未满足多少周即视为“技术难民”")
    # -- structural assumptions -------------------------------------------------------------------
    # Former module constants of the processes (issue 9, item 10). Not levers: they describe how the world works,
    # not what a government chooses. The range of each is its *plausible* range, the one a screening design samples
    # (`bounds`), chosen by a rule stated in its source text and never to make a result hold:
    # "half to double" the default for a scale or an uncertain share (capped at the physical bound), the physical
    # bounds where the whole interval is meaningful, and for a calibrated value the values that keep its
    # calibration target within a stated band.
    excluded_literacy: float = _p(0.15, group="structural", lo=0.075, hi=0.3, unit="0–1",
                                  en="Mean initial digital literacy of digitally excluded citizens",
                                  zh="数字排斥居民的初始平均数字素养",
                                  source="assumption, below CASS 2021 rural digital literacy 35.1/100; range half "
                                         "to double, which stays below that rural mean")
    base_perceived_risk: float = _p(0.4, group="structural", lo=0.2, hi=0.8, unit="0–1",
                                    en="Perceived risk of sharing data before any breach news, and the level it "
                                       "decays back to",
                                    zh="在没有任何泄露消息时分享数据的感知风险，也是感知风险回落的基准",
                                    source="assumption; range half to double")
    in_person_noise: float = _p(0.3, group="structural", lo=0.15, hi=0.6, unit="× capture_noise",
                                en="Estimation error of an in-person visit, as a share of capture_noise "
                                   "(在场行动检验数据真实性)",
                                zh="入户走访记录的估计误差（capture_noise的倍数）：在场行动检验数据真实性",
                                source="assumption; range half to double")
    counter_noise: float = _p(0.6, group="structural", lo=0.3, hi=1.0, unit="× capture_noise",
                              en="Estimation error of a counter interview or offline feedback, as a share of "
                                 "capture_noise (better than a web form, worse than a home visit)",
                              zh="窗口面谈或线下反馈的估计误差（capture_noise的倍数）：优于网上表单，不及入户走访",
                              source="assumption; range half to double, capped at 1 (no better than a raw capture)")
    documentation_cost: float = _p(0.25, group="structural", lo=0.125, hi=0.5, unit="× online case",
                                   en="Cost of one trace report (photo, form, log entry)",
                                   zh="一份留痕材料（照片、表格、台账）的成本",
                                   source="assumption; range half to double")
    trace_burden: float = _p(0.3, group="structural", lo=0.15, hi=0.6, unit="share of budget",
                             en="Share of the base budget that full trace-based scoring (痕迹管理 = 1) turns into "
                                "reporting",
                             zh="完全以痕迹考核（痕迹管理 = 1）时转为留痕报告的基本预算比例",
                             source="assumption; range half to double")
    trace_preference: float = _p(2.0, group="structural", lo=1.0, hi=4.0, unit="ratio",
                                 en="Extra weight a fully trace-scored official gives a case that leaves a digital "
                                    "trace (its score × (1 + this × trace_management))",
                                 zh="完全以痕迹考核的干部对留痕案件的额外偏好（得分 × (1 + 此值 × 痕迹管理)）",
                                 source="assumption; range half to double")
    human_judgement_noise: float = _p(0.5, group="structural", lo=0.25, hi=1.0, unit="× capture_noise",
                                      en="Error of officials' judgement of a case, as a share of capture_noise "
                                         "(no data-richness bias)",
                                      zh="干部人工判断案件的误差（capture_noise的倍数，无数据丰富度偏差）",
                                      source="assumption; range half to double")
    proxy_success: float = _p(0.8, group="structural", lo=0.4, hi=1.0, unit="probability",
                              en="Chance a neighbour acting online for an excluded citizen gets the need met",
                              zh="邻居代办线上事务办成的概率",
                              source="assumption; range half to double, capped at 1")
    proxy_extra_cost: float = _p(0.5, group="structural", lo=0.25, hi=1.0, unit="× online case",
                                 en="Extra handling cost of a case submitted by a proxy",
                                 zh="代办提交的案件额外的处理成本",
                                 source="assumption; range half to double")
    literacy_gain: float = _p(0.02, group="structural", lo=0.01, hi=0.04, unit="share",
                              en="Share of the gap to full digital literacy closed by each successful online use",
                              zh="每次成功使用线上服务后，数字素养向满分缩小差距的比例",
                              source="assumption; range half to double")
    innovation: float = _p(0.0005, group="structural", lo=0.00025, hi=0.001, unit="per week",
                           en="Bass innovation rate p: weekly adoption chance with no online neighbour (~3% a year)",
                           zh="Bass创新系数p：没有上网邻居时每周的采纳概率（约每年3%）",
                           source="Bass 1969 (form); value an assumption; range half to double (≈1.3–5% a year)")
    new_user_literacy: float = _p(0.3, group="structural", lo=0.15, hi=0.56, unit="0–1",
                                  en="Digital literacy a citizen has at least when just come online",
                                  zh="刚上网居民至少具有的数字素养",
                                  source="assumption; range half to double, capped at the included mean 0.56 (a "
                                         "newcomer is not above the average user)")
    pushout_literacy: float = _p(0.3, group="structural", lo=0.15, hi=0.56, unit="0–1",
                                 en="Only online users below this digital literacy can be pushed out",
                                 zh="数字素养低于此值的线上用户才可能被推出网络",
                                 source="assumption; range half to double, capped at the included mean 0.56 (a "
                                        "'low-literacy' threshold above the average user is not low)")
    pushout_failures: int = _p(3, group="structural", lo=1, hi=6, unit="attempts",
                               en="Consecutive failed online attempts before a low-literacy user may give up",
                               zh="低素养用户连续线上失败多少次后可能放弃上网",
                               source="assumption; range half to double, 1.5 rounded down to 1")
    efficacy_step: float = _p(0.1, group="structural", lo=0.05, hi=0.2, unit="share",
                              en="Share of the distance to 1 (response) or 0 (no response) that one consultation "
                                 "moves political efficacy",
                              zh="一次参与得到回应（或未回应）时政治效能感向1（或0）移动的距离比例",
                              source="assumption; range half to double")
    offline_effort: float = _p(0.5, group="structural", lo=0.25, hi=1.0, unit="logit",
                               en="Extra cost, on the logit scale, of taking part in person rather than online",
                               zh="线下参与相对线上参与的额外成本（logit尺度）",
                               source="assumption; range half to double")
    consent_benefit: float = _p(0.35, group="structural", lo=0.29, hi=0.41, unit="0–1",
                                en="Perceived benefit of sharing one's data in the privacy calculus",
                                zh="隐私计算中分享本人数据的感知收益",
                                source="calibrated so ~41% consent at the start (Accenture 2020); range: the values "
                                       "giving 31–52% initial consent at default trust, concern and risk (target "
                                       "± 10 pp)")
    default_effort: float = _p(0.06, group="structural", lo=0.045, hi=0.08, unit="0–1",
                               en="Margin of the privacy calculus needed to leave a consent default (effort of "
                                  "opting in or out)",
                               zh="离开同意默认选项所需的隐私计算净收益（主动选择加入或退出的成本）",
                               source="calibrated: Johnson & Goldstein 2003 (Science), online experiment, 42% consent "
                                      "under opt-in vs 82% under opt-out, a 40-pp default effect; 0.06 gives 39 pp "
                                      "(initial draws, N = 200,000); range: the values giving 30–51 pp (Johnson, "
                                      "Bellman & Lohse 2002 privacy defaults: ~48 pp)")
    explained_benefit: float = _p(0.05, group="structural", lo=0.025, hi=0.1, unit="0–1",
                                  en="Perceived benefit added when the audited algorithm explains its decisions",
                                  zh="经审计的算法解释决策时增加的感知收益",
                                  source="IDB 2024 survey experiment: explaining the benefit raises acceptance by "
                                         "~5 pp; range half to double")
    risk_memory: float = _p(0.95, group="structural", lo=0.9, hi=0.975, unit="per week",
                            en="Weekly persistence of perceived risk above its base level",
                            zh="感知风险高于基准部分的每周保持比例",
                            source="assumption (half-life 13.5 weeks); range: about half to double the "
                                   "half-life (6.6–27 weeks), rounded")
    exposed_risk_jump: float = _p(0.5, group="structural", lo=0.25, hi=1.0, unit="share",
                                  en="Share of the distance to 1 perceived risk moves when one's own record is "
                                     "exposed",
                                  zh="本人数据泄露时感知风险向1移动的距离比例",
                                  source="assumption; range half to double (1: all the way)")
    news_risk_jump: float = _p(0.15, group="structural", lo=0.075, hi=0.3, unit="share",
                               en="Share of the distance to 1 perceived risk moves when a neighbour was exposed",
                               zh="得知邻居数据泄露时感知风险向1移动的距离比例",
                               source="assumption; range half to double")
    graded_hazard: float = _p(0.5, group="structural", lo=0.25, hi=1.0, unit="ratio",
                              en="Factor on a vendor's breach hazard under graded management (分类分级)",
                              zh="分类分级管理下企业泄露风险的乘数",
                              source="assumption; range half to double (1: no protection)")
    graded_exposure: float = _p(0.4, group="structural", lo=0.2, hi=0.8, unit="ratio",
                                en="Factor on the share of records a breach exposes under graded management "
                                   "(the sensitive tier kept apart)",
                                zh="分类分级管理下一次泄露暴露记录比例的乘数（敏感数据单独保护）",
                                source="assumption; range half to double")
    linkage_attack_rate: float = _p(0.05, group="structural", lo=0.025, hi=0.1, unit="per week",
                                    en="Weekly chance an adversary cross-analyses a published unique record "
                                       "(re-identification)",
                                    zh="攻击者每周对已公开的唯一记录进行关联分析（重识别）的概率",
                                    source="assumption; range half to double")
    older_need_ratio: float = _p(2.95, group="population", lo=1.5, hi=5.9, unit="ratio",
                                 en="Health-and-care need rate of citizens aged 60+ relative to younger citizens "
                                    "(needs_rule by_attributes)",
                                 zh="60岁及以上居民相对年轻居民的医疗照护需求率之比（按特征产生需求时）",
                                 source="chronic-disease prevalence 60+ vs under 60: 75% (NHC 2019, secondary) vs "
                                        "(34.3% − 17.9% × 75%)/82.1% = 25.4% (NHSS 2018 all-ages prevalence 34.3%, "
                                        "secondary; 60+ share 17.9% end-2018) → 2.95; using prevalence as the "
                                        "ratio of weekly needs is an assumption; range half to double")
    welfare_need_slope: float = _p(0.5, group="population", lo=0.25, hi=1.0, unit="0–1",
                                   en="How much social-welfare need rises as resources fall: factor 1 + slope × "
                                      "(1 − 2 × resources) (needs_rule by_attributes)",
                                   zh="社会救助需求随资源减少而上升的幅度：系数 1 + 斜率 × (1 − 2 × 资源)"
                                      "（按特征产生需求时）",
                                   source="direction: social assistance (低保) is means-tested, NHSS 2018 reports "
                                          "higher need among low-income residents (secondary); size an assumption "
                                          "(0.5: the poorest have 3 × the richest's rate); range half to double")
    older_severe_share: float = _p(0.16, group="population", lo=0.08, hi=0.32, unit="share",
                                   en="Share of the health-and-care needs of citizens aged 60+ that are severe "
                                      "(severity Beta(3, 2) instead of Beta(2, 3))",
                                   zh="60岁及以上居民医疗照护需求中属于重度的比例"
                                      "（严重程度取Beta(3, 2)而非Beta(2, 3)）",
                                   source="NHC 2019 (secondary): ≈ 40 m of 249 m aged 60+ fully or partly disabled "
                                          "= 16%; the Beta(3, 2) shape is an assumption; range half to double")
    # -- costs and budget -------------------------------------------------------------------------
    # What each lever costs, in budget units (1 = the whole cost of one online case ≈ £5 in 2012, see counter_cost),
    # charged in full every week by model/budget.py. Not levers: prices, not choices. Ranges: half to double.
    # "× need cost" = a share of the online cost of serving all new needs per week (need_rate × n_citizens), the
    # agency's size; at capacity_ratio 2 the base budget is twice that.
    budget_mode: str = _p("additive", group="costs", choices=("additive", "neutral"),
                          en="Budget mode: additive (outreach and lever costs paid on top of the base budget) or "
                             "neutral (a fixed total: they come out of case capacity)",
                          zh="预算模式：追加（走访和各项政策成本在基本预算之外支付）或总额固定（从办案经费中扣除）",
                          source="design choice (issue 9 item 6); additive keeps the earlier budget")
    training_cost: float = _p(3.0, group="costs", lo=1.5, hi=6.0, unit="budget units per trainee",
                              en="Cost of basic digital-skills training per excluded citizen reached",
                              zh="每培训一位数字排斥居民的成本",
                              source="Good Things Foundation, Future Digital Inclusion 2014–19: £15m (DfE) for "
                                     ">1 million learners ≈ £15 per learner ≈ 3 units at £5 a unit; public funding "
                                     "only (centres add their own), so the range runs to double")
    device_cost: float = _p(10.0, group="costs", lo=5.0, hi=20.0, unit="budget units per device",
                            en="Cost of one subsidised easy-to-use device per excluded citizen reached",
                            zh="每补贴一台适老化设备的成本",
                            source="assumption: a basic smartphone subsidy ≈ ¥450 ≈ £50 ≈ 10 units at £5 a unit; "
                                   "range half to double")
    response_cost: float = _p(0.5, group="costs", lo=0.25, hi=1.0, unit="budget units per response",
                              en="Staff time to act visibly on one piece of citizen feedback (rostered on last "
                                 "week's responses)",
                              zh="对一条居民反馈作出可见回应所需的人力成本（按上周回应量排班）",
                              source="assumption: half an online case; range half to double")
    hotline_cost: float = _p(1.2, group="costs", lo=0.6, hi=2.4, unit="budget units per request",
                             en="Cost of hotline capacity for one request (intake call, dispatch, call-back)",
                             zh="热线每件诉求的容量成本（受理来电、派单、回访）",
                             source="UK Cabinet Office 2012: a digital contact ≈ 1/20 of a phone contact; 1 unit ≈ "
                                    "33 digital contacts (counter_cost) → a phone contact ≈ 0.61 unit; a request = "
                                    "intake call + call-back (Beijing calls every requester back) ≈ 1.2; dispatch "
                                    "not priced (assumption); range half to double")
    security_cost: float = _p(0.1, group="costs", lo=0.05, hi=0.2, unit="× need cost per week",
                              en="Weekly cost of vendors' security at full investment (scaled by "
                                 "security_investment)",
                              zh="企业安全投入满额时的每周成本（按安全投入缩放）",
                              source="US federal IT security ≈ 8–10% of IT budgets (IDC 2012: 8%; OMB FY2009: "
                                     "10.3%); IT ≈ a quarter of a digital agency's base budget is an assumption, "
                                     "so default investment 0.5 costs ≈ 2.5% of the base; range half to double")
    oversight_cost: float = _p(0.06, group="costs", lo=0.03, hi=0.12, unit="× need cost per week",
                               en="Weekly cost of full government oversight of vendors (audits, inspections; "
                                  "scaled by oversight)",
                               zh="政府对企业满额监管（审计、检查）的每周成本（按监管强度缩放）",
                               source="assumption: full oversight ≈ 3% of the base budget; range half to double")
    audit_cost: float = _p(0.04, group="costs", lo=0.02, hi=0.08, unit="× need cost per week",
                           en="Running cost of the audited algorithm (audit team, coverage checks, explanations)",
                           zh="经审计算法的运行成本（审计团队、覆盖检查、决策解释）",
                           source="assumption: ≈ 2% of the base budget; range half to double")
    fusion_cost: float = _p(0.05, group="costs", lo=0.025, hi=0.1, unit="× need cost per week",
                            en="Running cost of inter-agency data fusion (integration, data governance)",
                            zh="跨部门数据融合的运行成本（系统对接、数据治理）",
                            source="assumption: ≈ 2.5% of the base budget; range half to double")
    open_data_cost: float = _p(0.02, group="costs", lo=0.01, hi=0.04, unit="× need cost per week",
                               en="Running cost of publishing open data (on top of fusion)",
                               zh="开放数据发布的运行成本（在融合成本之外）",
                               source="assumption; range half to double")
    anonymization_cost: float = _p(0.04, group="costs", lo=0.02, hi=0.08, unit="× need cost per week",
                                   en="Weekly cost of full anonymization of published data (scaled by "
                                      "anonymization; only when open data is published)",
                                   zh="对公开数据完全脱敏的每周成本（按脱敏强度缩放；仅在开放数据时）",
                                   source="assumption; range half to double")
    graded_cost: float = _p(0.02, group="costs", lo=0.01, hi=0.04, unit="× need cost per week",
                            en="Running cost of graded data management (分类分级)",
                            zh="数据分类分级管理的运行成本",
                            source="assumption; range half to double")
    consent_cost: float = _p(0.01, group="costs", lo=0.005, hi=0.02, unit="× need cost per week",
                             en="Weekly cost of consent management while consent binds capture (notices, consent "
                                "records, withdrawals)",
                             zh="同意约束采集时的每周同意管理成本（告知、同意记录、撤回处理）",
                             source="assumption: ≈ 0.7% of the base budget; range half to double")
    retention_cost: float = _p(0.01, group="costs", lo=0.005, hi=0.02, unit="× need cost per week",
                               en="Weekly cost of running a retention schedule (automated deletion, deletion audits)",
                               zh="执行保存期限制度的每周成本（自动删除、删除审计）",
                               source="assumption: ≈ 0.7% of the base budget; range half to double")
    analytics_cost: float = _p(0.08, group="costs", lo=0.04, hi=0.16, unit="× need cost per week",
                               en="Weekly cost of vendor analytics at full quality (scaled by vendor_analytics)",
                               zh="企业数据分析能力满额时的每周成本（按分析能力缩放）",
                               source="assumption: default quality 0.5 ≈ 2% of the base budget; range half to "
                                      "double")

    analysis_cost: float = _p(0.1, group="costs", lo=0.05, hi=0.2, unit="budget units per record",
                              en="Cost of analytic capacity for one record a week (charged only when "
                                 "analytic_capacity sets a separate limit)",
                              zh="每周分析一条记录的分析能力成本（仅在分析能力单独设限时计入）",
                              source="assumption: a tenth of an online case (screening a record, not handling "
                                     "it); range half to double")
    inhouse_build_weeks: float = _p(104.0, group="structural", lo=52.0, hi=208.0, unit="weeks",
                                    en="Time constant of building in-house data capacity at full investment",
                                    zh="满额投入下建成部门自有数据能力的时间常数",
                                    source="assumption (two years to hire and train a data team); range half to "
                                           "double")
    third_party_breach_share: float = _p(0.3, group="structural", lo=0.15, hi=0.3, unit="share",
                                         en="Share of breaches that come through a third party (removed for data "
                                            "kept in-house)",
                                         zh="经由第三方发生的泄露比例（数据自持时消除）",
                                         source="Verizon DBIR 2024: 15%; DBIR 2025: 30% (secondary); the range is "
                                                "the two figures")
    vendor_markup: float = _p(0.1, group="structural", lo=0.05, hi=0.2, unit="share",
                              en="Vendors' margin over cost when no competitor binds (also the in-house cost "
                                 "advantage: in-house work carries none)",
                              zh="无竞争约束时企业在成本之上的加价比例",
                              source="assumption; range half to double")
    vendor_spread: float = _p(0.3, group="structural", lo=0.0, hi=0.6, unit="share",
                              en="Spread of vendors' cost types: each vendor's security and analytics costs are "
                                 "drawn uniformly within ± this share of the reference",
                              zh="企业成本类型的离散程度：各企业安全与分析成本在参考值的正负此比例内均匀抽取",
                              source="assumption; range 0 (identical vendors) to double")
    inhouse_cost: float = _p(0.1, group="costs", lo=0.05, hi=0.2, unit="× need cost per week",
                             en="Weekly cost of building in-house data capacity at full investment (scaled by "
                                "inhouse_investment)",
                             zh="满额投入建设部门自有数据能力的每周成本（按投入缩放）",
                             source="assumption: like full security (security_cost); range half to double")

    # -- simulation -------------------------------------------------------------------------------
    burn_in_weeks: int = _p(988, group="simulation", lo=0, hi=2080, unit="weeks",
                            en="Weeks simulated under baseline policy before week 0, so every scenario starts from "
                               "the same present-day world in its steady state",
                            zh="第0周之前以基准政策模拟的周数，使每个情景都从同一个处于稳态的当下世界出发",
                            source="steady-state diagnostic (experiments/steady_state.py, docs/steady_state.md), "
                                   "rerun on the model after issue 9: after 19 years the start no longer shows in "
                                   "trust, participation or the backlog (efficacy's slow tail excluded, stated)")

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            _validate(f, value)
            if f.type == "float" and isinstance(value, int):
                object.__setattr__(self, f.name, float(value))  # 1 and 1.0 are the same run
        if self.vendor_market and self.n_vendors < 2:  # a tender needs competitors
            raise ParameterError("n_vendors", self.n_vendors, "at least 2 when vendor_market is on (vendors bid "
                                 "against each other); set vendor_market=False for a single vendor")
        if self.budget_mode == "neutral":  # a fixed total must hold every line (model/budget.py)
            from .budget import check_neutral

            check_neutral(self)

    # -- construction helpers --------------------------------------------------------------------
    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], source: str | None = None) -> Params:
        """Build from a mapping (scenario file, CLI, UI); unknown keys and bad values raise ParameterError."""
        known = {f.name: f for f in dataclasses.fields(cls)}
        for key in values:
            if key not in known:
                close = difflib.get_close_matches(str(key), known, n=3)
                hint = f"one of the known parameters (did you mean {', '.join(close)}?)" if close else (
                    "a known parameter name (see `smartgov params`)")
                raise ParameterError(str(key), values[key], hint, source)
        try:
            return cls(**dict(values))
        except ParameterError as err:
            if source and not err.source:
                raise ParameterError(err.name, err.value, err.allowed, source) from None
            raise

    def replace(self, **changes: Any) -> Params:
        """A copy with some fields changed (validated)."""
        return Params.from_mapping({**self.to_dict(), **changes})

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    @staticmethod
    def parse_value(name: str, text: str) -> Any:
        """Turn a CLI/UI string into the field's type; raises ParameterError naming the field."""
        try:
            f = field_info(name)
        except ParameterError as err:
            raise ParameterError(name, text, err.allowed) from None
        kind = f.type
        try:
            if kind == "bool":
                low = text.strip().lower()
                if low in ("true", "1", "yes", "on"):
                    return True
                if low in ("false", "0", "no", "off"):
                    return False
                raise ValueError
            if kind == "int":
                return int(text)
            if kind == "float":
                return float(text)
        except ValueError:
            raise ParameterError(name, text, allowed_text(f)) from None
        return text


def fields() -> tuple[dataclasses.Field, ...]:
    """All parameter fields, in declaration order."""
    return dataclasses.fields(Params)


def levers() -> tuple[str, ...]:
    """Names of the policy levers (fields with metadata ``lever=True``): what a government chooses."""
    return tuple(f.name for f in fields() if f.metadata["lever"])


def baseline_policy(params: Params) -> Params:
    """``params`` with every lever at its default: the baseline policy in the same world.

    The burn-in runs under it, so no lever shapes the present-day world a scenario starts from
    (scenarios/baseline.yaml sets no lever away from these defaults; a test checks it).
    """
    changes = {f.name: f.default for f in fields() if f.metadata["lever"] and getattr(params, f.name) != f.default}
    return params.replace(**changes) if changes else params


def field_info(name: str) -> dataclasses.Field:
    """The field called ``name``; unknown names raise ParameterError."""
    for f in dataclasses.fields(Params):
        if f.name == name:
            return f
    close = difflib.get_close_matches(name, [f.name for f in dataclasses.fields(Params)], n=3)
    hint = f"one of the known parameters (did you mean {', '.join(close)}?)" if close else (
        "a known parameter name (see `smartgov params`)")
    raise ParameterError(name, name, hint)


def allowed_text(f: dataclasses.Field) -> str:
    m = f.metadata
    if m["choices"]:
        return "one of " + ", ".join(repr(c) for c in m["choices"])
    if f.type == "bool":
        return "true or false"
    lo, hi = m["range"]
    kind = "an integer" if f.type == "int" else "a number"
    return f"{kind} in [{lo:g}, {hi:g}]"


def _validate(f: dataclasses.Field, value: Any) -> None:
    kind = f.type
    if kind == "bool":
        ok = isinstance(value, bool)
    elif kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind == "float":
        ok = isinstance(value, int | float) and not isinstance(value, bool) and value == value
    else:
        ok = isinstance(value, str)
    if not ok:
        raise ParameterError(f.name, value, allowed_text(f))
    m = f.metadata
    if m["choices"] and value not in m["choices"]:
        raise ParameterError(f.name, value, allowed_text(f))
    if m["range"]:
        lo, hi = m["range"]
        if not lo <= value <= hi:
            raise ParameterError(f.name, value, allowed_text(f))


def parameter_table(lang: str = "en") -> str:
    """The Markdown parameter table for the docs, generated from the field metadata."""
    rows = ["| parameter | group | default | allowed | unit | meaning | 含义 | source |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for f in fields():
        m = f.metadata
        rows.append(
            f"| `{f.name}` | {GROUPS[m['group']][0]} | `{f.default!r}` | {allowed_text(f)} | {m['unit']} | "
            f"{m['en']} | {m['zh']} | {m['source']} |"
        )
    return "\n".join(rows)


def bounds(name: str) -> tuple[float, float]:
    """Numeric range of a parameter (for sampling designs); ParameterError if it has none."""
    f = field_info(name)
    if f.metadata["range"] is None:
        raise ParameterError(name, name, "a numeric parameter (this one is a choice or a switch)")
    lo, hi = f.metadata["range"]
    return float(lo), float(hi)
