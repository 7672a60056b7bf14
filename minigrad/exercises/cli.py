"""`python -m minigrad exercise ...` and `python -m minigrad check FILE`.

Both speak English or Korean: `--lang ko`, or when --lang is not given the
environment variable MINIGRAD_LANG (en or ko; unset or empty means en, any
other value is an error, so that a typo such as `kr` does not pass unnoticed).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..languages import LANGS
from . import EXERCISES, check_file, exercise_text, solution_path
from .messages import say

ENV = "MINIGRAD_LANG"


def exercise_main(argv: list[str]) -> int:
    asked = _asked_lang(argv)
    lang = asked if asked in LANGS else "en"  # a bad MINIGRAD_LANG is reported after the parse
    language = _lang_option(lang)  # --lang may come before the action or after it
    parser = argparse.ArgumentParser(
        prog="minigrad exercise", description=say(lang, "help_exercise"), parents=[language])
    sub = parser.add_subparsers(dest="action", metavar="action", required=True)
    sub.add_parser("list", help=say(lang, "help_list"), parents=[language])
    start = sub.add_parser("start", help=say(lang, "help_start"), parents=[language])
    start.add_argument("name", choices=list(EXERCISES), metavar="NAME")
    start.add_argument("--dir", default=".", help=say(lang, "help_dir"))
    answer = sub.add_parser("solution", help=say(lang, "help_solution"), parents=[language])
    answer.add_argument("name", choices=list(EXERCISES), metavar="NAME")
    args = parser.parse_args(argv)
    _check_env(asked, parser)
    # The commands suggested below keep a --lang given on this command line.
    option = f" --lang {lang}" if hasattr(args, "lang") else ""
    if args.action == "list":
        width = max(map(len, EXERCISES))
        for name, exercise in EXERCISES.items():
            print(f"{name:<{width}}  {exercise.title(lang)}")
        print()
        print(say(lang, "start_one", command=f"python -m minigrad exercise start{option} NAME"))
        return 0
    if args.action == "solution":
        print(solution_path(args.name).read_text(encoding="utf-8"), end="")
        return 0
    path = Path(args.dir) / f"{args.name}.py"
    if path.exists():
        print(say(lang, "exists", path=path))
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(exercise_text(args.name), encoding="utf-8")
    print(say(lang, "wrote", path=path))
    print(f"    python -m minigrad check{option} {path}")
    return 0


def check_main(argv: list[str]) -> int:
    asked = _asked_lang(argv)
    lang = asked if asked in LANGS else "en"
    parser = argparse.ArgumentParser(prog="minigrad check", description=say(lang, "help_check"),
                                     parents=[_lang_option(lang)])
    parser.add_argument("file", help=say(lang, "help_file"))
    args = parser.parse_args(argv)
    _check_env(asked, parser)
    return 0 if check_file(args.file, lang=lang) else 1


def _asked_lang(argv: list[str]) -> str:
    """The language asked for: --lang if given, else $MINIGRAD_LANG, else "en". Read before
    the command line is parsed, so that --help speaks it too; the value is checked after."""
    early = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    early.add_argument("--lang")
    try:
        given = early.parse_known_args(argv)[0].lang
    except argparse.ArgumentError:  # `--lang` without a value: the full parse says so
        given = None
    return given or os.environ.get(ENV) or "en"


def _lang_option(lang: str) -> argparse.ArgumentParser:
    """--lang, for the parsers to share; argparse rejects a value other than en or ko."""
    option = argparse.ArgumentParser(add_help=False)
    option.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS,
                        help=say(lang, "help_lang"))
    return option


def _check_env(asked: str, parser: argparse.ArgumentParser) -> None:
    """A language that passed the parse but is not en or ko came from MINIGRAD_LANG: say so
    (in both languages, as which one the learner reads is unknown) and exit with status 2."""
    if asked not in LANGS:
        parser.error("\n  ".join(say(lang, "bad_env", value=asked) for lang in LANGS))
