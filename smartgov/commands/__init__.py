"""CLI subcommands. Each module defines ``register(subparsers)``; the CLI discovers them all."""
