"""Write a graph to a file: .dot as text, .svg/.png/.pdf through Graphviz's `dot`.

The one failure learners meet most is a missing Graphviz program. It is
checked before anything else, and the error says how to install it and
where the DOT text was saved instead, so the work is not lost.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import graphviz

from .messages import say

FORMATS = (".svg", ".png", ".pdf", ".dot")
INSTALL_HINT = say("en", "install_hint")  # messages.py has its Korean, for the stepper page


class GraphvizNotFoundError(RuntimeError):
    """The Graphviz `dot` program is not installed; `.dot_path` holds the DOT text instead."""

    def __init__(self, message: str, dot_path: Path) -> None:
        super().__init__(message)
        self.dot_path = dot_path


def find_dot() -> str | None:
    """The path of Graphviz's `dot` program, or None when it is not on PATH."""
    return shutil.which("dot")


def dot_source(graph: Any) -> str:
    """The DOT text of a graphviz graph, or the text itself."""
    if isinstance(graph, str):
        return graph
    if isinstance(graph, (graphviz.Digraph, graphviz.Graph, graphviz.Source)):
        return graph.source
    raise TypeError(
        f"save: expected a graphviz.Digraph (from viz.draw_graph) or DOT text (from "
        f"viz.to_dot), got {type(graph).__name__}"
    )


def save(graph: Any, path: str | os.PathLike[str]) -> Path:
    """Write `graph` to `path`, in the format its suffix names (.svg, .png, .pdf, .dot).

    Returns the path written. Parent folders are created. Without Graphviz's
    `dot` program only .dot works; other formats raise GraphvizNotFoundError
    after writing the DOT text next to `path` (its `.dot_path`).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(
            f"save: cannot tell the format from {str(path)!r}; end the file name with one of "
            f"{', '.join(FORMATS)}"
        )
    source = dot_source(graph)
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".dot":
        path.write_text(source, encoding="utf-8")
        return path
    program = find_dot()
    if program is None:
        dot_path = path.with_suffix(".dot")
        dot_path.write_text(source, encoding="utf-8")
        raise GraphvizNotFoundError(
            f"save: cannot write {path.name}: the Graphviz program `dot` was not found on "
            f"PATH. {INSTALL_HINT} The DOT text was written to {dot_path} instead; render "
            f"it later with `dot -T{suffix[1:]} {dot_path} -o {path}`.",
            dot_path,
        )
    done = subprocess.run(
        [program, f"-T{suffix[1:]}", "-o", str(path)],
        input=source.encode("utf-8"),
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"save: Graphviz `dot` failed on {path.name} (exit code {done.returncode}): "
            f"{done.stderr.decode('utf-8', 'replace').strip()}"
        )
    return path
