"""Files: .dot without Graphviz, real SVG with it, a clear error when it is missing."""

import shutil

import pytest

import minigrad as mg
from minigrad import viz
from minigrad.viz import render


def small_graph():
    x = mg.tensor([1.0, 2.0], requires_grad=True, name="x")
    return viz.draw_graph((x * x).sum())


def test_save_dot_text(tmp_path):
    graph = small_graph()
    path = viz.save(graph, tmp_path / "sub" / "g.dot")
    assert path == tmp_path / "sub" / "g.dot"
    assert path.read_text() == graph.source
    assert viz.save(graph.source, tmp_path / "h.dot").read_text() == graph.source


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot program is not installed")
def test_save_svg_for_real(tmp_path):
    path = viz.save(small_graph(), tmp_path / "g.svg")
    svg = path.read_text()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert ">x</text>" in svg and ">Mul</text>" in svg


def test_missing_dot_program_error(tmp_path, monkeypatch):
    monkeypatch.setattr(render, "find_dot", lambda: None)
    graph = small_graph()
    with pytest.raises(viz.GraphvizNotFoundError) as caught:
        viz.save(graph, tmp_path / "g.png")
    error = caught.value
    assert isinstance(error, RuntimeError)
    assert error.dot_path == tmp_path / "g.dot"
    assert error.dot_path.read_text() == graph.source
    message = str(error)
    assert "apt-get install graphviz" in message and "brew install graphviz" in message
    assert "conda" in message and str(tmp_path / "g.dot") in message


def test_missing_dot_program_via_path(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no dot on PATH
    with pytest.raises(viz.GraphvizNotFoundError, match="was not found on PATH"):
        viz.save(small_graph(), tmp_path / "g.svg")


def test_bad_suffix_and_bad_graph(tmp_path):
    with pytest.raises(ValueError, match="end the file name with one of"):
        viz.save(small_graph(), tmp_path / "g.jpeg")
    with pytest.raises(TypeError, match="expected a graphviz.Digraph"):
        viz.save(42, tmp_path / "g.dot")


def test_mermaid_text():
    x = mg.tensor([1.0, 2.0], requires_grad=True, name="x")
    c = mg.tensor([1.0, 1.0], name='a "quoted" <name>')
    text = viz.to_mermaid((x * c).sum())
    lines = text.splitlines()
    assert lines[0] == "flowchart TB"
    assert '  n1(["Sum<br/>axis=(0,)<br/>keepdims=False"])' in lines
    assert '  n4["x<br/>(2,) float32<br/>data [1, 2]<br/>grad: not computed yet"]' in lines
    assert "a #quot;quoted#quot; #lt;name#gt;" in text
    assert lines.index("  n4 --> n3") < lines.index("  n5 --> n3")
    assert "  class n4 parameter" in lines and "  class n5 input" in lines
    backward = viz.to_mermaid((x * c).sum(), backward=True)
    assert '  n3 -->|"[1, 1]"| n4' in backward.splitlines()
