"""`python -m minigrad demo`: train the lecture's two models in a few seconds.

1. A perceptron-style linear unit trained with the squared error
   E(W) = 1/2 * sum_d (y_d - yhat_d)^2 on the AND gate (the lecture's first loss).
2. Logistic regression fitted by maximum likelihood (binary cross-entropy) on
   the Breast Cancer Wisconsin data shipped with minigrad.

It prints what each model learnt and writes to the output folder: the loss
curves (PNG with matplotlib, else CSV), the AND gate's decision boundary, and
the computation graph of one logistic-regression training step (SVG with
Graphviz's `dot`, else the DOT text and a hint how to install it).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from . import data, nn, optim
from .creation import manual_seed, tensor, zeros
from .grad_mode import no_grad
from .plots import MISSING_MATPLOTLIB, have_matplotlib, save_decision_boundary, save_loss_curve
from .progress import Progress
from .tensor import Tensor


def train_perceptron(
    steps: int, lr: float = 0.1, show: bool = True
) -> tuple[Tensor, Tensor, list[float]]:
    """Gradient descent on E(W) = 1/2 * sum_d (y_d - yhat_d)^2 for yhat = x . w + b on AND."""
    X, y = data.logic_gate("AND")
    X_t, y_t = tensor(X), tensor(y)
    w = tensor(np.array([0.1, -0.1], dtype=np.float32), requires_grad=True)
    b = zeros((), requires_grad=True)
    losses = []
    with Progress(steps, "perceptron (MSE)", enabled=show) as bar:
        for _ in range(steps):
            yhat = X_t @ w + b
            loss = 0.5 * ((y_t - yhat) ** 2).sum()
            loss.backward()
            with no_grad():
                w.sub_(lr * w.grad)
                b.sub_(lr * b.grad)
            w.grad = b.grad = None
            losses.append(loss.item())
            bar.update(losses[-1])
    return w.detach(), b.detach(), losses


def _standardised_split(seed: int):
    X, y = data.load_breast_cancer()
    X_train, X_test, y_train, y_test = data.train_test_split(
        X, y, test_size=0.25, seed=seed, stratify=True)
    X_train, X_test = data.standardize(X_train, X_test)
    return X_train, X_test, y_train.astype(np.float32), y_test.astype(np.float32)


def train_logistic_regression(
    epochs: int, seed: int, show: bool = True
) -> tuple[nn.Module, dict[str, list[float]], float, Tensor]:
    """Maximum-likelihood logistic regression (BCE on logits) with mini-batch SGD."""
    X_train, X_test, y_train, y_test = _standardised_split(seed)
    loader = data.DataLoader(data.TensorDataset(X_train, y_train), batch_size=32,
                             shuffle=True, seed=seed)
    model = nn.Linear(X_train.shape[1], 1)
    loss_fn = nn.BCEWithLogitsLoss()
    optimizer = optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    curves: dict[str, list[float]] = {"train NLL": [], "test NLL": []}
    # The loss of one training step on 4 samples: its graph is what the demo draws.
    x4, y4 = tensor(X_train[:4], name="x"), tensor(y_train[:4], name="y")
    step_loss = loss_fn(model(x4).squeeze(-1), y4)
    with Progress(epochs * len(loader), "logistic regression (MLE)", enabled=show) as bar:
        for _ in range(epochs):
            total = 0.0
            for xb, yb in loader:
                loss = loss_fn(model(xb).squeeze(-1), yb)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                total += loss.item() * len(yb)
                bar.update(loss.item())
            curves["train NLL"].append(total / len(X_train))
            with no_grad():
                test_logits = model(tensor(X_test)).squeeze(-1)
                curves["test NLL"].append(loss_fn(test_logits, tensor(y_test)).item())
    accuracy = float(((test_logits.numpy() > 0) == (y_test == 1)).mean())
    return model, curves, accuracy, step_loss


def _draw_graph(loss: Tensor, model: nn.Module, out: Path) -> Path | None:
    """Save the graph as SVG; without Graphviz's `dot`, keep the DOT text and print a hint."""
    from . import viz

    graph = viz.draw_graph(loss, module=model)
    try:
        return viz.save(graph, out / "graph.svg")
    except viz.GraphvizNotFoundError as error:
        print(f"Graphviz's `dot` was not found, so the graph was written as DOT text to "
              f"{error.dot_path}; install Graphviz (e.g. apt install graphviz) for the SVG.")
        return Path(error.dot_path)


def main(argv: list[str] | None = None, prog: str = "minigrad demo") -> int:
    """Train both models, print what they learnt, write the pictures; returns 0."""
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("minigrad-out"),
                        help="folder for the pictures and curves (default ./minigrad-out)")
    parser.add_argument("--quick", action="store_true", help="fewer training steps")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--no-progress", action="store_true", help="hide the progress bars")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    show = not args.no_progress
    manual_seed(args.seed)
    written: list[Path] = []

    print("1. A linear unit on the AND gate, loss E(W) = 1/2 * sum_d (y_d - yhat_d)^2")
    w, b, p_losses = train_perceptron(60 if args.quick else 200, show=show)
    X_and, y_and = data.logic_gate("AND")
    yhat = (tensor(X_and) @ w + b).numpy()
    print(f"   learnt w = {np.round(w.numpy(), 3)}, b = {b.item():+.3f}; final E = "
          f"{p_losses[-1]:.4f} (the least-squares optimum is 0.125)")
    for x, target, out_value in zip(X_and, y_and, yhat):
        print(f"   {x.astype(int)} -> yhat {out_value:+.2f}  "
              f"(class {int(out_value > 0.5)}, target {int(target)})")

    print("\n2. Logistic regression by maximum likelihood on Breast Cancer Wisconsin")
    model, curves, accuracy, step_loss = train_logistic_regression(
        8 if args.quick else 30, args.seed, show=show)
    print(f"   Bernoulli NLL (binary cross-entropy): train {curves['train NLL'][-1]:.4f}, "
          f"test {curves['test NLL'][-1]:.4f}; test accuracy {accuracy:.1%}")
    weights = model.weight.numpy()[0]
    names = data.feature_names("breast_cancer")
    strongest = np.argsort(-np.abs(weights))[:3]
    print("   strongest features (+ benign, - malignant): "
          + ", ".join(f"{names[i]} {weights[i]:+.2f}" for i in strongest))

    print()
    for curve, name, title in [(p_losses, "perceptron_loss", "linear unit on AND: E(W)"),
                               (curves, "logistic_regression_loss", "logistic regression NLL")]:
        written.append(save_loss_curve(curve, out / f"{name}.png", title=title,
                                       xlabel="step" if curve is p_losses else "epoch",
                                       csv_fallback=True))
    if have_matplotlib():
        def predict(points: np.ndarray) -> np.ndarray:
            return ((tensor(points) @ w + b).numpy() > 0.5).astype(np.int64)

        written.append(save_decision_boundary(predict, X_and, y_and, out / "decision_boundary.png",
                                              title="AND: linear unit, yhat > 0.5"))
    else:
        print(MISSING_MATPLOTLIB + " (loss curves written as CSV)")
    written.append(_draw_graph(step_loss, model, out))
    print("wrote:")
    for path in written:
        print(f"   {path}")
    return 0
