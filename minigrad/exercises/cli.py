"""`python -m minigrad exercise ...` and `python -m minigrad check FILE`."""

from __future__ import annotations

import argparse
from pathlib import Path

from . import EXERCISES, check_file, exercise_text, solution_path


def exercise_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="minigrad exercise",
        description="Exercises with checked answers: write a backward yourself, then run "
                    "`minigrad check FILE`.")
    sub = parser.add_subparsers(dest="action", metavar="action", required=True)
    sub.add_parser("list", help="list the exercises")
    start = sub.add_parser("start", help="write the exercise file NAME.py to work on")
    start.add_argument("name", choices=list(EXERCISES), metavar="NAME")
    start.add_argument("--dir", default=".", help="where to write it (default: here)")
    answer = sub.add_parser("solution", help="print the worked answer (try first!)")
    answer.add_argument("name", choices=list(EXERCISES), metavar="NAME")
    args = parser.parse_args(argv)
    if args.action == "list":
        width = max(map(len, EXERCISES))
        for name, exercise in EXERCISES.items():
            print(f"{name:<{width}}  {exercise.title}")
        print("\nStart one with: python -m minigrad exercise start NAME")
        return 0
    if args.action == "solution":
        print(solution_path(args.name).read_text(encoding="utf-8"), end="")
        return 0
    path = Path(args.dir) / f"{args.name}.py"
    if path.exists():
        print(f"{path} exists already: not overwritten (delete it, or use --dir)")
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(exercise_text(args.name), encoding="utf-8")
    print(f"wrote {path}: read its docstring, fill in the parts marked '# ---- yours', then run\n"
          f"    python -m minigrad check {path}")
    return 0


def check_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="minigrad check", description="Check an exercise file and say what is wrong.")
    parser.add_argument("file", help="the exercise file, e.g. sigmoid.py")
    args = parser.parse_args(argv)
    return 0 if check_file(args.file) else 1
