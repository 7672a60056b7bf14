"""The exercises: every worked answer passes the check, every blank exercise is reported as
not written, and the usual slips get the sentence that names them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from minigrad.exercises import EXERCISES, check_file, exercise_text, solution_path


def run_check(path) -> tuple[bool, str]:
    lines: list[str] = []
    ok = check_file(path, out=lines.append)
    return ok, "\n".join(lines)


def write(tmp_path, name: str, text: str):
    path = tmp_path / f"{name}.py"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", list(EXERCISES))
def test_every_worked_answer_passes(name):
    ok, report = run_check(solution_path(name))
    assert ok, report
    assert "cases right" in report and "WRONG" not in report


@pytest.mark.parametrize("name", list(EXERCISES))
def test_every_blank_exercise_is_reported_as_not_written(tmp_path, name):
    text = exercise_text(name)
    assert "raise NotImplementedError" in text and "# ---- yours" in text
    ok, report = run_check(write(tmp_path, name, text))
    assert not ok
    assert "is not written yet" in report


def variant(name: str, old: str, new: str) -> str:
    text = solution_path(name).read_text(encoding="utf-8")
    assert old in text, f"the answer to {name} no longer has {old!r}"
    return text.replace(old, new)


@pytest.mark.parametrize(("name", "old", "new", "words"), [
    ("sigmoid", "return g * z * (1 - z)", "return z * (1 - z)", "the local derivative alone"),
    ("sigmoid", "return g * z * (1 - z)", "return -g * z * (1 - z)", "the wrong sign"),
    ("mul", "return g * y, g * x", "return g * x, g * y",
     "dL/dx is the value dL/dy should have: are the two swapped?"),
    ("mul", "return g * y, g * x", "return g * y, g * x + g", "dL/dy is wrong at"),
    ("matmul", "return g @ b.T, a.T @ g", "return a.T @ g, g @ b.T",
     "dL/dA is the value dL/dB should have"),
    # a product of the wrong shapes: numpy's complaint, and the shapes to make sense of it
    ("matmul", "return g @ b.T, a.T @ g", "return g @ b, a @ g",
     "the shapes: g (2, 4); the inputs A (2, 3), B (3, 4)"),
    # one number: its value and the right one, not "N times ... everywhere"
    ("sigmoid", "return g * z * (1 - z)", "return g * z",
     "dL/dx is 0.393775, the right value is 0.172262 (2.286 times it)"),
    ("sigmoid", "return g * z * (1 - z)", "return g * x * (1 - x)",
     "backward knows only g and what forward kept"),
    ("cross_entropy", "return g * (q - onehot) / n", "return (q - onehot) / n",
     "(the chain rule: dL/dz = g * the local derivative)"),
    ("cross_entropy", "return g * (q - onehot) / n", "return g * (q - onehot)",
     "4 times the right value everywhere (the batch size, N = 4"),
    ("matmul", "return g @ b.T, a.T @ g", "return g @ b.T, g.T @ a", "dL/dB is transposed"),
    ("squared_error", "return g * (yhat - y)", "return 2 * g * (yhat - y)", "a factor of 2"),
    ("squared_error", "return 0.5 * np.sum((target - yhat) ** 2)",
     "return np.sum((target - yhat) ** 2)",
     "forward is wrong: E is 0.0664789, the right value is 0.0332395 (a factor of 2 too many: "
     "the 1/2 in front of the square"),
    ("squared_error", "return 0.5 * np.sum((target - yhat) ** 2)",
     "return 0.5 * np.mean((target - yhat) ** 2)",
     "(1/n, with n = 5 terms: this loss is a sum of its terms, not a mean"),
    ("squared_error", "return g * (yhat - y)", "return g * (yhat - y) / 2",
     "the 1/2 in front of the square already cancels"),
    ("bernoulli_nll", "return -np.mean(y * np.log(q) + (1 - y) * np.log(1 - q))",
     "return -np.sum(y * np.log(q) + (1 - y) * np.log(1 - q))",
     "forward is wrong: L is 3.07216, the right value is 0.512026 (the number of terms, N = 6"),
    ("bernoulli_nll", "return -np.mean(y * np.log(q) + (1 - y) * np.log(1 - q))",
     "return np.mean(y * np.log(q) + (1 - y) * np.log(1 - q))",
     "forward is wrong: L has the right size but the wrong sign"),
    ("bernoulli_nll", "/ q.size  #", "/ len(q)  #",
     "dL/dq is 3 times the right value everywhere"),
    ("softmax", "return q * (g - (g * q).sum(axis=dim, keepdims=True))", "return q * g",
     "dL/dx is wrong at"),
    ("sum_to_shape", "return g.sum(axis=ones, keepdims=True)", "return g.sum(axis=ones)",
     "must have shape (1, 3)"),
])
def test_a_slip_is_named(tmp_path, name, old, new, words):
    ok, report = run_check(write(tmp_path, name, variant(name, old, new)))
    assert not ok
    assert words in report, report


def test_a_backward_returning_too_few_gradients_is_told_how_many(tmp_path):
    text = variant("mul", "return g * y, g * x", "return g * y")
    ok, report = run_check(write(tmp_path, "mul", text))
    assert not ok and "returned 1 gradient(s); it must return one per input (2)" in report


def test_a_factor_of_two_mentions_a_square_only_where_there_is_one(tmp_path):
    text = variant("sigmoid", "return g * z * (1 - z)", "return 2 * g * z * (1 - z)")
    ok, report = run_check(write(tmp_path, "sigmoid", text))
    assert not ok and "(a factor of 2 too many)" in report and "square" not in report


def test_a_backward_returning_a_list_is_told_to_return_a_tuple(tmp_path):
    text = variant("mul", "return g * y, g * x", "return [g * y, g * x]")
    ok, report = run_check(write(tmp_path, "mul", text))
    assert not ok
    assert "backward returned a list; return a tuple" in report
    assert "return dL/dx, dL/dy" in report


def test_an_error_in_the_learners_code_shows_their_line(tmp_path):
    text = variant("sigmoid", "return g * z * (1 - z)", "return g * z * (1 - w)")
    ok, report = run_check(write(tmp_path, "sigmoid", text))
    assert not ok
    assert "NameError" in report and "line " in report and "(1 - w)" in report


def test_a_file_that_does_not_run_or_names_no_exercise(tmp_path):
    ok, report = run_check(write(tmp_path, "broken", "def f(:\n"))
    assert not ok and "did not run: SyntaxError" in report
    ok, report = run_check(write(tmp_path, "mine", "EXERCISE = 'conv'\n"))
    assert not ok and "which exercise is this?" in report and "sigmoid" in report


def test_the_command_line_writes_an_exercise_and_checks_it(tmp_path):
    def minigrad(*args):
        return subprocess.run([sys.executable, "-m", "minigrad", *args], capture_output=True,
                              text=True, cwd=tmp_path, timeout=120)

    listed = minigrad("exercise", "list")
    assert listed.returncode == 0 and "cross_entropy" in listed.stdout
    assert minigrad("exercise", "start", "matmul").returncode == 0
    assert "raise NotImplementedError" in (tmp_path / "matmul.py").read_text()
    again = minigrad("exercise", "start", "matmul")
    assert again.returncode == 1 and "not overwritten" in again.stdout
    checked = minigrad("check", "matmul.py")
    assert checked.returncode == 1 and "not written yet" in checked.stdout
    (tmp_path / "matmul.py").write_text(solution_path("matmul").read_text())
    checked = minigrad("check", "matmul.py")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "All 3 cases right" in checked.stdout
