"""The notebooks (docs/notebooks): made from the current pages, and they run in a real
Jupyter kernel, printing what the pages say they print."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from test_docs import expected_output, read_blocks, same_output

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import notebooks  # noqa: E402  (tools/notebooks.py)

PAGES = notebooks.pages()


def test_notebooks_are_made_from_the_current_pages(capsys):
    assert notebooks.main(["--check"]) == 0, capsys.readouterr().out


def test_every_tutorial_page_has_a_notebook_in_both_languages():
    names = {p.relative_to(ROOT / "docs").as_posix() for p in PAGES}
    assert "getting-started.md" in names and "getting-started.ko.md" in names
    tutorial = [n for n in names if n.startswith("tutorial/0")]
    assert len(tutorial) >= 14 and all(n.replace(".md", ".ko.md") in names
                                       for n in tutorial if not n.endswith(".ko.md"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT / "docs").as_posix())
def test_each_page_points_to_its_notebook_and_the_notebook_not_to_itself(page: Path):
    notebook = notebooks.notebook_path(page)
    link = Path(os.path.relpath(notebook, page.parent)).as_posix()
    assert f"]({link})" in page.read_text(encoding="utf-8"), f"{page.name} does not link {link}"
    cells = json.loads(notebooks.render(page))["cells"]
    markdown = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert ".ipynb)" not in markdown


def test_the_converter_keeps_code_drops_shown_output_and_relinks(tmp_path, monkeypatch):
    page = notebooks.DOCS / "tutorial" / "zz-test.md"
    text = ("# T\nSee [the guide](../guide/pytorch.md) and ![a](../assets/x.png).\n\n"
            "```python\nprint(1 + 1)\n```\n\n```text\n2\n```\n\n```bash\nmake test\n```\n")
    monkeypatch.setattr(notebooks.Path, "read_text", lambda self, encoding=None: text)
    cells = notebooks.notebook(page)["cells"]
    sources = ["".join(c["source"]) for c in cells]
    assert [c["cell_type"] for c in cells] == ["markdown", "code", "markdown", "code",
                                                "markdown"]
    assert sources[3] == "print(1 + 1)"
    assert "](../guide/pytorch.md)" in sources[2] and "](../assets/x.png)" in sources[2]
    assert "2" not in sources[4] and "make test" in sources[4]  # the output block is gone


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT / "docs").as_posix())
def test_notebook_runs_and_prints_what_the_page_says(page: Path, tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    path = notebooks.notebook_path(page)
    nb = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError, with the cell and traceback, on an error
    code = [c for c in nb.cells if c.cell_type == "code"][1:]  # [0]: the seeds
    blocks = [b for b in read_blocks(page) if b.lang == "python"
              and not b.code.lstrip().startswith("# not run by the docs tests:")]
    assert len(code) == len(blocks)
    all_blocks = read_blocks(page)
    for cell, block in zip(code, blocks):
        expected = expected_output(all_blocks, all_blocks.index(block))
        if expected is None:
            continue
        printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream"
                          and o.name == "stdout")
        assert same_output(printed, expected), (
            f"{path.name}, the cell from line {block.line} of the page: the page says\n"
            f"{expected}\nthe notebook printed\n{printed}")


def test_notebooks_are_valid_json_with_a_python_kernel():
    for page in PAGES:
        nb = json.loads(notebooks.notebook_path(page).read_text(encoding="utf-8"))
        assert nb["nbformat"] == 4 and nb["metadata"]["kernelspec"]["name"] == "python3"
