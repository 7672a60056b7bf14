"""Softmax regression: multiclass cross-entropy on Fisher's Iris flowers.

With K classes, a linear layer gives K scores z (logits) and softmax turns
them into probabilities q_k = exp(z_k) / sum_j exp(z_j). The loss for a
flower of class c is the cross-entropy between the one-hot target and q,
which keeps a single term: -log q_c, the information of the right answer
under the model. `nn.CrossEntropyLoss` computes it from the logits with the
log-sum-exp trick. Logistic regression is the case K = 2.

    python examples/softmax_regression.py --out minigrad-out
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

import minigrad as mg
from minigrad import data, nn, optim
from minigrad.plots import MISSING_MATPLOTLIB, have_matplotlib, save_loss_curve
from minigrad.progress import Progress


def main(argv: list[str] | None = None) -> dict:
    """Run the example; returns the test accuracy and the losses."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--epochs", type=int, default=None,
                        help="passes over the training data (default 100, 30 with --quick)")
    parser.add_argument("--lr", type=float, default=0.05, help="learning rate (default 0.05)")
    parser.add_argument("--batch-size", type=int, default=16, help="mini-batch size (default 16)")
    parser.add_argument("--quick", action="store_true", help="a short run, for tests")
    parser.add_argument("--out", type=Path, default=Path("minigrad-out"),
                        metavar="DIR", help="folder for the plots (default ./minigrad-out)")
    args = parser.parse_args(argv)
    epochs = args.epochs or (30 if args.quick else 100)
    mg.manual_seed(args.seed)

    X, y = data.load_iris()
    species = data.target_names("iris")
    X_train, X_test, y_train, y_test = data.train_test_split(
        X, y, test_size=0.3, seed=args.seed, stratify=True)
    X_train, X_test = data.standardize(X_train, X_test)  # with the training set's statistics
    print(f"Iris: {len(y_train)} training and {len(y_test)} test flowers, classes {species}")

    train = data.TensorDataset(X_train, y_train)  # int64 labels, as CrossEntropyLoss wants
    loader = data.DataLoader(train, batch_size=args.batch_size, shuffle=True, seed=args.seed)
    model = nn.Linear(4, len(species))
    loss_fn = nn.CrossEntropyLoss()
    optimizer = optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    Xte, yte = mg.tensor(X_test), mg.tensor(y_test)

    curves: dict[str, list[float]] = {"train": [], "test": []}
    with Progress(epochs * len(loader), "softmax regression") as bar:
        for _ in range(epochs):
            total = 0.0
            for xb, yb in loader:
                loss = loss_fn(model(xb), yb)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                total += loss.item() * len(yb)
                bar.update(loss.item())
            curves["train"].append(total / len(train))
            with mg.no_grad():
                curves["test"].append(loss_fn(model(Xte), yte).item())

    with mg.no_grad():
        logits = model(Xte)
        probabilities = logits.softmax(axis=-1).numpy()
    predicted = probabilities.argmax(axis=1)
    accuracy = float((predicted == y_test).mean())
    print(f"train cross-entropy {curves['train'][-1]:.4f}, test {curves['test'][-1]:.4f}")
    print(f"test accuracy {accuracy:.1%} ({int((predicted == y_test).sum())}/{len(y_test)})")
    confusion = np.zeros((len(species), len(species)), dtype=np.int64)
    np.add.at(confusion, (y_test, predicted), 1)
    print("confusion matrix (rows: true species, columns: predicted):")
    for name, row in zip(species, confusion):
        print(f"  {name:<11}" + "".join(f"{v:5d}" for v in row))
    print("learnt weights (one row per species; columns: standardised features):")
    for name, row in zip(species, model.weight.numpy()):
        print(f"  {name:<11}" + "".join(f"{v:+7.2f}" for v in row))
    first = 0
    print(f"first test flower: true {species[y_test[first]]}, probabilities "
          + ", ".join(f"{s} {p:.3f}" for s, p in zip(species, probabilities[first])))

    results = {"test_accuracy": accuracy, "train_loss": curves["train"][-1],
               "test_loss": curves["test"][-1]}
    if not have_matplotlib():
        print(MISSING_MATPLOTLIB)
        return results
    path = save_loss_curve(curves, args.out / "softmax_regression_loss.png",
                           title="softmax regression on Iris: cross-entropy", xlabel="epoch")
    print(f"wrote {path}")
    return results


if __name__ == "__main__":
    main()
