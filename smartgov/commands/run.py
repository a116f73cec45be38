"""``smartgov run``: one scenario, one seed; an end-of-run table by group and the time series on disk."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from smartgov.cli import UsageError
from smartgov.options import add_model_options, scenario_params

if TYPE_CHECKING:
    from smartgov.model.events import Timeline


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("run", help="run one scenario and write its time series",
                            description="Run one scenario with one seed; print end-of-run outcomes by group and "
                                        "write timeseries.parquet, timeseries.csv and manifest.json to --out.")
    add_model_options(parser)
    parser.add_argument("--event", dest="events", action="append", default=[], metavar="YAML",
                        help="a timeline event on top of the scenario's (repeatable), as a YAML/JSON mapping, e.g. "
                             "--event '{week: 52, set: {service_rule: online_only}}'; see docs/scenarios.md")
    parser.add_argument("--seed", type=int, default=1, help="random seed (one seed fixes a run bit for bit)")
    parser.add_argument("--out", default="runs/latest", help="output folder (default runs/latest)")
    parser.set_defaults(handler=handle)


def events_from_options(texts: list[str]) -> Timeline:
    """``--event`` values (YAML or JSON mappings) as a timeline; a bad one is named by its position."""
    from smartgov.model.events import Timeline
    from smartgov.scenarios.safe_load import load_yaml_text

    data = [load_yaml_text(text, f"--event[{index}]", kind="event") for index, text in enumerate(texts)]
    return Timeline.from_data(data, label="--event")


def handle(args: argparse.Namespace) -> int:
    """Run, print the table, write the files; the model and pandas are imported here, not at start-up."""
    from smartgov.experiments.results import check_output_folder
    from smartgov.experiments.single_run import manifest, run_model, write_run
    from smartgov.experiments.summaries import RUN_WINDOW, end_of_run_table
    from smartgov.scenarios import load

    if args.steps < 1:
        raise UsageError(f"--steps = {args.steps} is not allowed; expected an integer >= 1")
    out = check_output_folder(args.out, "--out")  # before the run: a bad folder is refused at once
    params = scenario_params(args.scenario, args.overrides, n_citizens=args.n_citizens)
    # the scenario's events and the --event ones, checked together against this run's length
    timeline = load(args.scenario).timeline().extend(events_from_options(args.events))
    frame = run_model(params, args.seed, args.steps, events=timeline)
    meta = manifest(params, args.seed, args.steps, scenario=args.scenario, overrides=list(args.overrides),
                    events=timeline.to_data())
    written = write_run(frame, meta, out)
    window = min(RUN_WINDOW, args.steps)
    table = end_of_run_table(frame, window)
    print(f"smartgov run: scenario {args.scenario}, seed {args.seed}, {params.n_citizens} citizens, "
          f"{args.steps} weeks (table: mean of the last {window} weeks)")
    print(table.to_string(float_format=lambda v: f"{v:8.3f}", na_rep="       –"))
    print("wrote " + ", ".join(str(p) for p in written))
    return 0
