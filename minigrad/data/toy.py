"""Small synthetic problems, made on the spot from a seed.

Every generator returns numpy arrays. Inputs `X` are float32 with one row per
sample; class labels `y` are int64 (0, 1, ...); regression and 0/1 gate
targets are float32. Pass `seed=` for the same data every time.

==============  ==================  ==========================================
generator       X                   y
==============  ==================  ==========================================
coin_flips      (n,) float32 0/1    (none: the flips are the data)
logic_gate      (4, 2) float32      (4,) float32 0/1, the gate's truth table
blobs           (n, 2) float32      (n,) int64 in [0, centers)
two_moons       (n, 2) float32      (n,) int64 in {0, 1}
spirals         (n, 2) float32      (n,) int64 in [0, classes)
noisy_line      (n, 1) float32      (n,) float32, slope * x + intercept + noise
==============  ==================  ==========================================
"""

from __future__ import annotations

import numpy as np

_GATES = {
    "AND": [0, 0, 0, 1],
    "OR": [0, 1, 1, 1],
    "XOR": [0, 1, 1, 0],
    "NAND": [1, 1, 1, 0],
    "NOR": [1, 0, 0, 0],
}


def _check_n(fn: str, n: int, minimum: int = 1) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < minimum:
        raise ValueError(f"{fn}: n must be an int >= {minimum}, got {n!r}")
    return int(n)


def _check_noise(fn: str, noise: float) -> float:
    if not noise >= 0:
        raise ValueError(f"{fn}: noise must be >= 0 (a standard deviation), got {noise!r}")
    return float(noise)


def _shuffled(rng: np.random.Generator, X: np.ndarray, y: np.ndarray) -> tuple:
    """Mix the rows so that the classes are not in blocks (friendlier to batching)."""
    order = rng.permutation(len(y))
    return X[order].astype(np.float32), y[order]


def coin_flips(n: int, p: float = 0.5, seed: int | None = None) -> np.ndarray:
    """`n` flips of a coin that lands heads (1.0) with probability `p`, else tails (0.0).

    Returns one float32 array of shape (n,): the flips are the observations,
    there are no inputs. The maximum-likelihood estimate of `p` is their mean.
    """
    n = _check_n("coin_flips", n)
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"coin_flips: p is a probability, so 0 <= p <= 1; got {p!r}")
    rng = np.random.default_rng(seed)
    return (rng.random(n) < p).astype(np.float32)


def logic_gate(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The truth table of a two-input gate: AND, OR, XOR, NAND or NOR.

    Returns X (4, 2) float32, the rows [0,0], [0,1], [1,0], [1,1], and
    y (4,) float32, the gate's output for each row. XOR is the classic
    problem a single linear unit cannot solve.
    """
    key = str(name).upper()
    if key not in _GATES:
        raise ValueError(f"logic_gate: unknown gate {name!r}; choose one of {sorted(_GATES)}")
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    return X, np.array(_GATES[key], dtype=np.float32)


def blobs(
    n: int, centers: int | np.ndarray = 3, std: float = 1.0, seed: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian clouds around some centres, one class per centre.

    `centers` is a number of classes (the centres are then drawn uniformly in
    the square [-6, 6]^2) or an array of shape (k, 2) of given centres. The
    `n` samples are shared out as evenly as possible.
    Returns X (n, 2) float32 and y (n,) int64 in [0, k).
    """
    n = _check_n("blobs", n)
    std = _check_noise("blobs", std)
    rng = np.random.default_rng(seed)
    if isinstance(centers, (int, np.integer)) and not isinstance(centers, bool):
        if centers < 1:
            raise ValueError(f"blobs: centers must be >= 1, got {centers}")
        where = rng.uniform(-6.0, 6.0, size=(int(centers), 2))
    else:
        where = np.array(centers, dtype=np.float64)
        if where.ndim != 2 or where.shape[1] != 2:
            raise ValueError(f"blobs: centers must have shape (k, 2), got {where.shape}")
    k = len(where)
    y = np.arange(n, dtype=np.int64) % k
    X = where[y] + std * rng.standard_normal((n, 2))
    return _shuffled(rng, X, y)


def two_moons(
    n: int, noise: float = 0.1, seed: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles: class 0 on top, class 1 below and shifted.

    The top moon is (cos t, sin t) and the bottom one (1 - cos t, 0.5 - sin t)
    for t in [0, pi]; Gaussian noise of standard deviation `noise` is added to
    both coordinates. Not linearly separable: a job for a small MLP.
    Returns X (n, 2) float32 and y (n,) int64 in {0, 1}.
    """
    n = _check_n("two_moons", n, minimum=2)
    noise = _check_noise("two_moons", noise)
    rng = np.random.default_rng(seed)
    n_top = n // 2
    t_top = np.linspace(0.0, np.pi, n_top)
    t_bottom = np.linspace(0.0, np.pi, n - n_top)
    top = np.stack([np.cos(t_top), np.sin(t_top)], axis=1)
    bottom = np.stack([1.0 - np.cos(t_bottom), 0.5 - np.sin(t_bottom)], axis=1)
    X = np.concatenate([top, bottom]) + noise * rng.standard_normal((n, 2))
    y = np.concatenate([np.zeros(n_top, np.int64), np.ones(n - n_top, np.int64)])
    return _shuffled(rng, X, y)


def spirals(
    n: int, classes: int = 3, noise: float = 0.2, seed: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """`classes` arms spiralling out of the origin, one class per arm.

    Along each arm the radius r grows from 0 to 1 while the angle turns by
    1.5 full turns; arm k starts at angle 2*pi*k/classes. `noise` is the
    standard deviation of Gaussian noise added to the angle (in radians).
    Returns X (n, 2) float32 and y (n,) int64 in [0, classes).
    """
    n = _check_n("spirals", n)
    noise = _check_noise("spirals", noise)
    if isinstance(classes, bool) or not isinstance(classes, (int, np.integer)) or classes < 1:
        raise ValueError(f"spirals: classes must be an int >= 1, got {classes!r}")
    rng = np.random.default_rng(seed)
    y = np.arange(n, dtype=np.int64) % classes
    # Position along the arm, evenly spread for each class.
    r = np.empty(n)
    for k in range(classes):
        members = y == k
        r[members] = np.linspace(0.0, 1.0, int(members.sum()))
    angle = 2 * np.pi * y / classes + 3 * np.pi * r + noise * rng.standard_normal(n)
    X = np.stack([r * np.cos(angle), r * np.sin(angle)], axis=1)
    return _shuffled(rng, X, y)


def noisy_line(
    n: int,
    slope: float = 2.0,
    intercept: float = 1.0,
    noise: float = 0.1,
    seed: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Points near the line y = slope * x + intercept, for linear regression.

    x is uniform in [-1, 1]; y gets Gaussian noise of standard deviation `noise`.
    Returns X (n, 1) float32 and y (n,) float32.
    """
    n = _check_n("noisy_line", n)
    noise = _check_noise("noisy_line", noise)
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.0, 1.0, size=(n, 1))
    y = slope * x[:, 0] + intercept + noise * rng.standard_normal(n)
    return x.astype(np.float32), y.astype(np.float32)
