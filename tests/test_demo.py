"""`python -m minigrad demo` and the command line around it."""

import subprocess
import sys

import pytest

import minigrad.demo
import minigrad.plots
import minigrad.viz.render
from minigrad.__main__ import main


def test_demo_subprocess_writes_its_files(tmp_path):
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "minigrad", "demo", "--quick", "--no-progress", "--out", str(out)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    for name in ("perceptron_loss.png", "logistic_regression_loss.png",
                 "decision_boundary.png", "graph.svg"):
        assert (out / name).stat().st_size > 0, name
    assert "<svg" in (out / "graph.svg").read_text()
    assert "test accuracy" in done.stdout and "learnt w" in done.stdout


def test_demo_without_matplotlib_or_graphviz(tmp_path, monkeypatch, capsys):
    for module in (minigrad.demo, minigrad.plots):
        monkeypatch.setattr(module, "have_matplotlib", lambda: False)
    monkeypatch.setattr(minigrad.viz.render, "find_dot", lambda: None)
    assert main(["demo", "--quick", "--no-progress", "--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "Graphviz" in printed and "matplotlib is not installed" in printed
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["graph.dot", "logistic_regression_loss.csv", "perceptron_loss.csv"]
    header = (tmp_path / "logistic_regression_loss.csv").read_text().splitlines()[0]
    assert header == "epoch,train NLL,test NLL"
    assert "digraph" in (tmp_path / "graph.dot").read_text()


def test_command_line_help_and_errors(capsys):
    assert main([]) == 2
    assert "demo" in capsys.readouterr().out
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and "minigrad" in capsys.readouterr().out
    with pytest.raises(SystemExit) as done:
        main(["train"])
    assert done.value.code == 2
    with pytest.raises(SystemExit) as done:
        main(["demo", "--help"])
    assert done.value.code == 0 and "--quick" in capsys.readouterr().out
    with pytest.raises(SystemExit) as done:
        main(["graph", "--help"])
    assert done.value.code == 0 and "script" in capsys.readouterr().out
