"""A small multilayer perceptron on two moons (or spirals).

A single linear unit draws one straight line (perceptron_mse.py shows it
failing on XOR). Stacking linear layers with a nonlinearity between them
bends the boundary: here two hidden layers of tanh units learn to separate
two interleaving half moons, trained with cross-entropy and Adam.

    python examples/mlp.py --out minigrad-out
    python examples/mlp.py --dataset spirals --epochs 400
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

import minigrad as mg
from minigrad import data, nn, optim
from minigrad.plots import (
    MISSING_MATPLOTLIB,
    have_matplotlib,
    save_decision_boundary,
    save_loss_curve,
)
from minigrad.progress import Progress


def make_mlp(classes: int, hidden: int, activation: str = "tanh") -> nn.Module:
    """2 inputs -> hidden -> hidden -> one logit per class."""
    act = {"tanh": nn.Tanh, "relu": nn.ReLU}[activation]
    return nn.Sequential(
        nn.Linear(2, hidden), act(),
        nn.Linear(hidden, hidden), act(),
        nn.Linear(hidden, classes),
    )


def main(argv: list[str] | None = None) -> dict:
    """Run the example; returns the train and test accuracy."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", choices=["moons", "spirals"], default="moons",
                        help="two moons (default) or three spirals")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--epochs", type=int, default=None,
                        help="passes over the training data "
                             "(default 100 for moons, 200 for spirals; fewer with --quick)")
    parser.add_argument("--hidden", type=int, default=None,
                        help="units per hidden layer (default 16 for moons, 32 for spirals)")
    parser.add_argument("--activation", choices=["tanh", "relu"], default=None,
                        help="the nonlinearity between the layers "
                             "(default tanh for moons, relu for spirals)")
    parser.add_argument("--lr", type=float, default=0.01, help="Adam's learning rate")
    parser.add_argument("--batch-size", type=int, default=32, help="mini-batch size (default 32)")
    parser.add_argument("--quick", action="store_true", help="a short run, for tests")
    parser.add_argument("--out", type=Path, default=Path("minigrad-out"),
                        metavar="DIR", help="folder for the plots (default ./minigrad-out)")
    args = parser.parse_args(argv)
    moons = args.dataset == "moons"
    epochs = args.epochs or {(True, False): 100, (True, True): 40,
                             (False, False): 200, (False, True): 100}[(moons, args.quick)]
    hidden = args.hidden or (16 if moons else 32)
    activation = args.activation or ("tanh" if moons else "relu")
    mg.manual_seed(args.seed)

    if moons:
        X, y = data.two_moons(400, noise=0.1, seed=args.seed)
    else:
        X, y = data.spirals(600, classes=3, noise=0.2, seed=args.seed)
    classes = int(y.max()) + 1
    X_train, X_test, y_train, y_test = data.train_test_split(
        X, y, test_size=0.25, seed=args.seed, stratify=True)
    print(f"{args.dataset}: {len(y_train)} training and {len(y_test)} test points, "
          f"{classes} classes")

    train = data.TensorDataset(X_train, y_train)
    loader = data.DataLoader(train, batch_size=args.batch_size, shuffle=True, seed=args.seed)
    model = make_mlp(classes, hidden, activation)
    print(model)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = optim.Adam(model.parameters(), lr=args.lr)

    losses: list[float] = []
    with Progress(epochs * len(loader), "MLP") as bar:
        for _ in range(epochs):
            total = 0.0
            for xb, yb in loader:
                loss = loss_fn(model(xb), yb)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                total += loss.item() * len(yb)
                bar.update(loss.item())
            losses.append(total / len(train))

    def predict(points: np.ndarray) -> np.ndarray:
        with mg.no_grad():
            return model(mg.tensor(points)).numpy().argmax(axis=1)

    train_accuracy = float((predict(X_train) == y_train).mean())
    test_accuracy = float((predict(X_test) == y_test).mean())
    n_params = sum(p.numel() for p in model.parameters())
    print(f"{n_params} parameters; final training cross-entropy {losses[-1]:.4f}")
    print(f"accuracy: train {train_accuracy:.1%}, test {test_accuracy:.1%}")

    results = {"train_accuracy": train_accuracy, "test_accuracy": test_accuracy,
               "loss": losses[-1]}
    if not have_matplotlib():
        print(MISSING_MATPLOTLIB)
        return results
    saved = [
        save_loss_curve(losses, args.out / f"mlp_{args.dataset}_loss.png",
                        title=f"MLP on {args.dataset}: cross-entropy", xlabel="epoch"),
        save_decision_boundary(predict, X, y, args.out / f"mlp_{args.dataset}_boundary.png",
                               title=f"MLP on {args.dataset}: test accuracy {test_accuracy:.1%}"),
    ]
    print("wrote " + ", ".join(str(p) for p in saved))
    return results


if __name__ == "__main__":
    main()
