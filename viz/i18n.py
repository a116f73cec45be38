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
    # share by link
    "bad_link": ("This link could not be opened — {error}", "无法打开此链接 — {error}"),
    "link_version": ("This link was made with smartgov {linked}; this is smartgov {current}: the same seed may give "
                     "a different run.",
                     "此链接由 smartgov {linked} 生成，当前为 smartgov {current}："
                     "同一随机种子可能得到不同的运行结果。"),
    "share_title": ("Share this view", "分享此视图"),
    "share_hint": ("The address bar holds this view: scenario, edits, seed, language and tab. Opening it elsewhere "
                   "rebuilds the same run.",
                   "地址栏即此视图的链接（情景、修改、随机种子、语言和标签页）；在别处打开即可重现同一运行。"),
    "share_uploaded": ("An uploaded scenario cannot travel in a link: send the file with the seed.",
                       "上传的情景无法放入链接：请连同随机种子一起发送该文件。"),
    # policy timeline
    "timeline_title": ("Policy timeline", "政策时间线"),
    "timeline_hint": ("Events change the run from their week on; the run restarts with them.",
                      "事件从所设周次起改变运行；加入后运行将重新开始。"),
    "timeline_empty": ("No events: the set-up holds for the whole run.", "暂无事件：整个运行期间设置保持不变。"),
    "from_scenario": ("from the scenario", "来自情景"),
    "event_kind": ("Event", "事件"),
    "kind_set": ("Change a lever", "调整政策杠杆"),
    "kind_breach": ("Vendor breach", "供应商数据泄露"),
    "kind_capacity_cut": ("Capacity cut", "办案能力削减"),
    "event_parameter": ("Lever", "政策杠杆"),
    "event_value": ("New value", "新取值"),
    "event_vendor": ("Vendor number (empty: every vendor)", "供应商编号（留空：全部供应商）"),
    "event_share": ("Share of records exposed (empty: as a natural breach)", "泄露记录比例（留空：与自然泄露相同）"),
    "event_factor": ("Share of case capacity kept (0–1]", "保留的办案能力比例 (0–1]"),
    "event_weeks": ("For how many weeks", "持续周数"),
    "event_add": ("Add event", "添加事件"),
    "event_set": ("{week}: {label} → {value}", "{week}：{label} → {value}"),
    "event_breach": ("{week}: breach of {who} (records exposed: {share})",
                     "{week}：{who}数据泄露（泄露记录：{share}）"),
    "event_cut": ("{week}: case capacity × {factor} for {weeks} weeks", "{week}：办案能力 × {factor}，持续 {weeks} 周"),
    "every_vendor": ("every vendor", "全部供应商"),
    "vendor_n": ("vendor {n}", "供应商 {n} "),
    "natural_share": ("as a natural breach", "与自然泄露相同"),
    # budget
    "budget_title": ("Budget and cost-effectiveness", "预算与成本效益"),
    "budget_line": ("Budget line", "预算科目"),
    "budget_units": ("Budget units this week", "本周预算单位"),
    "budget_share": ("Share", "占比"),
    "budget_levers": ("Levers it pays for (set in this run)", "由此支付的杠杆（本次运行所设）"),
    "budget_week0": ("Step once to see what the first week's budget pays for.",
                     "单步运行一周后即可查看首周预算的支出。"),
    "budget_total": ("Total", "合计"),
    "budget_neutral": ("Budget-neutral: levers come out of case capacity", "预算中性：政策杠杆从办案能力中支出"),
    "budget_hint": ("Week {week}. One budget unit = the whole cost of one online case; every line is paid in full, "
                    "used or not.",
                    "第 {week} 周。一个预算单位 = 办理一件线上案件的全部成本；各科目无论是否用到都全额支付。"),
    "line_counters": ("Offline counters", "线下窗口"),
    "line_outreach": ("Community outreach visits", "入户走访"),
    "line_collection": ("Needs assessments (directed collection)", "上门需求评估"),
    "line_documentation": ("Trace reporting (痕迹管理)", "痕迹填报"),
    "line_cases": ("Case handling", "办案"),
    "line_proxy": ("Proxy handling", "代办"),
    "line_responses": ("Responses to feedback", "反馈回应"),
    "line_training": ("Digital-skills training", "数字技能培训"),
    "line_devices": ("Device subsidies", "设备补贴"),
    "line_security": ("Vendor security", "企业安全投入"),
    "line_oversight": ("Oversight of vendors", "企业监管"),
    "line_audit": ("Algorithm audit", "算法审计"),
    "line_data_sharing": ("Data fusion and open data", "数据融合与开放"),
    "line_anonymization": ("Anonymization", "脱敏"),
    "line_graded": ("Graded data management", "分类分级管理"),
    "line_analytics": ("Vendor analytics", "企业数据分析"),
    "line_analysis": ("Data analysts", "数据分析人员"),
    "line_hotline": ("12345 hotline", "12345 热线"),
    "line_contracts": ("Vendor contracts", "外包合同"),
    "line_inhouse": ("In-house data work", "自有数据能力"),
    "line_migration": ("Switching provider", "更换供应商"),
    "line_privacy": ("Consent and retention", "同意管理与保存期限"),
    "rep_brief_pdf": ("Policy brief (PDF)", "政策简报（PDF）"),
    "rep_brief_html": ("Policy brief (HTML)", "政策简报（HTML）"),
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
    # compare: replicated (viz/replicated.py, viz/verdict.py, viz/components/replicated_compare.py)
    "mode_replicated": ("Replicated ({r} paired runs)", "重复运行（{r} 次配对运行）"),
    "mode_live": ("Live (one run, for teaching)", "实时（单次运行，用于教学）"),
    "rep_intro": ("A (your Explore set-up: scenario, edits, population size) and B run {r} times each with paired "
                  "seeds drawn from the seed {seed}: replicate r of A and of B start from the same population and "
                  "network. One run can point the wrong way; the mean over paired runs, with its 95% interval, "
                  "does not.",
                  "A（“探索”页的设置：情景、修改、人口规模）与 B 各运行 {r} 次，随机种子由种子 {seed} "
                  "配对生成：A 与 B 的第 r 次运行从相同的人口和网络出发。单次运行可能给出相反的方向；"
                  "配对运行的均值及其 95% 置信区间不会。"),
    "rep_replicates": ("Paired runs R", "配对运行次数 R"),
    "rep_weeks": ("Weeks", "周数"),
    "rep_run": ("Run {n} runs", "运行 {n} 次"),
    "rep_cancel": ("Cancel", "取消"),
    "rep_progress": ("{done} of {total} runs done", "已完成 {done} / {total} 次运行"),
    "rep_cancelled": ("Cancelled after {done} of {total} runs; nothing is shown for an unfinished comparison.",
                      "已在完成 {done} / {total} 次运行后取消；未完成的对比不显示结果。"),
    "rep_failed": ("The comparison stopped: {error}", "对比已停止：{error}"),
    "rep_range": ("{field} = {value} is not allowed; the web app accepts a whole number in [{lo}, {hi}]",
                  "{field} = {value} 无效；网页版接受 [{lo}, {hi}] 范围内的整数"),
    "rep_work": ("n_citizens × replicates × weeks = {n} × {r} × {w} = {work} citizen-weeks is more than the web app "
                 "allows: at most {max} (fewer citizens, runs or weeks, or `smartgov compare` for larger comparisons)",
                 "n_citizens × replicates × weeks = {n} × {r} × {w} = {work} 居民·周，超出网页版的上限：最多 {max}"
                 "（请减少居民、运行次数或周数，更大规模的对比请使用 `smartgov compare`）"),
    "rep_setup": ("A: {a} · B: {b} · {n} citizens · {r} paired runs of {w} weeks from seed {seed} · each run's value "
                  "is its mean over the last {window} weeks",
                  "A：{a} · B：{b} · {n} 位居民 · {r} 次配对运行，每次 {w} 周，种子 {seed} · "
                  "每次运行取最后 {window} 周的均值"),
    "rep_verdicts": ("What B does, compared with A", "B 与 A 相比"),
    "rep_up": ("B raises “{label}” by {size} [{lo}, {hi}] over {n} paired runs{judgement}.",
               "B 使“{label}”提高 {size} [{lo}, {hi}]（{n} 次配对运行）{judgement}。"),
    "rep_down": ("B lowers “{label}” by {size} [{lo}, {hi}] over {n} paired runs{judgement}.",
                 "B 使“{label}”降低 {size} [{lo}, {hi}]（{n} 次配对运行）{judgement}。"),
    "rep_better": (" — better", "——更好"),
    "rep_worse": (" — worse", "——更差"),
    "rep_unclear": ("No clear difference in “{label}” over {n} paired runs: B − A = {diff} [{lo}, {hi}] (the 95% "
                    "interval includes 0).",
                    "{n} 次配对运行中，“{label}”没有明显差异：B − A = {diff} [{lo}, {hi}]（95% 置信区间包含 0）。"),
    "rep_unknown": ("Not enough runs to tell a difference in “{label}” ({n} paired runs with a value).",
                    "“{label}”：有数值的配对运行仅 {n} 次，无法判断差异。"),
    "rep_note": ("[95% confidence interval]; numbers are B − A of each run's end-of-run mean.",
                 "[95% 置信区间]；数值为每次运行期末均值的 B − A。"),
    "rep_bands": ("Mean over the paired runs, with its 95% interval", "配对运行的均值及其 95% 置信区间"),
    "rep_diffs": ("B − A in each pair of runs (dots), mean and 95% interval (bar)",
                  "每对运行的 B − A（点），均值及 95% 置信区间（线段）"),
    "rep_pair": ("pair", "配对"),
    "rep_table": ("All summary outcomes", "全部汇总指标"),
    "rep_mean": ("mean [95% CI]", "均值 [95% 置信区间]"),
    "rep_export_runs": ("Per-run means (CSV)", "每次运行的均值（CSV）"),
    "rep_export_table": ("Summary table (CSV)", "汇总表（CSV）"),
    "rep_export_scenario": ("Scenario file {name}", "情景文件 {name}"),
    "rep_cli": ("Reproduce this comparison from the command line:", "在命令行复现此对比："),
    "rep_cli_files": ("Save the scenario files above next to where you run it.",
                      "请先将上面的情景文件保存到运行命令的目录。"),
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
    # policy brief (viz/brief.py, `smartgov brief`)
    "brief_title": ("Policy brief", "政策简报"),
    "brief_versus": ("{b} compared with {a}", "{b}与{a}的比较"),
    "brief_generated": ("{date} · smartgov {version}", "{date} · smartgov {version}"),
    "brief_question_h": ("The question", "问题"),
    "brief_question": ("What changes for citizens and government if the city moves from “{a}” (A, the reference) "
                       "to {bs}? Each policy was simulated {n} times on the same {citizens} simulated citizens "
                       "(paired replicates: same seeds, same population and network) for {weeks} weeks; results "
                       "are the mean of the last {window} weeks.",
                       "如果城市从“{a}”（A，参照情景）转向{bs}，居民和政府会有什么变化？每种政策在同样的 {citizens} "
                       "名模拟居民上各模拟 {n} 次（配对重复：相同随机种子、相同人口与社会网络），每次 {weeks} 周；"
                       "结果取最后 {window} 周的平均值。"),
    "brief_or": (" or ", "或"),
    "brief_answer_h": ("The answer in brief", "简要结论"),
    "brief_answer": ("{b} against {a}:", "{b}相对于{a}："),
    "brief_ci": ("95% CI {low} to {high}", "95% 置信区间 {low} 至 {high}"),
    "brief_no_ci": ("no interval: too few replicates or no variation", "无法计算区间：重复次数太少或没有变化"),
    "brief_v_none": ("no clear difference", "无明显差异"),
    "brief_v_higher": ("higher", "更高"),
    "brief_v_lower": ("lower", "更低"),
    "brief_v_higher_better": ("higher (better)", "更高（更好）"),
    "brief_v_higher_worse": ("higher (worse)", "更高（更差）"),
    "brief_v_lower_better": ("lower (better)", "更低（更好）"),
    "brief_v_lower_worse": ("lower (worse)", "更低（更差）"),
    "brief_pp": (" pp", " 个百分点"),
    "brief_results_h": ("Key results", "主要结果"),
    "brief_results_note": ("Mean of each scenario with its 95% confidence interval; change = paired difference "
                           "B − A (same seeds) with its 95% CI. “No clear difference” when that interval includes 0.",
                           "各情景均值及其 95% 置信区间；变化 = 配对差值 B − A（相同随机种子）及其 95% 置信区间。"
                           "区间包含 0 时判断为“无明显差异”。"),
    "brief_outcome": ("Outcome", "指标"),
    "brief_unit": ("Unit", "单位"),
    "brief_change": ("Change {b} − A [95% CI]", "变化 {b} − A [95% 置信区间]"),
    "brief_verdict": ("Verdict", "判断"),
    "brief_better_higher": ("higher is better", "越高越好"),
    "brief_better_lower": ("lower is better", "越低越好"),
    "brief_figures_h": ("Figures", "图表"),
    "brief_fig_diff": ("Figure {n}. Change against A of the key outcomes (each scenario − A over paired replicates: "
                       "mean and 95% CI); the grey line is no change; ↑/↓: higher/lower is better.",
                       "图 {n}. 主要指标相对于 A 的变化（各情景 − A，配对重复的均值及 95% 置信区间）；灰线表示无变化；"
                       "↑/↓：越高/越低越好。"),
    "brief_fig_time": ("Figure {n}. The key outcomes week by week: mean over replicates per scenario (outcomes "
                       "counted per week as {k}-week moving means).",
                       "图 {n}. 主要指标逐周变化：各情景重复运行的均值（按周计的指标取 {k} 周移动平均）。"),
    "brief_week": ("week", "周"),
    "brief_scenarios_h": ("The scenarios and how they differ", "情景及其差异"),
    "brief_scenario_source": ("Source", "出处"),
    "brief_differences": ("Parameters the scenarios set differently (each with its source):",
                          "各情景取值不同的参数（附出处）："),
    "brief_no_differences": ("The scenarios set no parameter differently.", "各情景的参数取值相同。"),
    "brief_parameter": ("Parameter", "参数"),
    "brief_timeline": ("Policy timeline of {name}:", "{name}的政策时间线："),
    "brief_event_week": ("week {w}", "第 {w} 周"),
    "brief_assumptions_h": ("Key assumptions", "主要假设"),
    "brief_assumptions_note": ("Shared by every scenario. A source reading “assumption” means no published figure "
                               "backs the value yet.",
                               "所有情景共同的设定。出处为“assumption”（假设）表示该取值尚无公开数据支持。"),
    "brief_setting": ("Setting", "设定"),
    "brief_value": ("Value", "取值"),
    "brief_replicates": ("Paired replicates per scenario", "每个情景的配对重复次数"),
    "brief_weeks": ("Weeks simulated", "模拟周数"),
    "brief_window": ("End-of-run value", "期末取值"),
    "brief_window_value": ("mean of the last {n} weeks", "最后 {n} 周的平均值"),
    "brief_uncertainty": ("Parameter uncertainty", "参数不确定性"),
    "brief_uncertainty_none": ("none: the parameters above, fixed (intervals show stochastic variation only)",
                               "无：使用上述固定参数（区间只反映随机波动）"),
    "brief_uncertainty_posterior": ("replicate r takes posterior draw r of {file}",
                                    "第 r 次重复使用 {file} 的第 r 个后验抽样"),
    "brief_other_h": ("Other outcomes", "其他指标"),
    "brief_limits_h": ("Limitations", "局限"),
    "brief_limit_model": ("A model of a stylized city, not a forecast: compare the scenarios with each other; the "
                          "levels and the size of the changes depend on the assumptions listed here.",
                          "这是一个程式化城市的模型，不是预测：请在情景之间作比较；指标水平和变化幅度取决于本简报所列的假设。"),
    "brief_limit_calibration": ("Not yet calibrated (docs/calibration.md §6): the spread of trust, yearly "
                                "participation in consultations, public-sector breach rates and waiting times; the "
                                "digital-inclusion and 12345-hotline calibrations are separate and not yet the "
                                "defaults.",
                                "尚未校准（docs/calibration.md 第 6 节）：信任的分布、每年参与征求意见的比例、"
                                "公共部门数据泄露率和等待时间；数字包容与 12345 热线的校准相互独立，"
                                "尚未成为默认取值。"),
    "brief_limit_intervals": ("The intervals cover the variation between replicates{posterior}, not doubts about the "
                              "model's structure.",
                              "置信区间反映重复运行之间的差异{posterior}，不反映对模型结构本身的疑问。"),
    "brief_limit_posterior": (" and the calibrated parameters' uncertainty", "以及校准参数的不确定性"),
    "brief_limit_few": ("Only {n} replicates per scenario: the intervals are wide; use 30 before deciding.",
                        "每个情景只有 {n} 次重复：区间很宽；作决策前请使用 30 次重复。"),
    "brief_repro_h": ("Reproduce this brief", "复现本简报"),
    "brief_repro": ("This command recomputes the same numbers (same seeds; the number of workers does not change "
                    "them), then `smartgov brief` makes this brief again:",
                    "以下命令可重新计算出相同的数值（相同随机种子；并行进程数不影响结果），再用 `smartgov brief` "
                    "重新生成本简报："),
    "brief_manifest": ("From the comparison's manifest.json", "来自对比结果的 manifest.json"),
    "brief_seed": ("Master seed", "主随机种子"),
    "brief_seeds": ("Replicate seeds", "各次重复的随机种子"),
    "brief_version": ("smartgov version", "smartgov 版本"),
    "brief_commit": ("Git commit", "Git 提交"),
    "brief_created": ("Comparison run", "对比运行时间"),
    "brief_digest": ("Design digest", "设计摘要值"),
    "brief_unknown": ("unknown", "未知"),
    # classroom mode (viz/classroom/)
    "cls_title": ("smartgov classroom", "smartgov 课堂模式"),
    "cls_teacher": ("Teacher's screen", "教师屏幕"),
    "cls_class": ("Class scenario", "课堂情景"),
    "cls_goal": ("Goal", "目标"),
    "cls_open": ("Open a room", "开设房间"),
    "cls_opening": ("Preparing the shared run…", "正在准备共享模拟……"),
    "cls_code": ("Join code", "加入码"),
    "cls_join_at": ("Students open {url} or scan the code.", "学生打开 {url} 或扫描二维码。"),
    "cls_members": ("Who has joined ({n})", "已加入（{n} 人）"),
    "cls_nobody": ("Nobody has joined yet.", "还没有人加入。"),
    "cls_remove": ("Remove", "移出"),
    "cls_decided": ("decided", "已决定"),
    "cls_waiting": ("thinking…", "思考中……"),
    "cls_round_weeks": ("Weeks per round", "每轮周数"),
    "cls_auto": ("Run the round as soon as every role has decided", "所有角色都决定后自动运行本轮"),
    "cls_advance": ("Run round {n} ({weeks} weeks)", "运行第 {n} 轮（{weeks} 周）"),
    "cls_status": ("Round {n}: {done} of {roles} roles have decided.",
                   "第 {n} 轮：{roles} 个角色中已有 {done} 个作出决定。"),
    "cls_rounds": ("Rounds: decisions and outcomes", "各轮：决定与结果"),
    "cls_round": ("Round", "轮次"),
    "cls_weeks": ("Weeks", "周"),
    "cls_start": ("Start", "开始"),
    "cls_changes": ("What changed and why", "发生了什么变化，为什么"),
    "cls_no_decisions": ("No decisions this round: the policy stayed as it was.", "本轮没有决定：政策保持不变。"),
    "cls_export": ("Download the session (decisions, outcomes, manifest)", "下载本次课堂记录（决定、结果、清单）"),
    "cls_take_over": ("Decide for a role", "代替角色决定"),
    "cls_student": ("Join the class", "加入课堂"),
    "cls_name": ("Your name", "你的名字"),
    "cls_join": ("Join", "加入"),
    "cls_bad_code": ("No open room has this code; check it with your teacher.",
                     "没有使用此加入码的房间，请向老师确认。"),
    "cls_too_many": ("Too many attempts; wait a minute.", "尝试次数过多，请稍等一分钟。"),
    "cls_you_are": ("{name}, you are the {role}.", "{name}，你的角色是{role}。"),
    "cls_decide": ("Send my decision", "提交我的决定"),
    "cls_sent": ("Decision sent for round {n}; you can change it until the round runs.",
                 "第 {n} 轮的决定已提交；在本轮运行前仍可修改。"),
    "cls_last_round": ("Last round (weeks {first}–{last})", "上一轮（第 {first}–{last} 周）"),
    "cls_leave": ("Leave the room", "离开房间"),
    "cls_removed": ("You are no longer in the room. Join again with the code.", "你已不在房间中。请用加入码重新加入。"),
    "cls_role": ("Role", "角色"),
    "cls_debrief": ("Debrief: what if one role had done nothing?", "复盘：如果某个角色什么都没做会怎样？"),
    "cls_whatif": ("Replay without this role's decisions", "去掉该角色的决定重新模拟"),
    "cls_whatif_result": ("Last round, class's run / same seed without the {role}'s decisions (difference):",
                          "上一轮：课堂模拟 / 相同随机种子但去掉{role}的决定（差值）："),
    "cls_role_agency_head": ("agency head", "政府部门负责人"),
    "cls_role_vendor": ("technology vendor", "技术供应商"),
    "cls_role_community_worker": ("community worker", "社区工作者"),
    "cls_role_citizen_rep": ("citizen representative", "居民代表"),
    "cls_role_data_office": ("data office", "数据管理局"),
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


# Units of the parameter metadata (model/params.py) and of the outcome registry (model/metrics.py) in Chinese.
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
    # outcome units (model/metrics.py)
    "0–1 difference": "0–1 差值", "budget units per need": "预算单位/每项需求", "budget units per week": "预算单位/周",
    "count": "次数", "difference in share": "比例之差", "logged actions per citizen": "每位居民被记录的行为数",
    "needs": "项需求", "needs per 1,000 citizens": "项需求/千名居民", "needs per budget unit": "项需求/预算单位",
    "needs per week": "项需求/周", "ratio (1 = in proportion)": "倍数（1 = 成比例）",
    "ratio (1 = representative)": "倍数（1 = 有代表性）", "records per citizen": "条记录/每位居民",
    "records per week": "条记录/周", "requests per resident per year": "件诉求/每位居民/年",
    "share of accepted requests": "占受理诉求的比例", "share of agencies": "占部门的比例",
    "share of agency records": "占部门记录的比例", "share of best possible": "占最优分配的比例",
    "share of case budget": "占办案预算的比例", "share of citizens": "占居民的比例",
    "share of citizens per week": "每周占居民的比例", "share of closed work orders": "占已办结工单的比例",
    "share of held records": "占所持记录的比例", "share of open needs": "占未满足需求的比例",
    "share of open work orders": "占未办结工单的比例",
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
