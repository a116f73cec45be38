"""``smartgov analyze``: a sweep folder into tidy tables (CSV) and seaborn figures (PNG) in DIR/analysis/."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "analyze", help="tables and figures from a sweep: heatmaps, Morris, Sobol, PRIM scenario discovery",
        description="Summarize the runs in DIR (written by `smartgov sweep`): per-run and per-point tables with "
                    "95% confidence intervals, Morris or Sobol indices (SALib), a PRIM box for an outcome of "
                    "interest, and figures. Writes DIR/analysis/ (or --out).")
    parser.add_argument("dir", type=Path, help="sweep folder (holds manifest.json and runs/)")
    parser.add_argument("--out", default=None, help="where to write (default DIR/analysis)")
    parser.add_argument("--prim", metavar="OUTCOME<VALUE", default=None,
                        help="scenario discovery target, e.g. 'trust_excluded<0.45' (default: the design's)")
    parser.add_argument("--no-figures", action="store_true", help="tables only")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Analyze and write; pandas, SALib and prim are imported here so that ``smartgov --help`` stays fast."""
    from smartgov.cli import UsageError
    from smartgov.experiments.analysis import analyze, design_from_manifest, parse_rule
    from smartgov.experiments.results import check_output_folder, load_manifest, load_results, write_folder

    manifest = load_manifest(args.dir, required=("design", "runs"))
    design = design_from_manifest(manifest, str(args.dir / "manifest.json"))
    target = parse_rule(args.prim, design.outcomes) if args.prim is not None else None
    out = check_output_folder(args.out if args.out is not None else args.dir / "analysis", "--out")
    result = analyze(load_results(args.dir, design.run_ids()), manifest, target)
    if target is not None and result.discovery is None:
        values = result.runs[target["outcome"]]
        raise UsageError(f"--prim = {args.prim!r} selects no run or every run ({target['outcome']} ranges "
                         f"{values.min():.4g} to {values.max():.4g} over the runs); choose a threshold inside "
                         "that range")
    writers = {name: (lambda path, table=table: table.to_csv(path, index=False))
               for name, table in result.tables().items()}
    if not args.no_figures:
        from smartgov.viz.sensitivity_plots import draw_all

        for name, figure in draw_all(result).items():
            writers[name] = lambda path, figure=figure: figure.savefig(path, dpi=120)
    writers["notes.txt"] = lambda path: path.write_text("\n".join(result.notes) + "\n", encoding="utf-8")
    written = [p.name for p in write_folder(out, writers)]  # all or nothing
    print(f"smartgov analyze: {design.name} ({design.method}), {len(result.runs)} runs, "
          f"{result.runs['point'].nunique()} design points, outcomes = mean of the last {design.summary_window} "
          "weeks")
    for note in result.notes:
        print(f"note: {note}")
    _print_headline(result)
    print(f"wrote {out}/: {', '.join(written)}")
    return 0


def _print_headline(result: Any) -> None:
    """The few numbers a researcher looks at first."""
    if result.morris is not None and len(result.morris):
        print("Morris μ* (top 5 per outcome):")
        for outcome, data in result.morris.groupby("outcome", sort=False):
            top = data.nlargest(5, "mu_star")
            print(f"  {outcome}: " + ", ".join(f"{p} {v:.3g}±{c:.2g}" for p, v, c in
                                              zip(top["parameter"], top["mu_star"], top["mu_star_conf"], strict=True)))
    if result.sobol is not None and len(result.sobol):
        print("Sobol ST (S1), 95% CI:")
        for outcome, data in result.sobol.groupby("outcome", sort=False):
            top = data.nlargest(5, "ST")
            print(f"  {outcome}: " + ", ".join(f"{p} {t:.2f}±{tc:.2f} ({s:.2f})" for p, t, tc, s in
                                              zip(top["parameter"], top["ST"], top["ST_conf"], top["S1"],
                                                  strict=True)))
    d = result.discovery
    if d is not None:
        print(f"PRIM box for {d.rule} ({d.cases} of {d.total} runs): coverage {d.coverage:.2f}, "
              f"density {d.density:.2f}")
        for _, row in d.box.iterrows():
            span = row["levels"] if row["levels"] else f"[{row['min']:.3g}, {row['max']:.3g}]"
            print(f"  {row['parameter']}: {span}")
