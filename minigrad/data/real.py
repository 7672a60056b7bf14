"""Two small real data sets shipped inside the package (no download).

* Iris (Fisher, 1936): 150 flowers, 4 measurements in cm, 3 species.
* Breast Cancer Wisconsin (Diagnostic) (Wolberg, Street, Mangasarian, 1995):
  569 tumour samples, 30 features of cell nuclei, malignant or benign.

Both come from the UCI Machine Learning Repository under CC BY 4.0; see
DATASETS.md beside this file for sources and citations. The values are the
originals, read from the CSV files here. Labels follow scikit-learn's copy:
Iris 0 = setosa, 1 = versicolor, 2 = virginica; Breast Cancer 0 = malignant,
1 = benign.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

import numpy as np

_FILES = {"iris": "iris.csv", "breast_cancer": "breast_cancer.csv"}
_TARGET_NAMES = {
    "iris": ("setosa", "versicolor", "virginica"),
    "breast_cancer": ("malignant", "benign"),
}


def _check_name(name: str, fn: str) -> str:
    if name not in _FILES:
        raise ValueError(f"{fn}: unknown data set {name!r}; choose one of {sorted(_FILES)}")
    return name


@cache
def _read(name: str) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """Parse the shipped CSV once: header, features (float64), labels (int64)."""
    text = resources.files(__package__).joinpath(_FILES[name]).read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    table = np.loadtxt(io.StringIO(text), delimiter=",", skiprows=1, dtype=np.float64)
    X, y = table[:, :-1], table[:, -1].astype(np.int64)
    X.flags.writeable = False  # the cached copy; callers get their own
    y.flags.writeable = False
    return tuple(header[:-1]), X, y


def _load(name: str) -> tuple[np.ndarray, np.ndarray]:
    _, X, y = _read(name)
    return X.copy(), y.copy()


def load_iris() -> tuple[np.ndarray, np.ndarray]:
    """Fisher's Iris flowers.

    Returns X (150, 4) float64 (sepal length, sepal width, petal length,
    petal width, all in cm) and y (150,) int64: 0 setosa, 1 versicolor,
    2 virginica, 50 of each, in the file's order (sorted by class).
    """
    return _load("iris")


def load_breast_cancer() -> tuple[np.ndarray, np.ndarray]:
    """Breast Cancer Wisconsin (Diagnostic).

    Returns X (569, 30) float64 (the mean, standard error and worst value of
    ten measurements of cell nuclei) and y (569,) int64: 0 malignant (212
    samples), 1 benign (357), the same convention as scikit-learn.
    """
    return _load("breast_cancer")


def feature_names(name: str) -> tuple[str, ...]:
    """Column names of X for "iris" or "breast_cancer", e.g. "petal length (cm)"."""
    return _read(_check_name(name, "feature_names"))[0]


def target_names(name: str) -> tuple[str, ...]:
    """Class names, indexed by label, for "iris" or "breast_cancer"."""
    return _TARGET_NAMES[_check_name(name, "target_names")]
