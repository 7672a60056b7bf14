"""The five examples: each runs with --quick, reaches its target and writes its plots."""

import importlib.util
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def load_example(name: str):
    """Import examples/<name>.py as a module (the folder is not a package)."""
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(name: str, tmp_path: Path, *extra: str) -> dict:
    return load_example(name).main(["--quick", "--out", str(tmp_path), *extra])


def test_perceptron_mse_learns_and_or_and_the_line(tmp_path, capsys):
    result = run("perceptron_mse", tmp_path)
    assert result["and_accuracy"] == 1.0 and result["or_accuracy"] == 1.0
    assert result["xor_accuracy"] < 1.0  # one straight line cannot do XOR
    assert abs(result["line_slope"] - 2.0) < 0.1 and abs(result["line_intercept"] - 1.0) < 0.1
    printed = capsys.readouterr().out
    assert "1/2 * sum_d" in printed and "1/2 * 1/|D|" in printed
    assert (tmp_path / "perceptron_mse_loss.png").stat().st_size > 0
    assert (tmp_path / "perceptron_mse_and_boundary.png").stat().st_size > 0


def test_bernoulli_mle_equals_sample_mean(tmp_path, capsys):
    result = run("bernoulli_mle", tmp_path, "--p", "0.7", "--flips", "300", "--seed", "3")
    assert abs(result["estimate"] - result["sample_mean"]) < 1e-3
    assert abs(result["nll"] - result["entropy"]) < 1e-6  # min cross-entropy = entropy
    assert "agrees with the sample mean" in capsys.readouterr().out
    assert (tmp_path / "bernoulli_mle_loss.png").exists()


def test_logistic_regression_reaches_95_percent(tmp_path):
    result = run("logistic_regression_mle", tmp_path)
    assert result["test_accuracy"] >= 0.95
    assert result["test_nll"] < 0.2
    assert (tmp_path / "logistic_regression_loss.png").exists()


def test_softmax_regression_reaches_93_percent(tmp_path):
    result = run("softmax_regression", tmp_path)
    assert result["test_accuracy"] >= 0.93
    assert (tmp_path / "softmax_regression_loss.png").exists()


def test_mlp_reaches_97_percent_on_two_moons(tmp_path):
    result = run("mlp", tmp_path)
    assert result["test_accuracy"] >= 0.97
    assert (tmp_path / "mlp_moons_loss.png").exists()
    assert (tmp_path / "mlp_moons_boundary.png").exists()


@pytest.mark.parametrize("name", ["perceptron_mse", "bernoulli_mle", "logistic_regression_mle",
                                  "softmax_regression", "mlp"])
def test_every_example_has_help(name, capsys):
    with pytest.raises(SystemExit) as done:
        load_example(name).main(["--help"])
    assert done.value.code == 0
    printed = capsys.readouterr().out
    for option in ("--seed", "--quick", "--epochs", "--out"):
        assert option in printed


def test_plots_are_skipped_without_matplotlib(tmp_path, monkeypatch, capsys):
    module = load_example("bernoulli_mle")
    monkeypatch.setattr(module, "have_matplotlib", lambda: False)
    module.main(["--quick", "--out", str(tmp_path)])
    assert "matplotlib is not installed" in capsys.readouterr().out
    assert not list(tmp_path.iterdir())
