"""The parameter object: validation, metadata completeness, conversions."""

from __future__ import annotations

import dataclasses

import pytest

from smartgov.model.params import GROUPS, ParameterError, Params, bounds, fields, parameter_table


def test_defaults_are_valid_and_frozen() -> None:
    params = Params()
    with pytest.raises(dataclasses.FrozenInstanceError):
        params.n_citizens = 5  # type: ignore[misc]


def test_every_field_has_complete_metadata() -> None:
    for f in fields():
        m = f.metadata
        assert m["group"] in GROUPS, f.name
        assert m["en"] and m["zh"], f.name
        assert m["source"], f.name
        if f.type in ("int", "float"):
            lo, hi = m["range"]
            assert lo <= f.default <= hi, f.name
        elif f.type == "str":
            assert f.default in m["choices"], f.name


@pytest.mark.parametrize(
    ("values", "field", "allowed"),
    [
        ({"need_rate": 1.5}, "need_rate", "[0, 1]"),
        ({"n_citizens": 5}, "n_citizens", "[10, 1e+06]"),
        ({"n_citizens": 100.5}, "n_citizens", "an integer"),
        ({"service_rule": "telepathy"}, "service_rule", "'online_only'"),
        ({"consent_required": "yes"}, "consent_required", "true or false"),
        ({"trust_gain": float("nan")}, "trust_gain", "a number"),
        ({"n_agencies": True}, "n_agencies", "an integer"),
    ],
)
def test_bad_values_name_field_value_and_allowed(values: dict, field: str, allowed: str) -> None:
    with pytest.raises(ParameterError) as err:
        Params.from_mapping(values)
    assert err.value.name == field
    message = str(err.value)
    assert field in message and allowed in message and repr(next(iter(values.values()))) in message


def test_unknown_key_suggests_close_names() -> None:
    with pytest.raises(ParameterError, match="did you mean need_rate"):
        Params.from_mapping({"need_rat": 0.1}, source="my.yaml")


def test_source_is_named_in_errors() -> None:
    with pytest.raises(ParameterError, match=r"^my\.yaml: parameter 'need_rate'"):
        Params.from_mapping({"need_rate": -1}, source="my.yaml")


def test_ints_become_floats_for_float_fields() -> None:
    params = Params(need_rate=0, capacity_ratio=2)
    assert isinstance(params.need_rate, float) and params == Params(need_rate=0.0, capacity_ratio=2.0)


def test_parse_value_types() -> None:
    assert Params.parse_value("n_citizens", "2000") == 2000
    assert Params.parse_value("need_rate", "0.1") == 0.1
    assert Params.parse_value("consent_required", "false") is False
    assert Params.parse_value("service_rule", "hybrid") == "hybrid"
    with pytest.raises(ParameterError, match="'n_citizens' = 'many'"):
        Params.parse_value("n_citizens", "many")
    with pytest.raises(ParameterError, match="'nope' = '3'"):
        Params.parse_value("nope", "3")


def test_replace_validates() -> None:
    assert Params().replace(need_rate=0.2).need_rate == 0.2
    with pytest.raises(ParameterError):
        Params().replace(need_rate=2.0)


def test_bounds_and_table() -> None:
    assert bounds("outreach_share") == (0.0, 0.5)
    with pytest.raises(ParameterError):
        bounds("service_rule")
    table = parameter_table()
    for f in fields():
        assert f"`{f.name}`" in table
