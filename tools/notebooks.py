"""Make the Jupyter notebooks of the docs from the pages: the pages are the one source.

    python tools/notebooks.py          # writes docs/notebooks/*.ipynb (and ko/ for Korean)
    python tools/notebooks.py --check  # exit 1 if a notebook is not what its page makes

Getting started and every tutorial page become a notebook. Each ```python block
becomes a code cell; the ```text block that shows what a block prints is left
out (the notebook prints it itself); everything else becomes markdown, with the
links and pictures pointed at the pages and assets from the notebook's folder.
A first code cell sets the random seeds the pages' numbers were printed with
(as tests/test_docs.py does). tests/test_notebooks.py executes every notebook.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
OUT = DOCS / "notebooks"
FENCE = re.compile(r"^(?P<fence>`{3,})(?P<lang>[\w-]*)\s*$")
LINK = re.compile(r"(\]\()(?P<target>[^)\s#]+)(?P<rest>[^)]*\))")
SKIP_MARK = "# not run by the docs tests:"
# The page's own line pointing to its notebook ("*This page is also a Jupyter notebook: ...*"):
# inside the notebook it would point to itself, so it is left out.
SELF_LINK = re.compile(r"^\*[^\n]*\]\([^)\s]*\.ipynb\)[^\n]*\*$", re.M)

SETUP = """\
# The seeds the page's printed numbers were made with: run the cells in order
# and you get the same numbers.
import numpy as np

import minigrad as mg

np.random.seed(0)
mg.manual_seed(0)"""


def pages() -> list[Path]:
    """The pages that become notebooks: Getting started and the tutorial, both languages."""
    english = [DOCS / "getting-started.md", *sorted((DOCS / "tutorial").glob("0*.md"))]
    english = [p for p in english if not p.name.endswith(".ko.md")]
    korean = [p.with_name(p.name.replace(".md", ".ko.md")) for p in english]
    return english + [p for p in korean if p.exists()]


def notebook_path(page: Path) -> Path:
    """docs/tutorial/01-x.md -> docs/notebooks/tutorial-01-x.ipynb (Korean: notebooks/ko/)."""
    rel = page.relative_to(DOCS)
    korean = page.name.endswith(".ko.md")
    stem = "-".join([*rel.parent.parts, rel.name.replace(".ko.md", "").replace(".md", "")])
    return (OUT / "ko" if korean else OUT) / f"{stem}.ipynb"


def _relink(markdown: str, page: Path, notebook: Path) -> str:
    """Relative links and pictures of the page, made relative to the notebook's folder."""

    def fix(m: re.Match[str]) -> str:
        target = m["target"]
        if re.match(r"^[a-z]+:", target) or target.startswith("/"):
            return m.group(0)  # a web address, or absolute
        moved = os.path.relpath((page.parent / target).resolve(), notebook.parent)
        return f"{m[1]}{Path(moved).as_posix()}{m['rest']}"

    return LINK.sub(fix, markdown)


def cells_of(page: Path) -> list[tuple[str, str]]:
    """(kind, source) pairs: 'markdown' or 'code', in page order."""
    lines = page.read_text(encoding="utf-8").splitlines()
    cells: list[tuple[str, str]] = []
    text: list[str] = []
    last_code_end = -10  # the line after the last python block, to spot its printed output
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            text.append(lines[i])
            i += 1
            continue
        end = next(j for j in range(i + 1, len(lines)) if lines[j].strip() == m["fence"])
        body = lines[i + 1 : end]
        shows_output = m["lang"] == "text" and all(not s.strip() for s in
                                                   lines[last_code_end:i])
        runnable = m["lang"] == "python" and not (body and body[0].startswith(SKIP_MARK))
        if runnable:
            cells.append(("markdown", "\n".join(text)))
            cells.append(("code", "\n".join(body)))
            text = []
            last_code_end = end + 1
        elif not shows_output:
            text.extend(lines[i : end + 1])
        i = end + 1
    cells.append(("markdown", "\n".join(text)))
    cells = [(kind, SELF_LINK.sub("", src) if kind == "markdown" else src) for kind, src in cells]
    return [(kind, src.strip("\n")) for kind, src in cells if src.strip()]


def notebook(page: Path) -> dict:
    """The notebook of `page`, as nbformat 4 JSON."""
    path = notebook_path(page)
    made_from = page.relative_to(ROOT).as_posix()
    note = (f"*Made from `{made_from}` by `tools/notebooks.py`: edit the page, not this "
            "notebook.*")
    cells = [("markdown", note), ("code", SETUP)] + [
        (kind, _relink(src, page, path) if kind == "markdown" else src)
        for kind, src in cells_of(page)
    ]
    return {
        "cells": [_cell(kind, src) for kind, src in cells],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _cell(kind: str, source: str) -> dict:
    lines = source.splitlines(keepends=True)
    cell = {"cell_type": kind, "id": "", "metadata": {}, "source": lines}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def render(page: Path) -> str:
    """The notebook file's text (stable ids, so that a regenerated file is byte-identical)."""
    nb = notebook(page)
    for k, cell in enumerate(nb["cells"]):
        cell["id"] = f"cell-{k}"
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    stale = []
    for page in pages():
        path, text = notebook_path(page), render(page)
        if "--check" in argv:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path.relative_to(ROOT).as_posix())
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        print("not made from the current pages (run `python tools/notebooks.py`):\n  "
              + "\n  ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
