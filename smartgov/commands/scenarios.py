"""``smartgov scenarios``: list the scenario library with titles (English or Chinese), or show one scenario."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("scenarios", help="list the scenario library (or show one scenario)",
                            description="List the library scenarios with their titles, or show one scenario "
                                        "(library name or .yaml path): description, what to watch, essay "
                                        "passage and parameter overrides.")
    parser.add_argument("scenario", nargs="?", default=None, help="show this scenario in full")
    parser.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the texts (default en)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """List or show; the loader (and with it the model package) is imported here, not at start-up."""
    from smartgov.model.params import Params
    from smartgov.scenarios import available, load

    if args.scenario is None:
        names = available()
        width = max(len(n) for n in names)
        for name in names:
            s = load(name)
            changed = ", ".join(f"{k}={v}" for k, v in s.parameters.items()) or "(no overrides)"
            print(f"{name:<{width}}  {s.title[args.lang]}\n{'':<{width}}  {changed}")
        print(f"\n{len(names)} scenarios; `smartgov scenarios NAME` shows one; any .yaml file with the same fields "
              "works wherever a scenario name does.")
        return 0
    s = load(args.scenario)
    lang = args.lang
    defaults = Params()
    print(f"{s.name}: {s.title[lang]}\n")
    print(s.description[lang] + "\n")
    print(("What to watch: " if lang == "en" else "观察要点：") + s.watch[lang] + "\n")
    print(("Source: " if lang == "en" else "出处：") + s.source + "\n")
    print("Parameters changed from the defaults:" if lang == "en" else "相对默认值修改的参数：")
    for key, value in s.parameters.items():
        print(f"  {key} = {value!r}  (default {getattr(defaults, key)!r})")
    if not s.parameters:
        print("  (none)")
    return 0
