"""Every string the web app shows, in English and Simplified Chinese.

Parameter labels are not here: they come from the ``en``/``zh`` metadata of :class:`smartgov.model.Params`;
outcome labels from the outcome registry (:mod:`smartgov.model.metrics`); scenario texts from the scenario files;
so one switch changes all of it. ``t(key, lang)`` falls back to English, then to the key itself, so a missing
translation shows up instead of crashing.
"""

from __future__ import annotations

from smartgov.model import metrics
from smartgov.model.params import ParameterError, allowed_text, field_info

LANGUAGES = {"en": "English", "zh": "简体中文"}

STRINGS: dict[str, tuple[str, str]] = {
    # frame
    "app_title": ("smartgov — smart governance simulator", "smartgov — 智慧治理模拟器"),
    "tab_explore": ("Explore", "探索"),
    "tab_compare": ("Compare A/B", "A/B 对比"),
    "tab_lessons": ("Lessons", "课堂"),
    "tab_about": ("About the model", "关于模型"),
    "presentation_on": ("Present", "演示模式"),
    "presentation_off": ("End presentation", "退出演示"),
    # scenario
    "scenario": ("Scenario", "情景"),
    "what_to_watch": ("What to watch", "观察要点"),
    "source": ("Source", "出处"),
    "upload_title": ("Your own scenario file", "自定义情景文件"),
    "upload_drop": ("Drop a scenario .yaml file here (max {kb} KB)", "将情景 .yaml 文件拖到此处（最大 {kb} KB）"),
    "upload_paste": ("…or paste scenario YAML", "……或粘贴情景 YAML"),
    "upload_load": ("Load pasted scenario", "载入粘贴的情景"),
    "upload_ok": ("Loaded scenario '{name}'.", "已载入情景“{name}”。"),
    "upload_too_big": ("The file is {size} bytes; scenario files may be at most {max} bytes.",
                       "文件大小为 {size} 字节；情景文件最大为 {max} 字节。"),
    "upload_empty": ("Nothing to load: the text is empty.", "没有可载入的内容：文本为空。"),
    "upload_bad": ("This scenario cannot be used: {error}", "无法使用该情景：{error}"),
    # controls
    "parameters": ("Parameters", "参数"),
    "edited": ("edited", "已修改"),
    "reset_edits": ("Undo my edits", "撤销修改"),
    "seed": ("Seed", "随机种子"),
    "bad_seed": ("Seed {value!r} is not allowed; expected a whole number ≥ 0",
                 "随机种子 {value!r} 无效；应为不小于 0 的整数（≥ 0）"),
    "empty_seed": ("Seed is empty; expected a whole number ≥ 0", "随机种子为空；应为不小于 0 的整数（≥ 0）"),
    "ui_limit": ("{field} = {value} is more than the web app allows: at most {max} (use `smartgov run` for larger "
                 "runs)",
                 "{field} = {value} 超出网页版的上限：最多 {max}（更大规模的运行请使用 `smartgov run`）"),
    "allowed": ("allowed", "允许"),
    "unit": ("unit", "单位"),
    "bad_value": ("Not applied — {error}", "未应用 — {error}"),
    "empty_value": ("Not applied — '{name}' is empty; expected {allowed}", "未应用 — “{name}”为空；应为 {allowed}"),
    # player
    "play": ("Play", "播放"),
    "pause": ("Pause", "暂停"),
    "step": ("Step", "单步"),
    "reset": ("Reset", "重置"),
    "speed": ("Speed (weeks per second)", "速度（每秒周数）"),
    "week": ("week", "周"),
    "week_n": ("Week {n}", "第 {n} 周"),
    "finished": ("Reached the {n}-week limit; reset to run again.", "已达到 {n} 周上限；请重置后再运行。"),
    # network
    "network": ("Social network", "社会网络"),
    "colour_trust": ("trust", "信任"),
    "colour_group": ("group", "群体"),
    "colour_need": ("need met this week", "本周需求是否满足"),
    "legend_trust": ("red = low trust, green = high trust", "红 = 信任低，绿 = 信任高"),
    "legend_group": ("blue = online (included), orange = digitally excluded",
                     "蓝 = 上网居民，橙 = 数字排斥居民"),
    "legend_need": ("green = need met, red = need unmet, grey = no need", "绿 = 需求满足，红 = 未满足，灰 = 无需求"),
    "legend_shape": ("squares = digitally excluded citizens", "方块 = 数字排斥居民"),
    "network_note": ("{n} citizens, {e} ties; layout computed once per reset",
                     "{n} 位居民，{e} 条联系；布局每次重置时计算一次"),
    # KPIs
    "since_start": ("since start", "较开始"),
    "kpi_note": ("Flow outcomes are 4-week means.", "流量指标为 4 周均值。"),
    # charts
    "charts": ("Over time, by group", "随时间变化（分群体）"),
    "included": ("online (included)", "上网居民"),
    "excluded": ("digitally excluded", "数字排斥居民"),
    # export
    "export": ("Export and reproduce", "导出与复现"),
    "export_csv": ("Time series (CSV)", "时间序列（CSV）"),
    "export_png": ("Charts (PNG)", "图表（PNG）"),
    "export_network": ("Network (PNG)", "网络图（PNG）"),
    "export_manifest": ("Manifest (JSON)", "清单（JSON）"),
    "cli_title": ("Reproduce this view from the command line:", "在命令行复现当前视图："),
    "cli_upload_note": ("Save the scenario YAML from the manifest as the file named in the command.",
                        "请将清单中的情景 YAML 保存为命令中的文件名。"),
    # compare
    "compare_intro": ("Two runs with the same seed, stepped together. A is your current Explore set-up (scenario "
                      "and edits); pick B below.",
                      "两次运行使用同一随机种子并同步推进。A 为“探索”页当前的设置（情景及修改），B 在下方选择。"),
    "b_same_edits": ("Apply my edits to B too", "B 也使用我的修改"),
    "diff_title": ("Difference B − A (4-week mean)", "差值 B − A（4 周均值）"),
    "end_table": ("Now (4-week mean)", "当前（4 周均值）"),
    "outcome": ("outcome", "指标"),
    "difference": ("B − A", "B − A"),
    # lessons
    "lessons_intro": ("Guided lessons for class: predict, run, observe, discuss.",
                      "课堂引导：预测 → 运行 → 观察 → 讨论。"),
    "predict": ("1 · Predict", "1 · 预测"),
    "run_lesson": ("2 · Run", "2 · 运行"),
    "observe": ("3 · Observe", "3 · 观察"),
    "discuss": ("4 · Discuss", "4 · 讨论"),
    "run_lesson_button": ("Run both policies for {n} weeks", "两种政策各运行 {n} 周"),
    "lesson_setup": ("A: {a}   ·   B: {b}", "A：{a}   ·   B：{b}"),
    "lesson_result": ("After {n} weeks (last 13-week mean), B − A:", "{n} 周后（最后 13 周均值），B − A："),
    "prediction_recorded": ("You predicted: {p}", "你的预测：{p}"),
    "pred_up": ("goes up", "上升"),
    "pred_down": ("goes down", "下降"),
    "pred_same": ("hardly changes", "基本不变"),
    "verdict_right": ("Your prediction was right: {outcome} {direction} ({diff}).",
                      "你的预测正确：{outcome}{direction}（{diff}）。"),
    "verdict_wrong": ("The run does not bear your prediction out: you said it {predicted}, but {outcome} {direction} "
                      "({diff}).", "运行结果与你的预测不符：你预测{predicted}，但{outcome}{direction}（{diff}）。"),
    "verdict_rule": ("A difference smaller than {pct} of A's value counts as 'hardly changes'.",
                     "差值小于 A 值的 {pct} 视为“基本不变”。"),
    # about
    "about_summary": ("What the model is", "模型是什么"),
    "about_steps": ("What happens each week", "每周发生什么"),
    "about_assumptions": ("Parameters with sources", "有出处的参数"),
    "about_outcomes": ("Outcomes", "结果指标"),
    "about_outcomes_note": ("Flows are what happened during the week; stocks are the state at the end of it.",
                            "流量指标反映一周内发生的情况；存量指标反映周末时的状态。"),
    "kind": ("measured", "类型"),
    "kind_flow": ("per week (flow)", "每周（流量）"),
    "kind_stock": ("state (stock)", "状态（存量）"),
    "better": ("better when", "何者为好"),
    "better_higher": ("higher", "越高越好"),
    "better_lower": ("lower", "越低越好"),
    "better_none": ("neither", "无好坏之分"),
    "parameter": ("parameter", "参数"),
    "default": ("default", "默认值"),
    "meaning": ("meaning", "含义"),
    "errors": ("Something went wrong: {error}", "出错了：{error}"),
}

ABOUT_TEXT: dict[str, str] = {
    "en": (
        "smartgov is an agent-based model of multi-stakeholder smart governance (智慧治理). Government agencies, "
        "technology companies, online citizens and digitally excluded citizens interact over a social network. "
        "Data-sharing rules (silos, inter-agency fusion, open data) and participation/service rules (online only, "
        "hybrid, inclusive) change who is seen in government data, who gets served, and how trust moves. One "
        "time step is one week. The mechanisms come from two Chinese essays (张成岗、阿柔娜《智慧治理的内涵及其发展"
        "趋势》; 袁建军《从智慧城市迈向智慧治理》) and are grounded in published figures; where no figure exists the "
        "value is marked as an assumption. Results are directional: compare policies, do not read levels as "
        "forecasts."
    ),
    "zh": (
        "smartgov 是一个多主体协同的智慧治理主体建模（ABM）模型。政府部门、科技企业、上网居民与数字排斥居民在社会"
        "网络中互动。数据共享规则（数据孤岛、跨部门融合、开放数据）与参与/服务规则（仅线上、线上线下结合、包容式）"
        "决定谁能被政府数据“看见”、谁能得到服务、信任如何变化。一个时间步为一周。机制来自两篇中文文章（张成岗、"
        "阿柔娜《智慧治理的内涵及其发展趋势》；袁建军《从智慧城市迈向智慧治理》），并以公开数据为依据；没有数据"
        "来源的取值标注为假设。结果用于比较政策的方向，而不是对具体水平的预测。"
    ),
}

STEP_TEXT: dict[str, tuple[str, ...]] = {
    "en": (
        "Needs arise: each citizen may develop a service need in one agency's domain.",
        "Data capture: a need becomes visible through the channel used (online trace, counter, proxy), outreach, "
        "feedback and — under fusion or open data — other agencies' data, if the citizen consented. Excluded "
        "citizens are visible only offline: that is where data bias comes from.",
        "Government decision: agencies rank needs on what they see; a black-box algorithm uses visible data only, "
        "an audited one reweights under-covered groups and explains decisions.",
        "Service delivery: online (literacy matters), at a counter, or through a proxy neighbour.",
        "Data sharing and security: consent by privacy calculus; vendors can be breached; open data can be "
        "re-identified.",
        "Trust update: losses weigh more than gains; breaches, explanations, face-to-face contact and neighbours "
        "all move trust.",
        "Participation: consultations and feedback; responsiveness moves efficacy and future participation.",
        "Digital inclusion: training, device subsidies and peers bring people online; digital-only service can push "
        "low-literacy users out (技术难民).",
    ),
    "zh": (
        "需求产生：每位居民可能在某个部门的服务领域产生需求。",
        "数据采集：需求通过所用渠道（线上痕迹、窗口、代办）、走访、反馈，以及在融合或开放数据规则下经居民同意的"
        "其他部门数据被看见。数字排斥居民只能通过线下渠道被看见——这就是数据偏差的来源。",
        "政府决策：各部门根据可见数据排序；黑箱算法只用可见数据，经审计的算法对覆盖不足的群体加权并解释决策。",
        "服务递送：线上办理（取决于数字素养）、窗口办理，或由邻居代办。",
        "数据共享与安全：居民按隐私计算决定是否同意；企业可能发生数据泄露；开放数据可能被再识别。",
        "信任更新：损失比收益影响更大；数据泄露、决策解释、面对面接触与邻居都会影响信任。",
        "参与：征求意见与反馈；政府回应影响效能感和今后的参与。",
        "数字包容：培训、设备补贴和同伴带动让居民上网；没有支持的“仅线上”服务可能把低素养用户推出网络（技术难民）。",
    ),
}


# Units of the parameter metadata (English in model/params.py) in Chinese.
UNITS_ZH: dict[str, str] = {
    "× weekly new needs": "× 每周新增需求",
    "budget units per record": "预算单位/条记录",
    "budget units per request": "预算单位/件诉求",
    "requests per 1,000 residents per week": "件诉求/千名居民/周",
    "share of score": "占评分的比例",
    "share per unit": "每单位比例",
    "weeks of contract value": "周合同金额",
    "citizens": "人", "share": "比例", "ties": "条", "probability": "概率", "per week": "每周", "agencies": "个",
    "companies": "家", "0–1": "0–1", "sd": "标准差", "share of budget": "预算比例", "weeks": "周",
    "× online cost of new needs": "× 新增需求的线上成本", "× online case": "× 一次线上办理", "ratio": "倍数",
    "weight": "权重", "per event": "每次", "× capture_noise": "× 采集误差（capture_noise）", "logit": "logit尺度",
    "attempts": "次",
    "budget units per trainee": "预算单位/每位受训者", "budget units per device": "预算单位/每台设备",
    "budget units per response": "预算单位/每次回应", "× need cost per week": "× 每周新增需求的线上成本",
}

# What each choice of a choice parameter means, in English and Chinese: parameter -> value -> (en, zh). The values
# themselves (small_world, opt_in, ...) stay the code names the CLI and scenario files use; the web app shows these
# labels. tests/test_app_components.py checks every choice of every parameter has both.
CHOICES: dict[str, dict[str, tuple[str, str]]] = {
    "network": {"small_world": ("small world (clustered ties)", "小世界网络（聚类联系）"),
                "scale_free": ("scale-free (a few hubs)", "无标度网络（少数枢纽）")},
    "needs_rule": {"by_attributes": ("by citizens' attributes", "按居民特征"),
                   "uniform": ("the same for everyone", "人人相同")},
    "data_sharing": {"siloed": ("siloed agencies", "数据孤岛"), "fusion": ("inter-agency fusion", "跨部门融合"),
                     "open": ("fusion plus open data", "融合加开放数据")},
    "consent_rule": {"not_binding": ("not binding (sharing only)", "不约束（只约束共享）"),
                     "opt_in": ("opt-in", "选择加入"), "opt_out": ("opt-out", "选择退出"),
                     "required": ("required for online service", "强制同意（线上服务的前提）")},
    "open_data_domains": {"all": ("all domains", "全部领域"), "not_health": ("all but health and care", "除医疗照护外"),
                          "not_health_welfare": ("all but health, care and welfare", "除医疗照护和社会福利外")},
    "service_rule": {"online_only": ("online only", "仅线上"), "hybrid": ("online plus counters", "线上线下结合"),
                     "inclusive": ("inclusive (with outreach)", "包容式（含入户走访）")},
    "algorithm": {"black_box": ("black box", "黑箱算法"), "audited": ("audited", "经审计的算法")},
    "judgement_rule": {"dynamic": ("grows with practice", "随实践变化"), "constant": ("constant", "保持不变")},
    "reliance_rule": {"adaptive": ("each agency adapts", "各部门自行调整"), "mandated": ("mandated", "按政策规定")},
    "procurement_rule": {"lowest_price": ("lowest price", "最低价中标"),
                         "quality_security": ("quality and security scoring", "质量与安全综合评分")},
    "security_effort_rule": {"incentive": ("set by incentives", "按激励选择"), "fixed": ("fixed", "固定")},
    "trust_rule": {"degroot": ("DeGroot averaging", "DeGroot 平均"),
                   "friedkin_johnsen": ("Friedkin–Johnsen anchoring", "Friedkin–Johnsen 锚定"),
                   "bounded_confidence": ("bounded confidence", "有限信任（Hegselmann–Krause）")},
    "budget_mode": {"additive": ("additive (on top of the budget)", "追加（预算之外）"),
                    "neutral": ("neutral (a fixed total)", "总额固定")},
}


def choice(parameter: str, value: str, lang: str) -> str:
    """A choice parameter's value in ``lang`` (the code name itself if it has no label)."""
    pair = CHOICES.get(parameter, {}).get(value)
    return value if pair is None else (pair[1] if lang == "zh" else pair[0])


def unit(text: str, lang: str) -> str:
    """A parameter unit in ``lang``."""
    return UNITS_ZH.get(text, text) if lang == "zh" else text


def outcome(column: str, lang: str) -> str:
    """An outcome column's label in ``lang``, from the outcome registry (the column name if it is not an outcome)."""
    spec = metrics.OUTCOMES.get(column)
    return column if spec is None else spec.label(lang)


def allowed(kind: str, lo: float | None, hi: float | None, choices: tuple[str, ...] | None, lang: str) -> str:
    """What a parameter accepts, in ``lang`` (the model's own errors stay in English, as the CLI prints them)."""
    if choices:
        return ("可选：" if lang == "zh" else "one of ") + ", ".join(choices)
    if kind == "bool":
        return "是或否" if lang == "zh" else "true or false"
    bounds = f"[{int(lo)}, {int(hi)}]" if kind == "int" else f"[{lo:g}, {hi:g}]"  # 1000000, never 1e+06
    if lang == "zh":
        return f"{'整数' if kind == 'int' else '数值'}，范围 {bounds}"
    return f"{'an integer' if kind == 'int' else 'a number'} in {bounds}"


def parameter_error(err: ParameterError, lang: str) -> str:
    """A value the model refused, in ``lang``: in English the model's own message (as the CLI prints it); in
    Chinese the same facts — the field, the value, what is allowed — from the field's metadata."""
    if lang != "zh":
        return str(err)
    try:
        f = field_info(str(err.name))
    except ParameterError:
        return str(err)  # not a parameter at all: the model's message names the near matches
    m = f.metadata
    expected = err.allowed
    if err.allowed == allowed_text(f):  # the field's own range or choices (not a rule across fields)
        lo, hi = m["range"] or (None, None)
        labels = tuple(choice(f.name, c, "zh") for c in m["choices"]) if m["choices"] else None
        expected = allowed(str(f.type), lo, hi, labels, "zh")
    shown = repr(err.value) if len(repr(err.value)) <= 80 else repr(err.value)[:79] + "…"
    return f"参数“{m['zh']}”（{f.name}）= {shown} 不允许；应为{expected}"


def t(key: str, lang: str = "en", **values: object) -> str:
    """The string ``key`` in ``lang`` ('en' or 'zh'), with ``{placeholders}`` filled from ``values``."""
    pair = STRINGS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "zh" else pair[0]
    return text.format(**values) if values else text


def pick(texts: dict[str, str], lang: str) -> str:
    """A bilingual dict's text in ``lang`` (scenario title, description, what to watch)."""
    return texts.get(lang) or texts.get("en") or ""
