"""`python -m minigrad graph SCRIPT.py --out DIR`, tested through cli.main."""

import shutil

import pytest

from minigrad.viz import cli, render

SCRIPT = """
import minigrad as mg
x = mg.tensor([1.0, 2.0])
w = mg.tensor([0.5, -0.5], requires_grad=True)
loss = ((x * w).sum() - 1.0) ** 2
other = loss * 2
"""


@pytest.fixture
def script(tmp_path):
    path = tmp_path / "tiny.py"
    path.write_text(SCRIPT)
    return path


def test_graph_command_writes_dot_with_script_names(script, tmp_path, capsys):
    out = tmp_path / "out"
    assert cli.main([str(script), "--out", str(out), "--format", "dot"]) == 0
    dot = (out / "loss.dot").read_text()
    assert "loss\\n() float32" in dot  # the variable names label the tensors
    assert "w\\n(2,) float32" in dot and "x\\n(2,) float32" in dot
    assert "Pow" in dot and "Mul" in dot
    assert f"wrote {out / 'loss.dot'}" in capsys.readouterr().out


def test_graph_command_var_and_backward(script, tmp_path):
    out = tmp_path / "out"
    assert (
        cli.main(
            [str(script), "--out", str(out), "--var", "other", "--format", "dot", "--backward"]
        )
        == 0
    )
    assert "other\\n() float32" in (out / "other.dot").read_text()
    assert "dir=back" in (out / "other_backward.dot").read_text()


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot program is not installed")
def test_graph_command_svg(script, tmp_path):
    assert cli.main([str(script), "--out", str(tmp_path)]) == 0
    assert "<svg" in (tmp_path / "loss.svg").read_text()


def test_graph_command_errors(script, tmp_path, capsys, monkeypatch):
    assert cli.main([str(script), "--out", str(tmp_path), "--var", "nope"]) == 2
    err = capsys.readouterr().err
    assert "'nope'" in err and "missing" in err and "loss, other, w, x" in err
    assert cli.main([str(tmp_path / "absent.py"), "--out", str(tmp_path)]) == 2
    broken = tmp_path / "broken.py"
    broken.write_text("raise ValueError('boom')\n")
    assert cli.main([str(broken), "--out", str(tmp_path)]) == 1
    assert "boom" in capsys.readouterr().err
    monkeypatch.setattr(render, "find_dot", lambda: None)
    assert cli.main([str(script), "--out", str(tmp_path), "--format", "png"]) == 1
    err = capsys.readouterr().err
    assert "apt-get install graphviz" in err and str(tmp_path / "loss.dot") in err
