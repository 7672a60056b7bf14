"""Hold out part of a data set for testing, with an optional class balance."""

from __future__ import annotations

from typing import Any

import numpy as np


def train_test_split(
    X: np.ndarray,
    y: np.ndarray,
    test_size: float = 0.25,
    seed: int | None = None,
    stratify: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle the rows and split them into (X_train, X_test, y_train, y_test).

    `test_size` is the fraction of rows held out (0 < test_size < 1). With
    `stratify=True` each class of `y` is split separately, so the train and
    test parts keep the class proportions of the whole. Returns new arrays;
    the inputs are not changed.
    """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(
            f"train_test_split: X has {len(X)} rows but y has {len(y)}; give one label per row"
        )
    if not 0.0 < test_size < 1.0:
        raise ValueError(f"train_test_split: test_size is a fraction in (0, 1), got {test_size}")
    rng = np.random.default_rng(seed)
    groups = [np.flatnonzero(y == c) for c in np.unique(y)] if stratify else [np.arange(len(y))]
    test, train = [], []
    for members in groups:
        members = rng.permutation(members)
        k = int(round(test_size * len(members)))
        test.append(members[:k])
        train.append(members[k:])
    train_idx = rng.permutation(np.concatenate(train))
    test_idx = rng.permutation(np.concatenate(test))
    return X[train_idx], X[test_idx], y[train_idx], y[test_idx]


def standardize(
    train: np.ndarray, *others: np.ndarray, dtype: Any = np.float32
) -> tuple[np.ndarray, ...]:
    """Every feature (column) scaled to mean 0 and variance 1 with the TRAINING set's
    mean and standard deviation, applied to `train` and to each of `others`.

    Using only the training statistics keeps the test set unseen. A constant
    feature (standard deviation 0) is centred and left unscaled, not turned into
    NaN. Returns the arrays in the order given, as `dtype` (float32 by default).
    """
    train = np.asarray(train)
    mean, std = train.mean(axis=0), train.std(axis=0)
    std = np.where(std > 0, std, 1)
    return tuple(((np.asarray(a) - mean) / std).astype(dtype) for a in (train, *others))

