"""The languages of the text minigrad writes for learners: English and Korean.

The exercise checker (`minigrad.exercises.messages`) and `mg.explain` with the
backprop stepper (`minigrad.viz.messages`) each keep a catalogue: a dict from a
short id to a pair (English, Korean) with the same `{placeholders}` in both.
`pick` chooses from such a catalogue; errors, warnings and docstrings stay
English throughout the library.
"""

from __future__ import annotations

from typing import Any

LANGS = ("en", "ko")


def check_lang(lang: Any, what: str | None = None) -> str:
    """`lang` itself if it is one of LANGS; else a ValueError that names `what` and LANGS."""
    if not isinstance(lang, str) or lang not in LANGS:
        where = f"{what}: " if what else ""
        raise ValueError(f"{where}lang must be one of {', '.join(map(repr, LANGS))}, got {lang!r}")
    return lang


def pick(messages: dict[str, tuple[str, ...]], lang: str, key: str, **fields: Any) -> str:
    """The message `key` of `messages` in `lang`, its placeholders filled from `fields`."""
    return messages[key][LANGS.index(check_lang(lang))].format(**fields)
