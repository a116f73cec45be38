"""Guided lessons: the class predicts, runs both policies with a fixed seed, observes B − A and discusses."""

from __future__ import annotations

import pandas as pd
import solara

from smartgov.model import metrics
from smartgov.scenarios import load
from smartgov.viz.components import state
from smartgov.viz.components.charts import difference_png
from smartgov.viz.components.kpi_cards import signed
from smartgov.viz.components.outcome_table import OutcomeTable
from smartgov.viz.components.run import Run
from smartgov.viz.i18n import pick, t
from smartgov.viz.lessons import DIRECTIONS, LESSONS, SAME_WITHIN, Lesson, observed_direction

TAIL = 13  # weeks averaged for the result table (a quarter)


def run_lesson(lesson: Lesson) -> tuple[Run, Run]:
    """Both set-ups, same seed, ``lesson.steps`` weeks (a fraction of a second at 1,000 citizens)."""
    scenario = load(lesson.scenario)
    a = Run(scenario, lesson.overrides_a, lesson.seed)
    b = Run(scenario, lesson.overrides_b, lesson.seed)
    a.step(lesson.steps)
    b.step(lesson.steps)
    return a, b


def result_table(lesson: Lesson, a: Run, b: Run, lang: str) -> pd.DataFrame:
    """The lesson's outcomes, mean of the last ``TAIL`` weeks, in A and B and B − A, formatted as the registry
    says ("–": no value)."""
    tail_a, tail_b = a.frame().tail(TAIL).mean(), b.frame().tail(TAIL).mean()
    rows = []
    for column in lesson.show:
        spec = metrics.OUTCOMES[column]
        a_value, b_value = float(tail_a[column]), float(tail_b[column])
        rows.append({t("outcome", lang): spec.label(lang), "A": spec.format(a_value), "B": spec.format(b_value),
                     t("difference", lang): signed(spec, b_value - a_value)})
    return pd.DataFrame(rows, columns=[t("outcome", lang), "A", "B", t("difference", lang)])


def verdict(lesson: Lesson, a: Run, b: Run, prediction: str, lang: str) -> tuple[bool, str]:
    """(right?, the sentence saying so): the prediction against the direction of B − A in the lesson's outcome,
    mean of the last ``TAIL`` weeks as in the table."""
    spec = metrics.OUTCOMES[lesson.outcome]
    a_value = float(a.frame().tail(TAIL).mean()[lesson.outcome])
    b_value = float(b.frame().tail(TAIL).mean()[lesson.outcome])
    observed = observed_direction(a_value, b_value)
    values = {"outcome": spec.label(lang), "direction": t(observed, lang), "diff": signed(spec, b_value - a_value),
              "predicted": t(prediction, lang)}
    right = observed == prediction
    return right, t("verdict_right" if right else "verdict_wrong", lang, **values)


@solara.component
def LessonCard(lesson: Lesson) -> None:
    lang = state.lang.value
    prediction, set_prediction = solara.use_state(None)
    result, set_result = solara.use_state(None)
    image = solara.use_memo(lambda: difference_png(result[0].frame(), result[1].frame(), lang) if result else None,
                            dependencies=[id(result), lang])
    with solara.Card(pick(lesson.title, lang), classes=["sg-lesson", f"sg-lesson-{lesson.key}"],
                     style={"margin-bottom": "12px"}):
        solara.Markdown(t("lesson_setup", lang, a=pick(lesson.label_a, lang), b=pick(lesson.label_b, lang)))
        solara.Markdown(f"**{t('predict', lang)}** — {pick(lesson.question, lang)}")
        choices = {key: t(key, lang) for key in DIRECTIONS}
        with solara.ToggleButtonsSingle(value=prediction, on_value=set_prediction, mandatory=False,
                                        classes=["sg-prediction"]):
            for key, text in choices.items():
                solara.Button(text, value=key, text=True)
        solara.Markdown(f"**{t('run_lesson', lang)}**")
        solara.Button(t("run_lesson_button", lang, n=lesson.steps), color="primary", disabled=not prediction,
                      on_click=lambda: set_result((*run_lesson(lesson), prediction)),
                      classes=[f"sg-run-lesson-{lesson.key}"])
        if result is not None:
            a, b, predicted = result  # the prediction made before this run: changing it afterwards changes nothing
            solara.Text(t("prediction_recorded", lang, p=choices.get(predicted, "")), style={"font-style": "italic"})
            right, sentence = verdict(lesson, a, b, predicted, lang)
            show = solara.Success if right else solara.Warning
            show(sentence, dense=True, classes=["sg-verdict", "sg-verdict-right" if right else "sg-verdict-wrong"])
            solara.Text(t("verdict_rule", lang, pct=f"{SAME_WITHIN:.0%}"),
                        style={"font-size": "0.8em", "color": "#666"})
            solara.Markdown(f"**{t('observe', lang)}** — {pick(lesson.observe, lang)}")
            solara.Text(t("lesson_result", lang, n=lesson.steps))
            OutcomeTable(result_table(lesson, a, b, lang), class_="sg-lesson-table")
            solara.Image(image, width="100%")
            solara.Markdown(f"**{t('discuss', lang)}**")
            solara.Markdown("\n".join(f"- {q}" for q in (lesson.discuss["zh"] if lang == "zh"
                                                         else lesson.discuss["en"])))


@solara.component
def LessonsView() -> None:
    solara.Markdown(t("lessons_intro", state.lang.value))
    for lesson in LESSONS:
        LessonCard(lesson).key(lesson.key)
