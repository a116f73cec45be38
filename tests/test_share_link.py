"""Share by link: what the address carries, read back exactly, and every bad field named before anything is
applied."""

from __future__ import annotations

import pytest

import smartgov
from smartgov.scenarios import available
from smartgov.viz.share_link import LinkError, SharedView, decode, encode, version_note


def test_a_link_reads_back_as_the_view_it_was_made_from():
    view = SharedView(scenario="digital_only", edits={"outreach_share": 0.25, "consent_required": False,
                                                      "network": "scale_free"}, seed=12345, lang="zh",
                      tab="compare", scenario_b="human_centred")
    assert decode(encode(view)) == view


def test_a_plain_view_gives_a_short_link_with_the_version():
    query = encode(SharedView())
    assert query == f"v={smartgov.__version__}&scenario=baseline&seed=1"
    assert decode(query) == SharedView()


def test_edits_are_written_as_the_cli_writes_them():
    assert "set=outreach_share%3D0.25" in encode(SharedView(edits={"outreach_share": 0.25}))


@pytest.mark.parametrize(("query", "field", "allowed"), [
    ("scenario=nowhere", "scenario", "a built-in scenario"),
    ("scenario=baseline&b=uploaded:mine", "b", "a built-in scenario"),
    ("seed=abc", "seed", "a whole number from 0"),
    ("seed=-3", "seed", "a whole number from 0"),
    ("lang=fr", "lang", "en or zh"),
    ("tab=admin", "tab", "explore, compare"),
    ("set=outreach_share%3D7", "set", "outreach_share"),
    ("set=no_such_param%3D1", "set", "no_such_param"),
    ("set=outreach_share", "set", "KEY=VALUE"),
    ("seed=1&seed=2", "seed", "each field once"),
    ("evil=1", "evil", "one of the link's fields"),
    ("scenario=" + "x" * 5000, "link", "at most 4,000 characters"),
])
def test_a_bad_link_names_the_field_the_value_and_what_is_allowed(query, field, allowed):
    with pytest.raises(LinkError) as err:
        decode(query)
    assert err.value.field == field
    assert allowed in str(err.value)


def test_every_built_in_scenario_can_travel_in_a_link():
    for name in available():
        assert decode(encode(SharedView(scenario=name))).scenario == name


def test_a_link_from_another_version_is_noted():
    assert version_note(decode("v=0.0.1&scenario=baseline")) == "0.0.1"
    assert version_note(decode(encode(SharedView()))) is None
    assert version_note(decode("scenario=baseline")) == "unknown"  # hand-written: say so, do not guess


def test_a_timeline_travels_in_the_link_and_is_checked_with_the_scenarios_own():
    timeline = ({"week": 52, "set": {"service_rule": "online_only"}}, {"week": 30, "breach": {"vendor": 0}})
    view = SharedView(scenario="baseline", events=timeline)
    assert decode(encode(view)) == view
    with pytest.raises(LinkError) as err:  # after the app's last week (520)
        decode(encode(SharedView(events=({"week": 600, "capacity_cut": {"factor": 0.5, "weeks": 2}},))))
    assert err.value.field == "ev[0].week" and "520" in str(err.value)
    with pytest.raises(LinkError) as err:  # the scenario breaches every vendor at week 52 already
        decode(encode(SharedView(scenario="fusion_breach_week52", events=({"week": 52, "breach": {"vendor": 1}},))))
    assert err.value.field.startswith("ev[0]"), err.value
    with pytest.raises(LinkError) as err:
        decode("scenario=baseline&ev=%5Bnot-json")
    assert err.value.field == "ev" and "JSON list" in str(err.value)
