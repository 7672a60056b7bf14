"""Exercises with checked answers: write a backward (or a loss) yourself, then ask minigrad.

    python -m minigrad exercise list              what there is
    python -m minigrad exercise start sigmoid     writes sigmoid.py, with a part left for you
    python -m minigrad check sigmoid.py           runs it and says, in words, what is wrong
    python -m minigrad check --lang ko sigmoid.py the same in Korean (or MINIGRAD_LANG=ko)

Each exercise is a worked answer in `solutions/` with the learner's part marked
by `# ---- yours` ... `# ---- end`; `start` writes the file with that part
replaced by `raise NotImplementedError`, so exercise and answer never drift
apart. The checker (`check.py`) compares the learner's gradients with those of
minigrad's own ops (`catalog.py`) and names the usual slips (`diagnose.py`),
in sentences taken from `messages.py`, each there in English and in Korean.
"""

from __future__ import annotations

import re
from pathlib import Path

from .catalog import EXERCISES
from .check import check_file

SOLUTIONS = Path(__file__).parent / "solutions"

# The learner's part: its first line says what to write; its body is the answer.
_YOURS = re.compile(r"^(?P<indent>[ \t]*)# ---- yours(?P<what>.*?)----\n(?P<body>.*?)"
                    r"^(?P=indent)# ---- end ----\n", re.S | re.M)


def solution_path(name: str) -> Path:
    """The worked answer to exercise `name`."""
    if name not in EXERCISES:
        raise KeyError(f"no exercise {name!r}; the exercises are {', '.join(EXERCISES)}")
    return SOLUTIONS / f"{name}.py"


def exercise_text(name: str) -> str:
    """The exercise file a learner starts from: the answer with the learner's parts taken out."""

    def blank(part: re.Match[str]) -> str:
        indent, what = part["indent"], part["what"].strip(" :")
        return (f"{indent}# ---- yours{part['what']}----\n"
                f"{indent}raise NotImplementedError(\"{what or 'write this part'}\")\n"
                f"{indent}# ---- end ----\n")

    return _YOURS.sub(blank, solution_path(name).read_text(encoding="utf-8"))


__all__ = ["EXERCISES", "check_file", "exercise_text", "solution_path"]
