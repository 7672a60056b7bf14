"""Pictures of training for the demo and the examples: loss curves, decision boundaries.

matplotlib is optional (the `examples` extra). Figures are drawn on a
`matplotlib.figure.Figure` rendered by the Agg backend straight to a file, so
nothing touches pyplot's global state or needs a display. Without matplotlib
the functions say so by returning None (`save_loss_curve` can fall back to a
CSV file instead).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np

MISSING_MATPLOTLIB = (
    "matplotlib is not installed: skipping plots (pip install 'minigrad[examples]')"
)


def have_matplotlib() -> bool:
    """True when matplotlib can be imported."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _figure(width: float = 6.0, height: float = 4.0):  # -> matplotlib.figure.Figure
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="tight")


def save_loss_curve(
    losses: Sequence[float] | Mapping[str, Sequence[float]],
    path: str | Path,
    title: str = "training loss",
    xlabel: str = "step",
    ylabel: str = "loss",
    csv_fallback: bool = False,
) -> Path | None:
    """Plot one loss curve (a list) or several (a dict name -> list) to `path` (PNG).

    Without matplotlib: writes `path` with the suffix .csv (one column per
    curve) when `csv_fallback` is set and returns that path, else returns None.
    """
    curves = dict(losses) if isinstance(losses, Mapping) else {ylabel: losses}
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not have_matplotlib():
        return _write_csv(curves, path.with_suffix(".csv"), xlabel) if csv_fallback else None
    fig = _figure()
    ax = fig.add_subplot()
    for name, values in curves.items():
        ax.plot(np.arange(1, len(values) + 1), values, label=name)
    if all(v > 0 for values in curves.values() for v in values):
        ax.set_yscale("log")  # losses span decades; a log axis shows the late progress
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    if len(curves) > 1:
        ax.legend()
    ax.grid(alpha=0.3)
    fig.savefig(path, dpi=110)
    return path


def _write_csv(curves: Mapping[str, Sequence[float]], path: Path, xlabel: str) -> Path:
    names = list(curves)
    longest = max((len(v) for v in curves.values()), default=0)
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([xlabel, *names])
        for i in range(longest):
            row = [curves[n][i] if i < len(curves[n]) else "" for n in names]
            writer.writerow([i + 1, *(f"{v:.6g}" if v != "" else v for v in row)])
    return path


def save_decision_boundary(
    predict: Callable[[np.ndarray], np.ndarray],
    X: np.ndarray,
    y: np.ndarray,
    path: str | Path,
    title: str = "decision boundary",
    feature_names: Sequence[str] = ("x1", "x2"),
    resolution: int = 200,
) -> Path | None:
    """Colour the plane by the class `predict` gives each point, and draw the data on top.

    `predict` maps an (m, 2) float32 array of points to (m,) class labels. Only
    2-D inputs can be drawn. Returns the path written, or None without matplotlib.
    """
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"save_decision_boundary: X must have shape (n, 2), got {X.shape}")
    if not have_matplotlib():
        return None
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pad = 0.15 * (X.max(axis=0) - X.min(axis=0)) + 0.1
    lo, hi = X.min(axis=0) - pad, X.max(axis=0) + pad
    g1, g2 = np.meshgrid(np.linspace(lo[0], hi[0], resolution),
                         np.linspace(lo[1], hi[1], resolution))
    grid = np.stack([g1.ravel(), g2.ravel()], axis=1).astype(np.float32)
    zone = np.asarray(predict(grid)).reshape(g1.shape)
    classes = np.unique(np.concatenate([np.unique(y), np.unique(zone)])).astype(float)
    levels = np.concatenate([classes - 0.5, [classes[-1] + 0.5]])
    fig = _figure(5.0, 4.5)
    ax = fig.add_subplot()
    ax.contourf(g1, g2, zone, levels=levels, cmap="coolwarm", alpha=0.35)
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", edgecolors="k", s=22,
               vmin=classes[0], vmax=classes[-1])
    ax.set(title=title, xlabel=feature_names[0], ylabel=feature_names[1])
    fig.savefig(path, dpi=110)
    return path
