"""The lecture's first loss: squared error for a single linear unit.

    E(W) = 1/2 * sum_{d in D} (y_d - yhat_d)^2                (sum form)
    E(W) = 1/2 * 1/|D| * sum_{d in D} (y_d - yhat_d)^2        (mean form)

A linear unit yhat = x . w + b is trained by plain gradient descent, written
out with raw tensors so every step is visible: compute E, call backward(),
move w and b against their gradients, clear the gradients.

It learns the AND and OR gates (thresholding yhat at 0.5), fails on XOR (no
straight line separates XOR's classes: see mlp.py), and fits a noisy line.
The gates use the sum form; the line uses the mean form, whose step size does
not depend on how many points there are.

    python examples/perceptron_mse.py --out minigrad-out
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

import minigrad as mg
from minigrad import data
from minigrad.plots import (
    MISSING_MATPLOTLIB,
    have_matplotlib,
    save_decision_boundary,
    save_loss_curve,
)
from minigrad.progress import Progress


def squared_error_sum(y: mg.Tensor, yhat: mg.Tensor) -> mg.Tensor:
    """E(W) = 1/2 * sum_d (y_d - yhat_d)^2."""
    return 0.5 * ((y - yhat) ** 2).sum()


def squared_error_mean(y: mg.Tensor, yhat: mg.Tensor) -> mg.Tensor:
    """E(W) = 1/2 * 1/|D| * sum_d (y_d - yhat_d)^2."""
    return 0.5 * ((y - yhat) ** 2).sum() / y.shape[0]


def train_linear_unit(X: np.ndarray, y: np.ndarray, loss_fn, lr: float, epochs: int,
                      seed: int, desc: str, show: bool = True):
    """Gradient descent on yhat = X @ w + b; returns (w, b, losses)."""
    rng = np.random.default_rng(seed)
    w = mg.tensor(rng.normal(0.0, 0.1, X.shape[1]).astype(np.float32), requires_grad=True)
    b = mg.zeros((), requires_grad=True)
    X_t, y_t = mg.tensor(X), mg.tensor(y)
    losses = []
    with Progress(epochs, desc, enabled=show) as bar:
        for _ in range(epochs):
            yhat = X_t @ w + b
            loss = loss_fn(y_t, yhat)
            loss.backward()
            with mg.no_grad():  # the update itself is not part of any graph
                w.sub_(lr * w.grad)  # in place: w stays the same leaf tensor
                b.sub_(lr * b.grad)
            w.grad = b.grad = None
            losses.append(loss.item())
            bar.update(losses[-1])
    return w, b, losses


def main(argv: list[str] | None = None) -> dict:
    """Run the example; returns the accuracies on the gates and the fitted line."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--epochs", type=int, default=None,
                        help="gradient steps per task (default 300, 100 with --quick)")
    parser.add_argument("--lr", type=float, default=0.1, help="learning rate (default 0.1)")
    parser.add_argument("--quick", action="store_true", help="a short run, for tests")
    parser.add_argument("--out", type=Path, default=Path("minigrad-out"),
                        metavar="DIR", help="folder for the plots (default ./minigrad-out)")
    args = parser.parse_args(argv)
    epochs = args.epochs or (100 if args.quick else 300)

    results: dict = {}
    curves: dict[str, list[float]] = {}
    print("E(W) = 1/2 * sum_d (y_d - yhat_d)^2 on the logic gates (threshold yhat at 0.5):")
    for gate in ("AND", "OR", "XOR"):
        X, y = data.logic_gate(gate)
        w, b, losses = train_linear_unit(X, y, squared_error_sum, args.lr, epochs,
                                         args.seed, gate)
        yhat = (mg.tensor(X) @ w + b).numpy()
        predicted = (yhat > 0.5).astype(np.float32)
        accuracy = float((predicted == y).mean())
        results[f"{gate.lower()}_accuracy"] = accuracy
        curves[gate] = losses
        print(f"  {gate:<4} w = {np.round(w.numpy(), 3)}, b = {b.item():+.3f}, "
              f"E = {losses[-1]:.4f}, yhat = {np.round(yhat, 2)}, accuracy {accuracy:.0%}")
        if gate == "AND":
            and_model = (w.detach(), b.detach())
    print("  XOR is not linearly separable: the best line leaves yhat near 0.5 everywhere.")

    X, y = data.noisy_line(200, slope=2.0, intercept=1.0, noise=0.1, seed=args.seed)
    X_line = X[:, 0]
    w, b, losses = train_linear_unit(X, y, squared_error_mean, 5 * args.lr, epochs,
                                     args.seed, "line")
    curves["line (mean form)"] = losses
    yhat = mg.tensor(X) @ w + b
    e_sum = squared_error_sum(mg.tensor(y), yhat).item()
    e_mean = squared_error_mean(mg.tensor(y), yhat).item()
    results.update(line_slope=float(w.numpy()[0]), line_intercept=b.item(), line_mean_error=e_mean)
    print("\nE(W) = 1/2 * 1/|D| * sum_d (y_d - yhat_d)^2 on a noisy line y = 2x + 1:")
    print(f"  learnt y = {w.numpy()[0]:.3f} x + {b.item():.3f}  "
          f"(least squares: {np.polyfit(X_line, y, 1).round(3)})")
    print(f"  sum form E = {e_sum:.4f}; mean form E = {e_mean:.5f} = sum form / |D| "
          f"({e_sum / len(y):.5f})")

    if not have_matplotlib():
        print(MISSING_MATPLOTLIB)
        return results
    out: Path = args.out
    saved = [save_loss_curve(curves, out / "perceptron_mse_loss.png",
                             title="squared error E(W) of a linear unit", xlabel="epoch")]
    w_and, b_and = and_model
    X_and, y_and = data.logic_gate("AND")

    def predict_and(points: np.ndarray) -> np.ndarray:
        return ((mg.tensor(points) @ w_and + b_and).numpy() > 0.5).astype(np.int64)

    saved.append(save_decision_boundary(predict_and, X_and, y_and,
                                        out / "perceptron_mse_and_boundary.png",
                                        title="AND: linear unit, yhat > 0.5"))
    print("wrote " + ", ".join(str(p) for p in saved))
    return results


if __name__ == "__main__":
    main()
