"""Draw every picture the documentation shows, into docs/assets/ (`make docs-assets`).

Graph pictures come from minigrad.viz (Graphviz), plots from matplotlib with
the Agg backend. Everything is seeded and the files carry no dates, so running
the script twice gives the same files and only real changes show up in git.

    python tools/make_docs_assets.py            # all pictures
    python tools/make_docs_assets.py --list     # just print what would be written
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import minigrad as mg  # noqa: E402
import minigrad.functional as F  # noqa: E402
from minigrad import data, nn, optim, viz  # noqa: E402

ASSETS = Path(__file__).resolve().parents[1] / "docs" / "assets"
PNG_META = {"Software": None}  # no version string in the file: stable bytes
BLUE, ORANGE, GREY = "#1f77b4", "#ff7f0e", "#7f7f7f"


def figure(width: float = 6.0, height: float = 3.6) -> tuple[plt.Figure, plt.Axes]:
    fig, ax = plt.subplots(figsize=(width, height), dpi=100)
    ax.grid(alpha=0.3)
    return fig, ax


def finish(fig: plt.Figure, path: Path) -> None:
    fig.tight_layout()
    fig.savefig(path, metadata=PNG_META)
    plt.close(fig)


# ---- graph pictures -----------------------------------------------------------------
def neuron_graph(path: Path) -> None:
    """Getting started: the graph of one sigmoid neuron's squared error."""
    x = mg.tensor([1.0, 2.0])
    w = mg.tensor([0.5, -0.25], requires_grad=True, name="w")
    b = mg.tensor(0.1, requires_grad=True, name="b")
    y = ((w * x).sum() + b).sigmoid()
    loss = 0.5 * (y - 1.0) ** 2
    viz.save(viz.draw_graph(loss), path)


def softmax_ce_loss() -> mg.Tensor:
    """Backprop by hand: softmax + cross-entropy from primitive ops (as on the page)."""
    z = mg.tensor([2.0, 1.0, 0.1], requires_grad=True, dtype=np.float64, name="z")
    m = z.detach().max()
    s = (z - m).exp()
    q = s / s.sum()
    return -q[0].log()


def backprop_forward(path: Path) -> None:
    viz.save(viz.draw_graph(softmax_ce_loss()), path)


def backprop_backward(path: Path) -> None:
    viz.save(viz.draw_graph(softmax_ce_loss(), backward=True), path)


def backprop_frames(directory: Path) -> None:
    """One picture per backward step; the page shows them in order."""
    if directory.exists():
        shutil.rmtree(directory)
    viz.backprop_steps(softmax_ce_loss(), directory, legend=False)


# ---- plots --------------------------------------------------------------------------
def squared_error_bowl(path: Path) -> None:
    x = np.array([0.0, 1.0, 2.0, 3.0])
    y = 2 * x + 1
    ws = np.linspace(-1.0, 5.0, 200)
    errors = [0.5 * np.sum((y - w * x) ** 2) for w in ws]
    fig, ax = figure()
    ax.plot(ws, errors, color=BLUE)
    ax.scatter([0.5], [26.75], color=ORANGE, zorder=3, label="w = 0.5: E = 26.75, dE/dw = −27")
    ax.set_xlabel("w (with b = 0)")
    ax.set_ylabel("E(w) = ½ Σ (y − w·x)²")
    ax.legend()
    finish(fig, path)


def die_running_mean(path: Path) -> None:
    rolls = np.random.default_rng(0).integers(1, 7, size=10_000)
    running = np.cumsum(rolls) / np.arange(1, rolls.size + 1)
    fig, ax = figure()
    ax.plot(np.arange(1, rolls.size + 1), running, color=BLUE, label="average of the first n rolls")
    ax.axhline(3.5, color=ORANGE, linestyle="--", label="E[X] = 3.5")
    ax.set_xscale("log")
    ax.set_xlabel("number of rolls n")
    ax.set_ylim(1, 6)
    ax.legend()
    finish(fig, path)


def information(path: Path) -> None:
    p = np.linspace(0.02, 1.0, 300)
    fig, ax = figure()
    ax.plot(p, -np.log(p), color=BLUE, label="information −log P(x)")
    ax.plot(p, 1 / p, color=GREY, linestyle="--", label="first try 1 / P(x)")
    ax.set_ylim(0, 8)
    ax.set_xlabel("P(x)")
    ax.legend()
    finish(fig, path)


def bernoulli_entropy(path: Path) -> None:
    p = mg.linspace(0.001, 0.999, 400, dtype=np.float64)
    h = F.entropy(mg.stack([p, 1 - p], axis=-1), axis=-1)
    fig, ax = figure()
    ax.plot(p.numpy(), h.numpy(), color=BLUE)
    ax.axhline(np.log(2), color=GREY, linestyle=":", label="log 2 (a fair coin)")
    ax.scatter([0.9], [F.entropy(mg.tensor([0.9, 0.1])).item()], color=ORANGE, zorder=3,
               label="p = 0.9: H = 0.3251")
    ax.set_xlabel("p = P(X = 1)")
    ax.set_ylabel("H(p) in nats")
    ax.legend()
    finish(fig, path)


def cross_entropy_vs_q(path: Path) -> None:
    q1 = np.linspace(0.01, 0.99, 300)
    p = np.array([0.2, 0.8])
    ce = -(p[0] * np.log(1 - q1) + p[1] * np.log(q1))
    entropy = F.entropy(mg.tensor(p)).item()
    fig, ax = figure()
    ax.plot(q1, ce, color=BLUE, label="H(p, q), p = (0.2, 0.8)")
    ax.axhline(entropy, color=GREY, linestyle=":", label=f"H(p) = {entropy:.4f}")
    ax.scatter([0.8], [entropy], color=ORANGE, zorder=3, label="minimum at q = p")
    ax.set_ylim(0, 3)
    ax.set_xlabel("the model's q(X = 1)")
    ax.legend()
    finish(fig, path)


def mse_vs_bce_gradient(path: Path) -> None:
    z = mg.linspace(-8.0, 8.0, 401, dtype=np.float64, requires_grad=True)
    target = mg.ones(401, dtype=np.float64)
    (g_mse,) = mg.grad((0.5 * (z.sigmoid() - target) ** 2).sum(), z)
    (g_bce,) = mg.grad(F.binary_cross_entropy_with_logits(z, target, reduction="sum"), z)
    fig, ax = figure()
    ax.plot(z.numpy(), g_bce.numpy(), color=BLUE, label="cross-entropy: q − 1")
    ax.plot(z.numpy(), g_mse.numpy(), color=ORANGE, label="squared error: (q − 1) q (1 − q)")
    ax.set_xlabel("logit z (target 1; z < 0 means the model is wrong)")
    ax.set_ylabel("d loss / dz")
    ax.legend()
    finish(fig, path)


def two_moons_boundary(path: Path) -> None:
    """The model of tutorial page 6, trained exactly as there."""
    mg.manual_seed(0)
    X_np, y_np = data.two_moons(200, noise=0.1, seed=0)
    X, y = mg.tensor(X_np), mg.tensor(y_np)
    model = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 2))
    loss_fn = nn.CrossEntropyLoss()
    opt = optim.Adam(model.parameters(), lr=0.05)
    for _ in range(300):
        loss = loss_fn(model(X), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    gx, gy = np.meshgrid(np.linspace(-1.5, 2.5, 200), np.linspace(-1.0, 1.5, 150))
    grid = mg.tensor(np.stack([gx.ravel(), gy.ravel()], axis=1).astype(np.float32))
    with mg.no_grad():
        prob = F.softmax(model(grid), axis=-1).numpy()[:, 1].reshape(gx.shape)
    fig, ax = figure(6.0, 4.0)
    ax.contourf(gx, gy, prob, levels=20, cmap="RdBu_r", alpha=0.5)
    ax.contour(gx, gy, prob, levels=[0.5], colors="k", linewidths=1)
    ax.scatter(X_np[:, 0], X_np[:, 1], c=y_np, cmap="RdBu_r", edgecolors="k", s=18)
    ax.set_title("P(class 1) and the 0.5 boundary")
    finish(fig, path)


def bernoulli_nll(path: Path) -> None:
    flips = data.coin_flips(100, p=0.7, seed=0)
    mean = float(flips.mean())
    theta = np.linspace(0.01, 0.99, 300)
    nll = -(mean * np.log(theta) + (1 - mean) * np.log(1 - theta))
    fig, ax = figure()
    ax.plot(theta, nll, color=BLUE, label="−1/n log L(θ) = BCE(θ; data)")
    ax.axvline(mean, color=ORANGE, linestyle="--", label=f"fraction of heads = {mean:.2f}")
    ax.set_ylim(0.5, 2.0)
    ax.set_xlabel("θ")
    ax.legend()
    finish(fig, path)


def logistic_regression(path: Path) -> None:
    """The data and fit of tutorial page 7, made exactly as there."""
    rng = np.random.default_rng(0)
    hours = rng.uniform(0, 10, size=200)
    passed = (rng.random(200) < 1 / (1 + np.exp(-1.5 * (hours - 5)))).astype(np.float32)
    x, y = mg.tensor(hours.astype(np.float32)), mg.tensor(passed)
    w = mg.tensor(0.0, requires_grad=True)
    b = mg.tensor(0.0, requires_grad=True)
    opt = optim.Adam([w, b], lr=0.1)
    for _ in range(500):
        loss = F.binary_cross_entropy_with_logits(w * x + b, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    grid = np.linspace(0, 10, 200)
    fig, ax = figure()
    ax.scatter(hours, passed + rng.uniform(-0.03, 0.03, 200), s=10, color=GREY,
               label="students (1 = passed)")
    ax.plot(grid, 1 / (1 + np.exp(-(w.item() * grid + b.item()))), color=BLUE,
            label=f"σ({w.item():.2f}·x {b.item():+.2f})")
    ax.plot(grid, 1 / (1 + np.exp(-1.5 * (grid - 5))), color=ORANGE, linestyle="--",
            label="the rule that made the data")
    ax.set_xlabel("hours studied")
    ax.set_ylabel("P(pass)")
    ax.legend()
    finish(fig, path)


PICTURES: dict[str, Callable[[Path], None]] = {
    "getting-started/neuron.svg": neuron_graph,
    "backprop/forward.svg": backprop_forward,
    "backprop/backward.svg": backprop_backward,
    "backprop/steps": backprop_frames,
    "tutorial/squared-error-bowl.png": squared_error_bowl,
    "tutorial/die-running-mean.png": die_running_mean,
    "tutorial/information.png": information,
    "tutorial/bernoulli-entropy.png": bernoulli_entropy,
    "tutorial/cross-entropy-vs-q.png": cross_entropy_vs_q,
    "tutorial/mse-vs-bce-gradient.png": mse_vs_bce_gradient,
    "tutorial/two-moons-boundary.png": two_moons_boundary,
    "tutorial/bernoulli-nll.png": bernoulli_nll,
    "tutorial/logistic-regression.png": logistic_regression,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="print the targets and exit")
    args = parser.parse_args(argv)
    for name, draw in PICTURES.items():
        path = ASSETS / name
        print(path.relative_to(ASSETS.parents[1]))
        if args.list:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        plt.rcParams["svg.hashsalt"] = "minigrad"  # stable ids in any matplotlib SVG
        draw(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
