"""The command line: `python -m minigrad <command>` (or the `minigrad` script).

    minigrad demo [--out DIR] [--quick]   train the lecture's two models, write pictures
    minigrad graph SCRIPT.py --out DIR    run a script, draw the graph of its `loss`
    minigrad exercise list|start NAME     exercises: write a backward yourself
    minigrad check FILE.py                check an exercise file, say what is wrong
    minigrad <command> --help             the options of one command
"""

from __future__ import annotations

import argparse
import sys

from . import __version__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="minigrad",
        description="minigrad: a small autodiff framework on numpy, written to be read.",
    )
    parser.add_argument("--version", action="version", version=f"minigrad {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="command")
    commands.add_parser("demo", add_help=False,
                        help="train the lecture's two models and write loss curves, a "
                             "decision boundary and a computation graph")
    commands.add_parser("graph", add_help=False,
                        help="run a Python script and draw the computation graph of its "
                             "`loss` (see `minigrad graph --help`)")
    commands.add_parser("exercise", add_help=False,
                        help="exercises with checked answers (see `minigrad exercise --help`)")
    commands.add_parser("check", add_help=False,
                        help="check an exercise file and say in words what is wrong")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns its exit code (0 on success)."""
    args = list(sys.argv[1:] if argv is None else argv)
    # Each command parses its own options: everything after its name is passed on.
    if args and args[0] == "demo":
        from .demo import main as demo_main

        return demo_main(args[1:])
    if args and args[0] == "graph":
        from .viz.cli import main as graph_main  # imported lazily: only this command needs it

        return graph_main(args[1:])
    if args and args[0] in ("exercise", "check"):
        from .exercises import cli

        return (cli.exercise_main if args[0] == "exercise" else cli.check_main)(args[1:])
    parser = _parser()
    parser.parse_args(args)  # handles --help, --version and unknown commands (exit 2)
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
