"""An outcome declared once in the registry (``model/metrics.py``) appears in the app: KPI cards, charts, the
Compare table, the About page and the translations — with no other change. (The CLI table and the comparison
output are checked in the tests of those commands.)"""

from __future__ import annotations

import ipyvuetify as v
import pytest
import solara

from smartgov.model import metrics
from smartgov.scenarios import load
from smartgov.viz import i18n
from smartgov.viz.components import charts, state
from smartgov.viz.components.about_view import AboutView, outcome_rows
from smartgov.viz.components.compare_view import comparison_table
from smartgov.viz.components.kpi_cards import KpiCards
from smartgov.viz.components.run import Run

NAME = "test_outcome"


@pytest.fixture
def test_outcome():
    """A temporary headline outcome (a stock, always 0.5), taken out of the registry afterwards."""
    metrics.outcome(name=NAME, label_en="Test outcome", label_zh="测试指标", unit="0–1", higher_is_better=True,
                    kind="stock", headline=True)(lambda model: 0.5)
    try:
        yield metrics.OUTCOMES[NAME]
    finally:
        metrics.remove_outcome(NAME)
    assert NAME not in metrics.OUTCOMES


@pytest.fixture
def contexts():
    """Rendered pages, closed after the test; the app state starts and ends fresh."""
    state.restore_defaults()
    opened = []
    yield opened
    for rc in opened:
        rc.close()
    state.restore_defaults()


def render(element, opened):
    _, rc = solara.render(element, handle_error=False)
    opened.append(rc)
    return rc


def texts(rc, class_: str) -> list[str]:
    return [str(w.children[0]) for w in rc.find(v.Html, class_=class_).widgets]


def small_run(seed: int = 1, **overrides) -> Run:
    run = Run(load("baseline"), {"n_citizens": 300, **overrides}, seed=seed)
    run.step(6)
    return run


def card_classes(rc) -> list[list[str]]:
    return [w.class_.split() for w in rc.find(v.Card).widgets if "sg-kpi" in (w.class_ or "").split()]


def test_the_kpi_cards_are_the_registry_headline(contexts):
    rc = render(KpiCards(small_run().frame()), contexts)
    names = [spec.name for spec in metrics.headline()]
    assert [c for classes in card_classes(rc) for c in classes if c.startswith("sg-kpi-")] == \
        [f"sg-kpi-{name}" for name in names]
    assert texts(rc, "sg-kpi-label") == [spec.label_en for spec in metrics.headline()]
    state.lang.set("zh")
    assert texts(rc, "sg-kpi-label") == [spec.label_zh for spec in metrics.headline()]


def test_a_new_outcome_gets_a_kpi_card_in_both_languages(test_outcome, contexts):
    run = small_run()  # built after the outcome was declared: its DataCollector has the column
    assert (run.frame()[NAME] == 0.5).all()
    rc = render(KpiCards(run.frame()), contexts)
    assert len(card_classes(rc)) == len(metrics.headline()) == 6
    assert ["sg-kpi", f"sg-kpi-{NAME}"] == [c for c in card_classes(rc)[-1] if c.startswith("sg-kpi")]
    labels, values = texts(rc, "sg-kpi-label"), texts(rc, "sg-kpi-value")
    assert dict(zip(labels, values, strict=True))["Test outcome"] == "0.500"  # the registry's default format
    assert texts(rc, "sg-kpi-delta")[-1].split()[0] == "+0.000"  # a stock that did not move
    state.lang.set("zh")
    assert "测试指标" in texts(rc, "sg-kpi-label")


def test_a_new_outcome_is_in_the_charts_and_the_comparison(test_outcome):
    a, b = small_run(), small_run(service_rule="online_only")
    assert NAME in [spec.name for spec in charts.difference_outcomes()]
    titles = [ax.get_title() for ax in charts.difference_figure(a.frame(), b.frame(), "en").axes]
    assert any(title.replace("\n", " ") == "Test outcome" for title in titles), titles
    titles = [ax.get_title() for ax in charts.timeseries_figure(a.frame(), "zh").axes if ax.get_visible()]
    assert "测试指标" in titles
    table = comparison_table(a.frame(), b.frame(), "en")
    row = table[table["outcome"] == "Test outcome"]
    assert row.values.tolist() == [["Test outcome", "0.500", "0.500", "+0.000"]]


def test_a_new_outcome_is_translated_and_listed_on_the_about_page(test_outcome, contexts):
    assert i18n.outcome(NAME, "zh") == "测试指标" and i18n.outcome(NAME, "en") == "Test outcome"
    assert i18n.outcome("not_an_outcome", "zh") == "not_an_outcome"
    rows = outcome_rows("en")
    assert rows.iloc[-1].tolist() == ["Test outcome", "0–1", "state (stock)", "higher"]
    assert len(rows) == len(metrics.OUTCOMES)
    state.lang.set("zh")
    rc = render(AboutView(), contexts)
    table = rc.find(v.SimpleTable, class_="sg-about-outcomes")
    cells = [str(w.children[0]) for w in table.find(v.Html, tag="td").widgets]
    assert cells[::4] == [spec.label_zh for spec in metrics.OUTCOMES.values()]
    assert cells[-4:] == ["测试指标", "0–1", "状态（存量）", "越高越好"]


def test_comparison_table_shows_a_dash_for_missing_values_and_no_index():
    a, b = small_run(), small_run(service_rule="online_only")
    start_a, start_b = a.frame().iloc[:1], b.frame().iloc[:1]  # week 0: no flows yet
    table = comparison_table(start_a, start_b, "en")
    assert list(table.columns) == ["outcome", "A", "B", "B − A"]
    flows = [spec.label_en for spec in charts.difference_outcomes() if spec.kind == "flow"]
    assert flows and (table.set_index("outcome").loc[flows] == "–").all().all()
    assert "nan" not in table.to_string().lower()
