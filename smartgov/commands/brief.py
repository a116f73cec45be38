"""``smartgov brief``: a policy brief (HTML and PDF, English and/or Chinese) of a finished comparison."""

from __future__ import annotations

import argparse
from pathlib import Path

LANG_CHOICES = ("en", "zh", "both")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "brief", help="a policy brief (HTML + PDF, en/zh) of a `smartgov compare` folder",
        description="Turn the --out folder of `smartgov compare` into a policy brief: the question, the scenarios "
                    "and their parameter differences with sources, key results with 95%% CIs and a verdict in "
                    "words, figures, limitations and the command that reproduces it. Writes brief.LANG.html and "
                    "brief.LANG.pdf (one document per language) to --out.")
    parser.add_argument("compare_dir", type=Path, metavar="COMPARE_DIR", help="the --out folder of smartgov compare")
    parser.add_argument("--out", type=Path, default=None, help="folder for the brief (default: COMPARE_DIR)")
    parser.add_argument("--lang", default="both", metavar="{en,zh,both}",
                        help="language of the brief; both (default) writes one document per language")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from smartgov.cli import UsageError
    from smartgov.scenarios.safe_load import shorten

    if args.lang not in LANG_CHOICES:
        raise UsageError(f"--lang = {shorten(args.lang)} is not allowed; expected one of {', '.join(LANG_CHOICES)}")
    from smartgov.experiments.compare import load_comparison
    from smartgov.experiments.results import check_output_folder, write_folder
    from smartgov.viz.brief import LANGS, render_brief

    table, manifest, runs = load_comparison(args.compare_dir, field="COMPARE_DIR")
    out = check_output_folder(args.out if args.out is not None else args.compare_dir, option="--out")
    writers = {}
    for lang in LANGS if args.lang == "both" else (args.lang,):
        html, pdf = render_brief(table, manifest, lang, runs=runs, folder=str(args.compare_dir))
        writers[f"brief.{lang}.html"] = lambda path, text=html: path.write_text(text, encoding="utf-8")
        writers[f"brief.{lang}.pdf"] = lambda path, data=pdf: path.write_bytes(data)
    written = write_folder(out, writers)
    print("wrote " + ", ".join(str(p) for p in written))
    return 0
