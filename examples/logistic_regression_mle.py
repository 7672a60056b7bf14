"""Logistic regression by maximum likelihood on Breast Cancer Wisconsin (Diagnostic).

Each tumour is a Bernoulli trial: benign (y = 1) with probability
q = sigmoid(w . x + b), malignant (y = 0) otherwise. Maximising the likelihood
of the labels is minimising the negative log-likelihood

    NLL = -1/n * sum_i [y_i log q_i + (1 - y_i) log(1 - q_i)],

the binary cross-entropy of the lecture, which `nn.BCEWithLogitsLoss`
computes from the logits w . x + b in a numerically stable way. The 30
features are standardised with the training part's mean and standard
deviation; a quarter of the samples is held out for testing.

    python examples/logistic_regression_mle.py --epochs 60 --out minigrad-out
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

import minigrad as mg
from minigrad import data, nn, optim
from minigrad.plots import MISSING_MATPLOTLIB, have_matplotlib, save_loss_curve
from minigrad.progress import Progress


def bernoulli_nll(logits: mg.Tensor, y: mg.Tensor) -> mg.Tensor:
    """The NLL written out as in the lecture (fine for moderate logits; the loss
    module is the stable version used for training)."""
    q = logits.sigmoid()
    return -(y * q.log() + (1 - y) * (1 - q).log()).mean()


def main(argv: list[str] | None = None) -> dict:
    """Run the example; returns the test accuracy and the train/test NLL."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--epochs", type=int, default=None,
                        help="passes over the training data (default 60, 15 with --quick)")
    parser.add_argument("--lr", type=float, default=0.05, help="learning rate (default 0.05)")
    parser.add_argument("--batch-size", type=int, default=32, help="mini-batch size (default 32)")
    parser.add_argument("--quick", action="store_true", help="a short run, for tests")
    parser.add_argument("--out", type=Path, default=Path("minigrad-out"),
                        metavar="DIR", help="folder for the plots (default ./minigrad-out)")
    args = parser.parse_args(argv)
    epochs = args.epochs or (15 if args.quick else 60)
    mg.manual_seed(args.seed)

    X, y = data.load_breast_cancer()
    X_train, X_test, y_train, y_test = data.train_test_split(
        X, y, test_size=0.25, seed=args.seed, stratify=True)
    X_train, X_test = data.standardize(X_train, X_test)  # with the training set's statistics
    print(f"Breast Cancer Wisconsin: {len(y_train)} training and {len(y_test)} test tumours, "
          f"{X.shape[1]} features; label 1 = benign, 0 = malignant")

    train = data.TensorDataset(X_train, y_train.astype(np.float32))
    loader = data.DataLoader(train, batch_size=args.batch_size, shuffle=True, seed=args.seed)
    model = nn.Linear(X.shape[1], 1)
    loss_fn = nn.BCEWithLogitsLoss()
    optimizer = optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    Xte, yte = mg.tensor(X_test), mg.tensor(y_test.astype(np.float32))

    curves: dict[str, list[float]] = {"train NLL": [], "test NLL": []}
    with Progress(epochs * len(loader), "logistic regression") as bar:
        for _ in range(epochs):
            total = 0.0
            for xb, yb in loader:
                loss = loss_fn(model(xb).squeeze(-1), yb)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                total += loss.item() * len(yb)
                bar.update(loss.item())
            curves["train NLL"].append(total / len(train))
            with mg.no_grad():
                curves["test NLL"].append(loss_fn(model(Xte).squeeze(-1), yte).item())

    with mg.no_grad():
        logits = model(Xte).squeeze(-1)
        accuracy = float(((logits.numpy() > 0) == (y_test == 1)).mean())
        explicit = bernoulli_nll(logits, yte).item()
    test_nll = curves["test NLL"][-1]
    print(f"train NLL {curves['train NLL'][-1]:.4f}, test NLL {test_nll:.4f} "
          f"(written out as -mean[y log q + (1-y) log(1-q)]: {explicit:.4f})")
    print(f"test accuracy {accuracy:.1%} ({round(accuracy * len(y_test))}/{len(y_test)})")
    weights = model.weight.numpy()[0]
    names = data.feature_names("breast_cancer")
    print("largest weights (positive: more likely benign, negative: more likely malignant):")
    for i in np.argsort(-np.abs(weights))[:5]:
        print(f"  {names[i]:<24} {weights[i]:+.3f}")

    results = {"test_accuracy": accuracy, "test_nll": test_nll,
               "train_nll": curves["train NLL"][-1]}
    if not have_matplotlib():
        print(MISSING_MATPLOTLIB)
        return results
    path = save_loss_curve(curves, args.out / "logistic_regression_loss.png",
                           title="logistic regression: Bernoulli NLL", xlabel="epoch")
    print(f"wrote {path}")
    return results


if __name__ == "__main__":
    main()
