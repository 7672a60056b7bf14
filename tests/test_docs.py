"""The documentation is tested like code.

* Every ```python block on every page in docs/ (English and Korean) runs. The
  blocks of one page run in order in one namespace, in a temporary directory,
  with the random seeds set first, so a page reads like one script.
* Where a page states what a block prints, the test checks it. A block's
  printed output is either the ```text block that directly follows it, or
  `# prints: ...` comments inside it (one per printed line, in order).
  The check is exact (ignoring spaces): every number must be the one printed,
  with its sign, so a page shows what a reader's run prints, not something
  close to it. A page that would print float32 noise or -0 rounds in the code
  it shows (`round(x, 4)`, `np.round(a, 4) + 0.0`).
* A block is skipped only when its first line says why, visibly on the page:
  `# not run by the docs tests: <reason>`.
* A Korean page (`x.ko.md`) has the same code as its English twin (`x.md`):
  only comments may differ.
* `mkdocs build --strict` passes (no broken links, no missing references),
  and every picture a page shows exists in docs/assets/.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("MPLBACKEND", "Agg")  # pages may plot; never open a window

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
SKIP_MARK = "# not run by the docs tests:"
PRINTS_MARK = "# prints:"
FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,})(?P<info>[^`]*)$")
NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


@dataclass
class Block:
    """One fenced code block of a page."""

    lang: str
    code: str
    line: int  # 1-based line of the opening fence
    follows_previous: bool  # only blank lines since the previous block closed


def read_blocks(path: Path) -> list[Block]:
    """The fenced code blocks of a markdown file, in order."""
    blocks: list[Block] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    i, last_close = 0, -10
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence = len(m["indent"]), m["fence"]
        lang = m["info"].strip().split(" ")[0].lstrip(".{").strip("}") if m["info"] else ""
        start = i
        body = []
        i += 1
        while i < len(lines) and lines[i].strip() != fence:
            body.append(lines[i][indent:])
            i += 1
        between = lines[last_close + 1 : start] if last_close >= 0 else ["x"]
        blocks.append(Block(lang, "\n".join(body) + "\n", start + 1,
                            all(not s.strip() for s in between)))
        last_close = i
        i += 1
    return blocks


def expected_output(blocks: list[Block], k: int) -> str | None:
    """What block k says it prints: the text block right after it, or its `# prints:`."""
    if k + 1 < len(blocks) and blocks[k + 1].lang == "text" and blocks[k + 1].follows_previous:
        return blocks[k + 1].code
    prints = [line.split(PRINTS_MARK, 1)[1].strip()
              for line in blocks[k].code.splitlines() if PRINTS_MARK in line]
    return "\n".join(prints) + "\n" if prints else None


def tokens(text: str) -> list[str | float]:
    """Numbers as floats, everything between them as text without spaces."""
    out: list[str | float] = []
    pos = 0
    for m in NUMBER.finditer(text):
        chunk = "".join(text[pos : m.start()].split())
        if chunk:
            out.append(chunk)
        out.append(float(m.group()))
        pos = m.end()
    rest = "".join(text[pos:].split())
    if rest:
        out.append(rest)
    return out


def same_number(x: float, y: float) -> bool:
    """Equal values with equal signs: 2. is 2.0, but -0. is not 0. and 0.1185 is not 0.11846."""
    return x == y and math.copysign(1.0, x) == math.copysign(1.0, y)


def same_output(actual: str, expected: str) -> bool:
    """True if the texts agree exactly, ignoring spaces; numbers by value and sign."""
    a, e = tokens(actual), tokens(expected)
    if len(a) != len(e):
        return False
    for x, y in zip(a, e):
        if isinstance(x, float) and isinstance(y, float):
            if not same_number(x, y):
                return False
        elif x != y:
            return False
    return True


def page_id(path: Path) -> str:
    return str(path.relative_to(DOCS))


CODE_PAGES = [p for p in PAGES if any(b.lang == "python" for b in read_blocks(p))]


@pytest.mark.parametrize("page", CODE_PAGES, ids=page_id)
def test_page_code_runs_and_prints_what_the_page_says(page: Path, tmp_path, monkeypatch):
    blocks = read_blocks(page)
    import minigrad as mg

    monkeypatch.chdir(tmp_path)  # files a page writes land in a temporary directory
    np.random.seed(0)
    mg.manual_seed(0)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for k, block in enumerate(blocks):
        if block.lang != "python":
            continue
        where = f"{page_id(page)}:{block.line}"
        first = block.code.lstrip().splitlines()[0] if block.code.strip() else ""
        if first.startswith(SKIP_MARK):
            assert len(first[len(SKIP_MARK):].strip()) > 3, f"{where}: skip without a reason"
            continue
        stdout = io.StringIO()
        try:
            with contextlib.redirect_stdout(stdout):
                exec(compile(block.code, where, "exec"), namespace)
        except Exception as error:  # the page's line numbers make the report useful
            raise AssertionError(f"{where}: the code block raised {error!r}") from error
        expected = expected_output(blocks, k)
        if expected is not None:
            assert same_output(stdout.getvalue(), expected), (
                f"{where}: the page says it prints\n{expected}\nbut it printed\n"
                f"{stdout.getvalue()}"
            )


def _code_without_comments(page: Path) -> list[str]:
    result = []
    for b in read_blocks(page):
        if b.lang == "python":
            lines = [re.sub(r"\s*#.*$", "", line).rstrip() for line in b.code.splitlines()]
            result.append("\n".join(line for line in lines if line))
    return result


KOREAN = [p for p in PAGES if p.name.endswith(".ko.md")]


@pytest.mark.parametrize("page", KOREAN, ids=page_id)
def test_korean_page_has_the_same_code_as_the_english_one(page: Path):
    english = page.with_name(page.name.replace(".ko.md", ".md"))
    assert english.exists(), f"{page_id(page)} has no English twin"
    assert _code_without_comments(page) == _code_without_comments(english)


def test_block_reader_and_output_comparison():
    """The runner's own parts: a wrong number must fail the comparison."""
    assert same_output("Tensor([2., 4., 6.])\n", "Tensor([2.0, 4.0, 6.0])")
    assert same_output("[-0.1185  0.   ]", "[-0.1185 0.]")
    assert not same_output("0.69314718", "0.6931")  # exact: the page shows what is printed
    assert not same_output("-0.11845881", "-0.1185")
    assert not same_output("[-0.  1.]", "[0. 1.]")  # a -0 must be rounded away on the page
    assert not same_output("0.70", "0.69")
    assert not same_output("loss 0.5", "cost 0.5")
    assert not same_output("1 2", "1 2 3")


IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)")


def test_every_picture_a_page_shows_exists():
    missing = []
    for page in PAGES:
        for target in IMAGE.findall(page.read_text(encoding="utf-8")):
            if not target.startswith("http") and not (page.parent / target).resolve().exists():
                missing.append(f"{page_id(page)}: {target}")
    assert not missing, "pictures missing (run `make docs-assets`):\n" + "\n".join(missing)


def test_every_picture_is_made_by_the_assets_script():
    """Pictures come from `make docs-assets` (tools/make_docs_assets.py), not by hand."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_docs_assets",
                                                  ROOT / "tools" / "make_docs_assets.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    targets = [DOCS / "assets" / name for name in script.PICTURES]
    for page in PAGES:
        for target in IMAGE.findall(page.read_text(encoding="utf-8")):
            path = (page.parent / target).resolve()
            assert any(path == t or t in path.parents for t in targets), (
                f"{page_id(page)} shows {target}, which tools/make_docs_assets.py does not make"
            )


def test_mkdocs_build_is_strict_clean(tmp_path):
    site = tmp_path / "site"
    # No -q: quiet mode hides warnings from --strict, which then passes anything.
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site),
         "-f", str(ROOT / "mkdocs.yml")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0 and "WARNING" not in log, log
    for page in ["index.html", "ko/index.html", "tutorial/05-cross-entropy/index.html",
                 "ko/tutorial/05-cross-entropy/index.html", "api/tensor/index.html"]:
        assert (site / page).exists(), f"the build did not produce {page}"
    api = (site / "api/tensor/index.html").read_text(encoding="utf-8")
    assert "minigrad.tensor.Tensor" in api and "backward" in api  # mkdocstrings ran
