"""CLI subcommands, one module each; the CLI discovers them all (``smartgov.cli``).

Each module defines ``register(subparsers)`` and a ``handle(args)`` set as the parser's handler. Importing a module
and calling ``register`` happens for every ``smartgov --help``, so the module's top level imports only the standard
library and light smartgov modules (``smartgov.cli``, ``smartgov.options``); pandas, NumPy, mesa, SALib, Dask,
matplotlib, ... are imported inside ``handle``. tests/test_packaging.py checks this.
"""
