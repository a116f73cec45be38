"""Experiment designs: shipped files, SALib samples, seeds, defaults from the parameter metadata, bad input."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from smartgov.cli import main
from smartgov.experiments.design import DesignError, available, load_design, parse_design
from smartgov.model.params import bounds, fields

SMALL = """
scenario: baseline
method: {method}
parameters:
  data_sharing:
  outreach_share:
  mean_degree: {{range: [4, 12]}}
  graded_management:
{extra}
fixed: {{n_citizens: 300}}
replicates: 3
steps: 5
seed: 11
"""


def small(method: str, extra: str = "") -> str:
    return SMALL.format(method=method, extra=extra)


def test_shipped_designs_load_and_expand() -> None:
    assert {"grid_sharing_outreach", "morris_levers", "sobol_top_levers"} <= set(available())
    grid = load_design("grid_sharing_outreach")
    assert grid.method == "grid" and [f.name for f in grid.factors] == ["data_sharing", "outreach_share"]
    assert len(grid.runs()) == 3 * 6 * grid.replicates
    morris = load_design("morris_levers")
    levers = [f.name for f in fields() if f.metadata["lever"]]
    assert [f.name for f in morris.factors] == levers  # every policy lever is screened
    assert len(morris.runs()) == morris.samples * (len(levers) + 1) * morris.replicates
    sobol = load_design("sobol_top_levers")
    assert len(sobol.runs()) == sobol.samples * (len(sobol.factors) + 2) * sobol.replicates


def test_levers_keyword_and_metadata_ranges() -> None:
    design = parse_design(small("lhs", "samples: 20").replace(
        "  data_sharing:\n  outreach_share:\n  mean_degree: {range: [4, 12]}\n  graded_management:\n", "levers\n")
        .replace("parameters:\n", "parameters: "))
    assert [f.name for f in design.factors] == [f.name for f in fields() if f.metadata["lever"]]
    for factor in design.factors:
        if not factor.discrete:
            assert (factor.lo, factor.hi) == bounds(factor.name)


@pytest.mark.parametrize("method, extra, points", [
    ("grid", "levels: 3", 3 * 3 * 3 * 2),
    ("lhs", "samples: 40", 40),
    ("sobol", "samples: 16", 16 * (4 + 2)),
    ("morris", "samples: 5", 5 * (4 + 1)),
])
def test_samples_are_valid_parameters(method: str, extra: str, points: int) -> None:
    design = parse_design(small(method, extra))
    values = design.points()
    assert len(values) == points
    for point in values:
        assert point["data_sharing"] in ("siloed", "fusion", "open")
        assert isinstance(point["graded_management"], bool)
        assert isinstance(point["mean_degree"], int) and 4 <= point["mean_degree"] <= 12
        assert isinstance(point["outreach_share"], float) and 0.0 <= point["outreach_share"] <= 0.5
    if method in ("grid", "lhs", "sobol"):  # every choice and switch is reached
        assert {p["data_sharing"] for p in values} == {"siloed", "fusion", "open"}
        assert {p["graded_management"] for p in values} == {False, True}
    assert parse_design(small(method, extra)).points() == values  # deterministic from the master seed


def test_sobol_sample_is_salibs() -> None:
    from SALib.sample import sobol

    design = parse_design(small("sobol", "samples: 8"))
    expected = sobol.sample(design.problem(), 8, calc_second_order=False, seed=11)
    np.testing.assert_array_equal(design.sample(), expected)


def test_replicate_seeds_come_from_the_master_seed_and_are_paired() -> None:
    design = parse_design(small("grid", "levels: 2"))
    children = np.random.SeedSequence(11).spawn(3)
    seeds = [int(c.generate_state(1, dtype=np.uint32)[0]) for c in children]
    assert design.replicate_seeds() == seeds
    runs = design.runs()
    for point in {r.point for r in runs}:
        assert [r.seed for r in runs if r.point == point] == seeds  # same seeds at every point
    assert len({r.run_id for r in runs}) == len(runs)
    other = parse_design(small("grid", "levels: 2").replace("seed: 11", "seed: 12"))
    assert other.replicate_seeds() != seeds and other.digest() != design.digest()


BAD = [
    ("method: factorial", "field 'method' = 'factorial' is not allowed; expected one of grid, lhs, sobol, morris"),
    ("parameters: {outreach_shar: }", "field 'parameters.outreach_shar' = 'outreach_shar' is not allowed; "
                                      "expected one of the known parameters (did you mean outreach_share"),
    ("parameters: {outreach_share: {range: [0, 0.9]}}",
     "field 'parameters.outreach_share.range' = [0, 0.9] is not allowed; expected [lo, hi] with lo < hi inside "
     "a number in [0, 0.5]"),
    ("parameters: {data_sharing: {levels: [siloed, cloud]}}",
     "field 'parameters.data_sharing.levels' = 'cloud' is not allowed; expected one of 'siloed', 'fusion', 'open'"),
    ("samples: 100", "field 'samples' = 100 is not allowed; expected a power of two"),
    ("replicates: 0", "field 'replicates' = 0 is not allowed; expected an integer in [1, 10000]"),
    ("seed: -3", "field 'seed' = -3 is not allowed; expected an integer in [0, 9223372036854775807]"),
    ("outcomes: [trust, happiness]", "field 'outcomes' = 'happiness' is not allowed; expected outcome columns"),
    ("scenario: utopia", "field 'scenario': unknown scenario 'utopia'"),
    ("fixed: {need_rate: 3}", "field 'fixed.need_rate' = 3 is not allowed; expected a number in [0, 1]"),
    ("colour: blue", "unknown field 'colour'; allowed fields are title"),
    ("discovery: {outcome: trust, under: 0.3}", "field 'discovery'"),
]
GOOD = """scenario: baseline
method: sobol
parameters: {outreach_share: , proxy_help: }
samples: 8
replicates: 1
steps: 5
seed: 1
outcomes: [trust]
fixed: {n_citizens: 300}
"""


def _with(line: str) -> str:
    key = line.split(":")[0]
    kept = [row for row in GOOD.splitlines() if not row.startswith(key + ":")]
    return "\n".join([*kept, line]) + "\n"


@pytest.mark.parametrize("line, message", BAD)
def test_bad_design_names_file_field_value_and_allowed(tmp_path: Path, line: str, message: str,
                                                       capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(_with(line), encoding="utf-8")
    with pytest.raises(DesignError) as err:
        load_design(path)
    assert str(err.value).startswith(f"{path}: ")
    assert message in str(err.value)
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--out", str(out), "--workers", "0", "--no-progress"]) == 2
    printed = capsys.readouterr().err
    assert printed.count("\n") == 1 and message in printed
    assert not out.exists()  # nothing written


def test_malformed_yaml_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("method: [grid\n", encoding="utf-8")
    with pytest.raises(DesignError, match=r"broken\.yaml: not valid YAML"):
        load_design(path)
    with pytest.raises(DesignError, match=r"unknown design 'nope'; expected one of .*grid_sharing_outreach"):
        load_design("nope")
    with pytest.raises(DesignError, match="no such design file"):
        load_design(tmp_path / "x.yaml")


def test_good_design_passes() -> None:
    assert len(parse_design(GOOD).runs()) == 8 * 4


def test_scenario_file_beside_the_design(tmp_path: Path) -> None:
    texts = "\n".join(f"{key}: {{en: x, zh: x}}" for key in ("title", "description", "watch"))
    (tmp_path / "mine.yaml").write_text(texts + "\nparameters: {service_rule: online_only}\n", encoding="utf-8")
    path = tmp_path / "design.yaml"
    path.write_text(GOOD.replace("scenario: baseline", "scenario: mine.yaml"), encoding="utf-8")
    design = load_design(path)
    assert Path(design.scenario) == (tmp_path / "mine.yaml").resolve()
    from smartgov.scenarios import load

    assert load(design.scenario).params(**design.runs()[0].parameters).service_rule == "online_only"


HUGE_GRID = """scenario: baseline
method: grid
levels: 1000
parameters: {outreach_share: , proxy_help: , training_rate: , need_rate: }
seed: 1
"""


@pytest.mark.parametrize(("text", "needle"), [
    (HUGE_GRID, "1,000,000,000,000 runs (1 scenario(s) × 1,000,000,000,000 points × 1 replicates) is more than "
                "max_runs = 100,000"),
    (_with("samples: 1048576").replace("{outreach_share: , proxy_help: }", "levers"), "is more than max_runs"),
    (_with("replicates: 100000"), "field 'replicates' = 100000 is not allowed"),
    (_with("steps: 1000000000000000000000000000000"), "field 'steps' = 1000000000000000000000000000000 is not"),
    (_with("seed: 18446744073709551616"), "field 'seed' = 18446744073709551616 is not allowed"),
])
def test_huge_designs_are_refused_before_expansion(tmp_path: Path, text: str, needle: str) -> None:
    """Sizes are counted, not expanded: a design of 10**12 runs is refused at once with a clear message."""
    path = tmp_path / "huge.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DesignError, match=re.escape(needle)):
        load_design(path)


def test_max_runs_can_be_raised_by_the_caller(tmp_path: Path) -> None:
    design = parse_design(GOOD)
    with pytest.raises(DesignError, match="is more than max_runs = 10"):
        parse_design(GOOD, max_runs=10)
    assert len(design.runs(max_runs=design.count_runs())) == design.count_runs()
