"""Draw every picture the documentation shows, into docs/assets/ (`make docs-assets`).

Graph pictures come from minigrad.viz (Graphviz; drawn in docs_graphs.py), plots
from matplotlib with the Agg backend. Everything is seeded and the files carry no dates, so running
the script twice gives the same files and only real changes show up in git.

    python tools/make_docs_assets.py            # all pictures
    python tools/make_docs_assets.py --list     # just print what would be written
    python tools/make_docs_assets.py tutorial/  # only the targets starting with tutorial/

The tutorial's plots are drawn twice: name.png with English labels and
name.ko.png with Korean ones for the Korean pages, in a font with Hangul
(`tools/ensure_korean_font.sh` installs one; without it the Korean twins get
English labels, and the script says so).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import minigrad as mg  # noqa: E402
import minigrad.functional as F  # noqa: E402
from minigrad import data, nn, optim  # noqa: E402

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


# ---- graph pictures: docs_graphs.py, beside this script -------------------------------
sys.path.insert(0, str(Path(__file__).resolve().parent))  # also when loaded by a test
from docs_graphs import GRAPHS  # noqa: E402

# ---- plot labels: English, or Korean for the .ko.png twins the Korean pages show ------
# Each label is written in English where it is drawn and looked up here for Korean;
# {name} fields are filled in after the lookup.
KOREAN = {
    "w (b held fixed)": "w (b는 고정)",
    "E(w) = ½ Σ (y − w·x − b)²": "E(w) = ½ Σ (y − w·x − b)²",
    "b = 0, where the page starts": "b = 0: 페이지의 출발점",
    "b = 1, where gradient descent ends": "b = 1: 경사하강법이 도착한 곳",
    "w = 0.5, b = 0: E = 26.75, dE/dw = −27": "w = 0.5, b = 0: E = 26.75, dE/dw = −27",
    "average of the first n rolls": "처음 n번 던진 눈의 평균",
    "E[X] = 3.5": "기댓값 E[X] = 3.5",
    "number of rolls n": "던진 횟수 n",
    "information −log P(x)": "정보량 −log P(x)",
    "first try 1 / P(x)": "첫 번째 후보 1 / P(x)",
    "log 2 (a fair coin)": "log 2 (공정한 동전)",
    "p = 0.9: H = 0.3251": "p = 0.9: H = 0.3251",
    "H(p) in nats": "H(p) (단위: nat)",
    "H(p, q), p = (0.2, 0.8)": "교차 엔트로피 H(p, q), p = (0.2, 0.8)",
    "H(p) = {entropy:.4f}": "엔트로피 H(p) = {entropy:.4f}",
    "minimum at q = p": "q = p에서 최소",
    "the model's q(X = 1)": "모델의 q(X = 1)",
    "cross-entropy: q − 1": "교차 엔트로피: q − 1",
    "squared error: (q − 1) q (1 − q)": "제곱오차: (q − 1) q (1 − q)",
    "logit z (target 1; z < 0 means the model is wrong)":
        "로짓 z (목표값 1; z < 0이면 모델이 틀린 것)",
    "d loss / dz": "d 손실 / dz",
    "P(class 1) and the 0.5 boundary": "P(클래스 1)과 0.5 경계",
    "−1/n log L(θ) = BCE(θ; data)": "−1/n log L(θ) = BCE(θ; 데이터)",
    "fraction of heads = {mean:.2f}": "앞면의 비율 = {mean:.2f}",
    "students (1 = passed)": "학생 (1 = 합격)",
    "σ({w:.2f}·x {sign} {b:.2f})": "σ({w:.2f}·x {sign} {b:.2f})",
    "the rule that made the data": "데이터를 만든 규칙",
    "hours studied": "공부한 시간",
    "P(pass)": "P(합격)",
}
# Font files with Hangul, in order of preference (Debian: fonts-nanum, fonts-noto-cjk).
KOREAN_FONT_FILES = ("NanumGothic.ttf", "NotoSansCJK-Regular.ttc", "NotoSansKR-Regular.otf")
_language = "en"


def say(text: str, **values: object) -> str:
    """A plot label in the language being drawn, with `values` filled in."""
    return (KOREAN[text] if _language == "ko" else text).format(**values)


def korean_font() -> str | None:
    """The family name of an installed font with Hangul (registered with matplotlib), or None."""
    from matplotlib import font_manager

    found = {Path(f).name: f for f in font_manager.findSystemFonts()}
    for name in KOREAN_FONT_FILES:
        if name in found:
            font_manager.fontManager.addfont(found[name])  # also when installed after the cache
            return font_manager.FontProperties(fname=found[name]).get_name()
    return None


def in_korean(draw: Callable[[Path], None]) -> Callable[[Path], None]:
    """`draw` with Korean labels, or English ones (and a note) when no Korean font is here."""

    def draw_korean(path: Path) -> None:
        global _language
        font = korean_font()
        if font is None:
            print(f"  no Korean font (run tools/ensure_korean_font.sh): {path.name} gets "
                  "English labels", file=sys.stderr)
            draw(path)
            return
        # Symbols the Korean font lacks (−, σ, ...) come from matplotlib's own DejaVu Sans.
        with plt.rc_context({"font.family": [font, "DejaVu Sans"]}):
            _language = "ko"
            try:
                draw(path)
            finally:
                _language = "en"

    return draw_korean


# ---- plots --------------------------------------------------------------------------
def squared_error_bowl(path: Path) -> None:
    """The squared error of tutorial page 1 against w, for b = 0 and for b = 1."""
    x = np.array([0.0, 1.0, 2.0, 3.0])
    y = 2 * x + 1
    ws = np.linspace(-1.0, 5.0, 200)
    fig, ax = figure()
    for b, color, label in [(0.0, BLUE, "b = 0, where the page starts"),
                            (1.0, GREY, "b = 1, where gradient descent ends")]:
        errors = [0.5 * np.sum((y - w * x - b) ** 2) for w in ws]
        ax.plot(ws, errors, color=color, label=say(label))
    ax.scatter([0.5], [26.75], color=ORANGE, zorder=3,
               label=say("w = 0.5, b = 0: E = 26.75, dE/dw = −27"))
    ax.scatter([34 / 14, 2.0], [0.5 * np.sum((y - 34 / 14 * x) ** 2), 0.0], color=[BLUE, GREY],
               marker="v", zorder=3)
    ax.set_xlabel(say("w (b held fixed)"))
    ax.set_ylabel(say("E(w) = ½ Σ (y − w·x − b)²"))
    ax.legend()
    finish(fig, path)


def die_running_mean(path: Path) -> None:
    rolls = np.random.default_rng(0).integers(1, 7, size=10_000)
    running = np.cumsum(rolls) / np.arange(1, rolls.size + 1)
    fig, ax = figure()
    ax.plot(np.arange(1, rolls.size + 1), running, color=BLUE,
            label=say("average of the first n rolls"))
    ax.axhline(3.5, color=ORANGE, linestyle="--", label=say("E[X] = 3.5"))
    ax.set_xscale("log")
    ax.set_xlabel(say("number of rolls n"))
    ax.set_ylim(1, 6)
    ax.legend()
    finish(fig, path)


def information(path: Path) -> None:
    p = np.linspace(0.02, 1.0, 300)
    fig, ax = figure()
    ax.plot(p, -np.log(p), color=BLUE, label=say("information −log P(x)"))
    ax.plot(p, 1 / p, color=GREY, linestyle="--", label=say("first try 1 / P(x)"))
    ax.set_ylim(0, 8)
    ax.set_xlabel("P(x)")
    ax.legend()
    finish(fig, path)


def bernoulli_entropy(path: Path) -> None:
    p = mg.linspace(0.001, 0.999, 400, dtype=np.float64)
    h = F.entropy(mg.stack([p, 1 - p], axis=-1), axis=-1)
    fig, ax = figure()
    ax.plot(p.numpy(), h.numpy(), color=BLUE)
    ax.axhline(np.log(2), color=GREY, linestyle=":", label=say("log 2 (a fair coin)"))
    ax.scatter([0.9], [F.entropy(mg.tensor([0.9, 0.1])).item()], color=ORANGE, zorder=3,
               label=say("p = 0.9: H = 0.3251"))
    ax.set_xlabel("p = P(X = 1)")
    ax.set_ylabel(say("H(p) in nats"))
    ax.legend()
    finish(fig, path)


def cross_entropy_vs_q(path: Path) -> None:
    q1 = np.linspace(0.01, 0.99, 300)
    p = np.array([0.2, 0.8])
    ce = -(p[0] * np.log(1 - q1) + p[1] * np.log(q1))
    entropy = F.entropy(mg.tensor(p)).item()
    fig, ax = figure()
    ax.plot(q1, ce, color=BLUE, label=say("H(p, q), p = (0.2, 0.8)"))
    ax.axhline(entropy, color=GREY, linestyle=":",
               label=say("H(p) = {entropy:.4f}", entropy=entropy))
    ax.scatter([0.8], [entropy], color=ORANGE, zorder=3, label=say("minimum at q = p"))
    ax.set_ylim(0, 3)
    ax.set_xlabel(say("the model's q(X = 1)"))
    ax.legend()
    finish(fig, path)


def mse_vs_bce_gradient(path: Path) -> None:
    z = mg.linspace(-8.0, 8.0, 401, dtype=np.float64, requires_grad=True)
    target = mg.ones(401, dtype=np.float64)
    (g_mse,) = mg.grad((0.5 * (z.sigmoid() - target) ** 2).sum(), z)
    (g_bce,) = mg.grad(F.binary_cross_entropy_with_logits(z, target, reduction="sum"), z)
    fig, ax = figure()
    ax.plot(z.numpy(), g_bce.numpy(), color=BLUE, label=say("cross-entropy: q − 1"))
    ax.plot(z.numpy(), g_mse.numpy(), color=ORANGE,
            label=say("squared error: (q − 1) q (1 − q)"))
    ax.set_xlabel(say("logit z (target 1; z < 0 means the model is wrong)"))
    ax.set_ylabel(say("d loss / dz"))
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
    ax.set_title(say("P(class 1) and the 0.5 boundary"))
    finish(fig, path)


def bernoulli_nll(path: Path) -> None:
    flips = data.coin_flips(100, p=0.7, seed=0)
    mean = float(flips.mean())
    theta = np.linspace(0.01, 0.99, 300)
    nll = -(mean * np.log(theta) + (1 - mean) * np.log(1 - theta))
    fig, ax = figure()
    ax.plot(theta, nll, color=BLUE, label=say("−1/n log L(θ) = BCE(θ; data)"))
    ax.axvline(mean, color=ORANGE, linestyle="--",
               label=say("fraction of heads = {mean:.2f}", mean=mean))
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
               label=say("students (1 = passed)"))
    ax.plot(grid, 1 / (1 + np.exp(-(w.item() * grid + b.item()))), color=BLUE,
            label=say("σ({w:.2f}·x {sign} {b:.2f})", w=w.item(), sign="+" if b.item() >= 0
                      else "−", b=abs(b.item())))
    ax.plot(grid, 1 / (1 + np.exp(-1.5 * (grid - 5))), color=ORANGE, linestyle="--",
            label=say("the rule that made the data"))
    ax.set_xlabel(say("hours studied"))
    ax.set_ylabel(say("P(pass)"))
    ax.legend()
    finish(fig, path)


# The plots the tutorial shows; each also gets a Korean-labelled twin, name.ko.png.
PLOTS: dict[str, Callable[[Path], None]] = {
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

PICTURES: dict[str, Callable[[Path], None]] = {
    **GRAPHS,
    **PLOTS,
    **{name.replace(".png", ".ko.png"): in_korean(draw) for name, draw in PLOTS.items()},
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="print the targets and exit")
    parser.add_argument("only", nargs="*", help="draw only the targets starting with these")
    args = parser.parse_args(argv)
    for name, draw in PICTURES.items():
        if args.only and not name.startswith(tuple(args.only)):
            continue
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
