"""The graph pictures: legible at page width, current, and on the pages that need them.

A picture is legible when its smallest text is at least MIN_PX pixels high
once the page shrinks it to DISPLAY_PX wide (an SVG wider than that is
scaled down; a narrower one is shown at its own size, 1 pt = 4/3 px).
These tests render with the real Graphviz program (`dot`) and read the SVG.
"""

from __future__ import annotations

import html
import importlib.util
import re
import shutil
import sys
from pathlib import Path

import pytest

import minigrad as mg
from minigrad import viz

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "docs" / "assets"
DISPLAY_PX = 800  # the width of a docs page's text column, or a narrow notebook
MIN_PX = 9.0
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz's dot")


def smallest_text_px(svg: str) -> float:
    """How many pixels high the smallest text of `svg` is when shown DISPLAY_PX wide at most."""
    width_pt = float(re.search(r'<svg width="([\d.]+)pt"', svg).group(1))
    view_width = float(re.search(r'viewBox="[\d.-]+ [\d.-]+ ([\d.]+) [\d.]+"', svg).group(1))
    shown_px = min(DISPLAY_PX, width_pt * 4 / 3)
    font = min(float(size) for size in re.findall(r'font-size="([\d.]+)"', svg))
    return font * shown_px / view_width


def svg_texts(svg: str) -> list[str]:
    """The text of every label in an SVG, in order: what a reader sees, not where."""
    return [html.unescape(t).strip() for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def ten_op_loss() -> mg.Tensor:
    """Softmax + cross-entropy of a linear layer on two points, from primitive ops: 10 ops."""
    x = mg.tensor([[0.5, -1.0], [2.0, 0.25]], name="x")
    W = mg.tensor([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]], requires_grad=True, name="W")
    b = mg.tensor([0.0, 0.1, -0.1], requires_grad=True, name="b")
    z = x @ W + b
    m = z.detach().amax(axis=1, keepdims=True)
    s = (z - m).exp()
    q = s / s.sum(axis=1, keepdims=True)
    loss = -(q[mg.arange(2), mg.tensor([0, 2])].log()).mean()
    return loss, {"z": z, "m": m, "s": s, "q": q, "loss": loss}


def test_the_legibility_measure_itself():
    wide = '<svg width="1600pt" height="10pt" viewBox="0.00 0.00 1600.00 10.00" font-size="9.00"'
    narrow = '<svg width="300pt" height="10pt" viewBox="0.00 0.00 300.00 10.00" font-size="9.00"'
    assert smallest_text_px(wide) == pytest.approx(4.5)  # shrunk to half: unreadable
    assert smallest_text_px(narrow) == pytest.approx(12.0)  # shown at its size


@needs_dot
@pytest.mark.parametrize("backward", [False, True], ids=["forward", "backward"])
def test_a_ten_op_graph_is_legible_at_800_px(tmp_path, backward):
    # Issue 15: pictures were laid out left to right, 1,900-3,000 pt wide: 3 px text.
    loss, names = ten_op_loss()
    assert len(viz.flow.gradient_flow([loss], "test").steps) == 10
    for legend in (True, False):
        path = viz.save(viz.draw_graph(loss, backward=backward, names=names, legend=legend),
                        tmp_path / f"g{legend}.svg")
        svg = path.read_text(encoding="utf-8")
        assert smallest_text_px(svg) >= MIN_PX, re.search(r"<svg[^>]*>", svg).group()


def test_pictures_are_drawn_top_to_bottom_by_default():
    loss, _ = ten_op_loss()
    assert "rankdir=TB" in viz.to_dot(loss)
    assert viz.to_mermaid(loss).startswith("flowchart TB")
    assert "rankdir=LR" in viz.to_dot(loss, rankdir="LR")  # still there when asked for


def graph_pictures() -> list[Path]:
    return sorted(p for p in ASSETS.rglob("*.svg") if "<title>n0</title>" in p.read_text())


def test_every_graph_picture_in_the_docs_is_legible_at_800_px():
    pictures = graph_pictures()
    assert len(pictures) >= 17  # ten pages' pictures and the seven frames
    small = {p.relative_to(ASSETS).as_posix(): round(smallest_text_px(p.read_text()), 1)
             for p in pictures}
    assert all(px >= MIN_PX for px in small.values()), small


def load_docs_graphs():
    spec = importlib.util.spec_from_file_location("docs_graphs", ROOT / "tools" / "docs_graphs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("docs_graphs", module)
    spec.loader.exec_module(module)
    return module


@needs_dot
def test_graph_pictures_in_the_docs_are_current(tmp_path):
    """Drawn again now, every graph picture says what the committed file says (its texts:
    the layout may differ between Graphviz versions). Stale: run `make docs-assets`."""
    stale = []
    for name, draw in load_docs_graphs().GRAPHS.items():
        fresh = tmp_path / name
        fresh.parent.mkdir(parents=True, exist_ok=True)
        draw(fresh)
        files = sorted(fresh.iterdir()) if fresh.is_dir() else [fresh]
        for new in files:
            old = ASSETS / name / new.name if fresh.is_dir() else ASSETS / name
            if not old.exists():
                stale.append(f"{name}: {new.name} is missing")
            elif new.suffix == ".svg":
                if svg_texts(old.read_text("utf-8")) != svg_texts(new.read_text("utf-8")):
                    stale.append(f"{name}: {new.name}")
            elif old.read_text("utf-8") != new.read_text("utf-8"):
                stale.append(f"{name}: {new.name}")
        if fresh.is_dir():
            extra = {p.name for p in (ASSETS / name).iterdir()} - {p.name for p in files}
            stale += [f"{name}: {e} is left over" for e in sorted(extra)]
    assert not stale, "stale pictures (run `make docs-assets`):\n" + "\n".join(stale)


@pytest.mark.parametrize("page, picture", [
    ("tutorial/01-squared-error", "squared-error-graph.svg"),
    ("tutorial/02-events-expectation", "expectation-graph.svg"),
    ("tutorial/03-information", "information-graph.svg"),
    ("tutorial/04-entropy", "entropy-graph.svg"),
    ("tutorial/05-cross-entropy", "cross-entropy-graph.svg"),
    ("tutorial/06-network-loss", "network-loss-graph.svg"),
    ("tutorial/07-maximum-likelihood", "logistic-regression-graph.svg"),
    ("guide/backprop-by-hand", "backward.svg"),
])
@pytest.mark.parametrize("language", ["", ".ko"])
def test_pages_show_the_graph_of_their_own_loss(page, picture, language):
    text = (ROOT / "docs" / f"{page}{language}.md").read_text(encoding="utf-8")
    shown = re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", text)
    assert any(target.endswith("/" + picture) for target in shown), shown
    assert "backward=True" in text or "backprop_steps" in text  # the code that draws it


def test_edge_values_in_the_tutorial_picture_are_the_gradients():
    """The numbers the network-loss page reads off its picture (signed, per edge)."""
    texts = svg_texts((ASSETS / "tutorial" / "network-loss-graph.svg").read_text("utf-8"))
    assert "[-0.5058, -0.4154, -0.4087]" in texts  # −1/(3 q_y), sent by the log
    assert "[0.3333, 0.3333, 0.3333]" in texts  # the mean's 1/3
    assert "q_y" in texts and "loss" in texts  # named as the page names them
    texts = svg_texts((ASSETS / "tutorial" / "logistic-regression-graph.svg").read_text("utf-8"))
    assert "[0.1888, -0.1345]" in texts and "0.0543" in texts and "-0.3491" in texts
