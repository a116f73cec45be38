"""Mesa conventions: the model is built from keyword parameters, so Mesa's ``batch_run`` and ``SolaraViz`` drive it.

Keywords are validated exactly as ``Params`` (same ``ParameterError``), the seed stays ``rng=``, and the
``GovernanceModel(params, rng=seed)`` path is unchanged (tests/regression guards its numbers).
"""

from __future__ import annotations

import inspect
import multiprocessing
import re
import warnings
from pathlib import Path

import ipyvuetify as v
import ipywidgets
import mesa
import numpy as np
import pandas as pd
import pytest
import solara

from smartgov.model import GovernanceModel, ParameterError, Params
from smartgov.model.params import fields

STEPS = 3


def outcomes(model: GovernanceModel, steps: int = STEPS) -> pd.DataFrame:
    model.run_for(steps)
    return model.outcomes()


# -- keyword construction -------------------------------------------------------------------------------------


def test_keyword_construction_equals_params_construction_bit_for_bit():
    chosen = {"n_citizens": 300, "data_sharing": "fusion", "service_rule": "online_only", "outreach_share": 0.1}
    by_keywords = GovernanceModel(**chosen, rng=11)
    by_params = GovernanceModel(Params(**chosen), rng=11)
    assert by_keywords.params == by_params.params
    pd.testing.assert_frame_equal(outcomes(by_keywords), outcomes(by_params), check_exact=True)


def test_no_arguments_and_only_a_seed_are_the_defaults():
    assert GovernanceModel(rng=1).params == Params()
    pd.testing.assert_frame_equal(outcomes(GovernanceModel(n_citizens=200, rng=4), 2),
                                  outcomes(GovernanceModel(Params(n_citizens=200), 4), 2), check_exact=True)


@pytest.mark.parametrize("bad", [
    {"n_citizens": 5},
    {"data_sharing": "everything"},
    {"excluded_share": "a lot"},
    {"consent_required": 1},
    {"anonymization": float("nan")},
])
def test_bad_keyword_values_raise_the_same_error_as_params(bad):
    with pytest.raises(ParameterError) as from_params:
        Params(**bad)
    with pytest.raises(ParameterError) as from_model:
        GovernanceModel(**bad, rng=1)
    assert str(from_model.value) == str(from_params.value)
    assert from_model.value.name == next(iter(bad))


def test_unknown_keyword_is_named_like_params_from_mapping():
    with pytest.raises(ParameterError) as from_params:
        Params.from_mapping({"n_citizen": 200})
    with pytest.raises(ParameterError) as from_model:
        GovernanceModel(n_citizen=200)
    assert str(from_model.value) == str(from_params.value)
    assert "'n_citizen'" in str(from_model.value) and "did you mean n_citizens" in str(from_model.value)


def test_params_and_keywords_together_is_an_error_not_an_override():
    with pytest.raises(TypeError, match=r"not both .*n_citizens=200.*params\.replace"):
        GovernanceModel(Params(n_citizens=300), n_citizens=200, rng=1)


def test_seed_and_scenario_keywords_are_refused_by_name():
    with pytest.raises(TypeError, match="rng="):
        GovernanceModel(n_citizens=200, seed=1)
    from mesa.experimental.scenarios import Scenario

    with pytest.raises(TypeError, match="scenario="):
        GovernanceModel(scenario=Scenario(rng=1))
    with pytest.raises(TypeError, match="Params object"):
        GovernanceModel({"n_citizens": 200})


def test_signature_lists_every_parameter_as_a_keyword_with_its_default():
    """What batch_run and SolaraViz read: params, rng, then every Params field; no **kwargs, no scenario, no seed."""
    signature = inspect.signature(GovernanceModel)
    names = list(signature.parameters)
    assert names[:2] == ["params", "rng"]
    assert names[2:] == [f.name for f in fields()]
    for f in fields():
        parameter = signature.parameters[f.name]
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
        assert parameter.default == f.default
    assert not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in signature.parameters.values())
    assert "seed" not in names and "scenario" not in names


# -- mesa.batch_run ---------------------------------------------------------------------------------------------


@pytest.fixture
def keep_start_method():
    """batch_run forces the 'spawn' start method for the whole process; put the previous one back."""
    before = multiprocessing.get_start_method(allow_none=True)
    yield
    multiprocessing.set_start_method(before, force=True)


def test_mesa_batch_run_gives_a_row_per_combination_and_seed_with_our_outcomes(keep_start_method):
    seeds = [1, 2]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no deprecation or other warning from Mesa's side either
        rows = mesa.batch_run(GovernanceModel, parameters={"n_citizens": 200, "data_sharing": ["siloed", "fusion"]},
                              rng=seeds, max_steps=5, number_processes=1, display_progress=False)
    frame = pd.DataFrame(rows)
    assert len(frame) == 4
    assert sorted(zip(frame["rng"], frame["data_sharing"], strict=True)) == [
        (1, "fusion"), (1, "siloed"), (2, "fusion"), (2, "siloed")]
    assert (frame["n_citizens"] == 200).all() and (frame["Step"] == 5).all()
    reference = GovernanceModel(Params(n_citizens=200, data_sharing="fusion"), rng=2)
    expected = outcomes(reference, 5).iloc[-1]
    assert set(expected.index) <= set(frame.columns)
    row = frame[(frame["rng"] == 2) & (frame["data_sharing"] == "fusion")].iloc[0]
    for column, value in expected.items():
        assert row[column] == value or (pd.isna(row[column]) and pd.isna(value)), column


# -- Mesa's SolaraViz -------------------------------------------------------------------------------------------

MODEL_PARAMS = {
    "rng": {"type": "SliderInt", "value": 42, "min": 0, "max": 1000, "step": 1, "label": "Seed"},
    "n_citizens": {"type": "SliderInt", "value": 300, "min": 100, "max": 2000, "step": 100, "label": "Citizens"},
    "data_sharing": {"type": "Select", "value": "siloed", "values": ["siloed", "fusion", "open"],
                     "label": "Data sharing"},
    "outreach_share": 0.1,  # fixed: passed on every reset, not shown
}


def trust_card(model: GovernanceModel) -> solara.Element:
    """A custom component: a plain function of the model, so Mesa wraps it and redraws it after each step.

    (A ``@solara.component`` is used as is and would not redraw unless it reads Mesa's ``update_counter``.)
    """
    return solara.Text(f"Mean trust {model.outcomes()['trust'].iloc[-1]:.4f}", classes=["sg-mesa-trust"])


def render_solaraviz(model_params: dict, handle_error: bool = False) -> tuple[solara.Reactive, object]:
    pytest.importorskip("altair", reason="mesa.visualization imports altair; install it to run SolaraViz")
    from mesa.visualization import SolaraViz, make_plot_component

    model = solara.reactive(GovernanceModel(n_citizens=300, outreach_share=0.1, rng=42))
    page = SolaraViz(model, components=[make_plot_component("trust"), trust_card], model_params=model_params,
                     name="smartgov")
    # SolaraViz puts its controls in the app bar and sidebar, which only render inside an AppLayout.
    _, rc = solara.render(solara.AppLayout(children=[page]), handle_error=handle_error)
    return model, rc


def trust_text(rc) -> str:
    return rc.find(v.Html, class_="sg-mesa-trust").widget.children[0]


def test_solaraviz_renders_steps_and_reset_rebuilds_the_model_from_the_controls():
    model, rc = render_solaraviz(MODEL_PARAMS)
    try:
        assert rc.find(ipywidgets.Image).widgets  # make_plot_component("trust"): a matplotlib figure
        assert rc.find(v.Html, class_="sg-mesa-trust").widgets  # the custom component
        start = trust_text(rc)
        rc.find(v.Btn, children=["Step"]).widget.click()
        assert model.value.steps == 1 and trust_text(rc) != start

        rc.find(v.Slider, label="Seed").widget.v_model = 7
        rc.find(v.Slider, label="Citizens").widget.v_model = 500
        rc.find(v.Select, label="Data sharing").widget.v_model = "fusion"
        rc.find(v.Btn, children=["Reset"]).widget.click()

        rebuilt = model.value
        assert rebuilt.steps == 0
        assert rebuilt.params == Params(n_citizens=500, data_sharing="fusion", outreach_share=0.1)
        assert rebuilt._seed == 7 and rebuilt._rng == np.random.default_rng(7).bit_generator.state
        rc.find(v.Btn, children=["Step"]).widget.click()
        same = GovernanceModel(Params(n_citizens=500, data_sharing="fusion", outreach_share=0.1), rng=7)
        pd.testing.assert_frame_equal(rebuilt.outcomes(), outcomes(same, 1), check_exact=True)
    finally:
        rc.close()


def test_solaraviz_rejects_a_model_param_the_model_does_not_have(caplog):
    """Mesa checks model_params names against the signature, which lists every Params field.

    The check runs in an effect; with handle_error the page is still returned (and closed here, so it does not
    re-render and fail in a later test when Mesa's global update counter ticks) and reacton logs the error.
    """
    _, rc = render_solaraviz({"n_citizen": 300}, handle_error=True)
    rc.close()
    assert "Invalid model parameter: n_citizen" in caplog.text


# -- the examples in docs/model.md ------------------------------------------------------------------------------

DOCS = Path(__file__).resolve().parents[1] / "docs" / "model.md"


def docs_examples() -> list[str]:
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("### Using the model from Mesa (batch_run, SolaraViz)", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.+?)\n```", section, flags=re.S)


def test_docs_batch_run_example_runs(keep_start_method, capsys):
    batch_example, _ = docs_examples()
    namespace: dict = {}
    exec(compile(batch_example, str(DOCS), "exec"), namespace)
    frame = namespace["frame"]
    assert len(frame) == 6 and set(frame["data_sharing"]) == {"siloed", "fusion"}
    assert "allocation_accuracy" in capsys.readouterr().out


def test_docs_solaraviz_example_renders_and_resets():
    pytest.importorskip("altair", reason="mesa.visualization imports altair; install it to run SolaraViz")
    _, app_example = docs_examples()
    namespace: dict = {}
    exec(compile(app_example, str(DOCS), "exec"), namespace)
    _, rc = solara.render(solara.AppLayout(children=[namespace["page"]]), handle_error=False)
    try:
        rc.find(v.Select, label="Service rule").widget.v_model = "online_only"
        rc.find(v.Slider, label="Seed").widget.v_model = 3
        rc.find(v.Btn, children=["Reset"]).widget.click()
        rc.find(v.Btn, children=["Step"]).widget.click()
        assert len(rc.find(ipywidgets.Image).widgets) == 2
    finally:
        rc.close()
