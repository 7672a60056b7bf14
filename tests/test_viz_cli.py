"""`python -m minigrad graph SCRIPT.py --out DIR`, tested through cli.main."""

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

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


# ---- issue 16: sys.exit, changing directory, scripts that never end ------------------
def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(SCRIPT + text)
    return path


@pytest.mark.parametrize("ending", ["sys.exit(0)", "sys.exit()", "raise SystemExit", "exit()"])
def test_a_script_that_ends_with_sys_exit_0_is_drawn(tmp_path, ending):
    script = write(tmp_path, "ends.py", f"import sys\n{ending}\nnever = 1\n")
    out = tmp_path / "out"
    assert cli.main([str(script), "--out", str(out), "--format", "dot"]) == 0
    assert "loss\\n() float32" in (out / "loss.dot").read_text()


def test_a_script_that_exits_with_an_error_code_is_reported(tmp_path, capsys):
    script = write(tmp_path, "fails.py", "import sys\nsys.exit(3)\n")
    assert cli.main([str(script), "--out", str(tmp_path / "out")]) == 1
    assert "exited with code 3" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    message = write(tmp_path, "says.py", "import sys\nsys.exit('no data here')\n")
    assert cli.main([str(message), "--out", str(tmp_path / "out")]) == 1
    assert "no data here" in capsys.readouterr().err


def test_relative_out_is_where_the_command_ran_even_if_the_script_moves(tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = write(tmp_path, "moves.py", f"import os\nos.chdir({str(elsewhere)!r})\n")
    monkeypatch.chdir(tmp_path)
    assert cli.main([script.name, "--out", "pics", "--format", "dot"]) == 0
    assert (tmp_path / "pics" / "loss.dot").is_file()
    assert not (elsewhere / "pics").exists()
    assert Path.cwd() == tmp_path  # the script's chdir does not outlive it


LOOPS = {
    "busy loop": "while True:\n    pass\n",
    "sleep": "import time\ntime.sleep(600)\n",
    "swallows Exception": (
        "import time\nwhile True:\n    try:\n        time.sleep(600)\n"
        "    except Exception:\n        pass\n"
    ),
}


@pytest.mark.parametrize("kind", sorted(LOOPS))
def test_a_script_that_never_ends_is_stopped_with_a_clear_message(tmp_path, capsys, kind):
    script = write(tmp_path, "forever.py", LOOPS[kind])
    start = time.monotonic()
    assert cli.main([str(script), "--out", str(tmp_path / "out"), "--timeout", "0.3"]) == 1
    assert time.monotonic() - start < 10
    err = capsys.readouterr().err
    assert "still running after 0.3 s" in err and "--timeout" in err
    assert not (tmp_path / "out").exists()
    # nothing of the stopped script is left behind: the alarm is off, __main__ is back
    time.sleep(0.5)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert sys.modules["__main__"].__dict__.get("loss") is None


def test_timeout_zero_means_no_limit_and_bad_values_are_refused(script, tmp_path, capsys):
    assert cli.main([str(script), "--out", str(tmp_path), "--format", "dot", "--timeout", "0"]) == 0
    with pytest.raises(SystemExit) as stop:
        cli.main([str(script), "--out", str(tmp_path), "--timeout", "-1"])
    assert stop.value.code == 2
    assert "--timeout" in capsys.readouterr().err


def test_help_documents_exit_directory_and_timeout():
    text = cli.parser().format_help()
    assert "--timeout" in text and "sys.exit(0)" in text and "directory" in text


def test_the_real_command_line(tmp_path):
    # No in-process shortcut: `python -m minigrad graph` as a learner types it, from a
    # folder, with a script that changes directory and ends with sys.exit(0).
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = write(
        tmp_path, "lesson.py", f"import os, sys\nos.chdir({str(elsewhere)!r})\nsys.exit(0)\n"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "minigrad",
            "graph",
            script.name,
            "--out",
            "pics",
            "--format",
            "dot",
            "--timeout",
            "60",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "pics" / "loss.dot").is_file()
    assert "wrote" in done.stdout and str(tmp_path / "pics" / "loss.dot") in done.stdout
