"""The graph pictures of the documentation, each drawn by the code its page shows.

make_docs_assets.py (`make docs-assets`) writes them into docs/assets/ with
the plots; tests/test_docs_pictures.py draws them again and fails when a
file there is stale. Each function repeats the code of the page named in
its docstring, so a change to that code belongs here too.

The pages' pictures are drawn top to bottom (draw_graph's default), with
the boxes named as the page names its tensors and, except on the first
page a learner sees, without the colour key (the pages explain the colours).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np

import minigrad as mg
import minigrad.functional as F
from minigrad import viz


def neuron_graph(path: Path) -> None:
    """getting-started.md: the graph of one sigmoid neuron's squared error."""
    x = mg.tensor([1.0, 2.0])
    y = mg.tensor(1.0)
    w = mg.tensor([0.5, -0.25], requires_grad=True, name="w")
    b = mg.tensor(0.1, requires_grad=True, name="b")
    z = (w * x).sum() + b
    y_hat = z.sigmoid()
    loss = 0.5 * (y_hat - y) ** 2
    names = {"x": x, "y": y, "z": z, "y_hat": y_hat, "loss": loss}
    viz.save(viz.draw_graph(loss, names=names), path)


def softmax_ce_loss() -> tuple[mg.Tensor, dict[str, mg.Tensor]]:
    """guide/backprop-by-hand.md: softmax + cross-entropy from primitive ops, and the
    names the page gives its tensors."""
    z = mg.tensor([2.0, 1.0, 0.1], requires_grad=True, dtype=np.float64, name="z")
    y = 0
    m = z.detach().max()
    s = (z - m).exp()
    S = s.sum()
    q = s / S
    L = -q[y].log()
    return L, {"m": m, "s": s, "S": S, "q": q, "L": L}


def backprop_forward(path: Path) -> None:
    L, names = softmax_ce_loss()
    viz.save(viz.draw_graph(L, names=names, legend=False), path)


def backprop_backward(path: Path) -> None:
    L, names = softmax_ce_loss()
    viz.save(viz.draw_graph(L, backward=True, names=names, legend=False), path)


def backprop_frames(directory: Path, lang: str = "en") -> None:
    """One picture per backward step and the page that shows them in order."""
    if directory.exists():
        shutil.rmtree(directory)
    L, names = softmax_ce_loss()
    viz.backprop_steps(L, directory, names=names, legend=False, lang=lang)


def backprop_frames_ko(directory: Path) -> None:
    """guide/backprop-by-hand.ko.md: the same frames and page, in Korean (lang="ko")."""
    backprop_frames(directory, lang="ko")


def backward_picture(loss: mg.Tensor, names: dict[str, mg.Tensor], path: Path) -> None:
    """What the tutorial pages write: the backward view, their names, no colour key."""
    viz.save(viz.draw_graph(loss, backward=True, names=names, legend=False), path)


def squared_error(path: Path) -> None:
    """tutorial/01-squared-error.md: E of a linear model on four points, walked backward."""
    x = mg.tensor([0.0, 1.0, 2.0, 3.0])
    y = mg.tensor([1.0, 3.0, 5.0, 7.0])
    w = mg.tensor(0.5, requires_grad=True, name="w")
    b = mg.tensor(0.0, requires_grad=True, name="b")
    y_hat = w * x + b
    E = 0.5 * ((y - y_hat) ** 2).sum()
    backward_picture(E, {"x": x, "y": y, "y_hat": y_hat, "E": E}, path)


def expectation(path: Path) -> None:
    """tutorial/02-events-expectation.md: E[X] of a die, walked backward."""
    faces = mg.arange(1, 7).float()
    P = mg.full((6,), 1 / 6, requires_grad=True)
    E = (faces * P).sum()
    backward_picture(E, {"faces": faces, "P": P, "E": E}, path)


def information(path: Path) -> None:
    """tutorial/03-information.md: the information of three events, walked backward."""
    p = mg.tensor([0.5, 0.25, 0.01], requires_grad=True, name="p")
    info = F.information(p)
    total = info.sum()
    backward_picture(total, {"info": info, "total": total}, path)


def coin_entropy(path: Path) -> None:
    """tutorial/04-entropy.md: the entropy of a bent coin, walked backward."""
    p = mg.tensor(0.9, requires_grad=True, dtype=np.float64, name="p")
    H = -(p * p.log() + (1 - p) * (1 - p).log())
    backward_picture(H, {"H": H}, path)


def cross_entropy(path: Path) -> None:
    """tutorial/05-cross-entropy.md: H(p, q) of two coins, walked backward."""
    p = mg.tensor([0.2, 0.8])
    q = mg.tensor([0.5, 0.5], requires_grad=True, name="q")
    H = F.cross_entropy_between(p, q)
    backward_picture(H, {"p": p, "q": q, "H": H}, path)


def network_loss(path: Path) -> None:
    """tutorial/06-network-loss.md: softmax + cross-entropy of three examples, walked
    backward."""
    target = mg.tensor([0, 1, 2])
    z = mg.tensor([[2.0, 1.0, 0.1],
                   [0.5, 2.5, 0.3],
                   [1.2, 0.2, 3.0]], requires_grad=True, name="z")
    q = F.softmax(z, axis=-1)
    q_y = q[mg.arange(3), target]
    loss = (-q_y.log()).mean()
    names = {"q": q, "q_y": q_y, "loss": loss}
    viz.save(viz.draw_graph(loss, backward=True, names=names, legend=False), path)


def logistic_two_points(path: Path) -> None:
    """tutorial/07-maximum-likelihood.md: logistic regression on two students,
    walked backward."""
    x = mg.tensor([1.0, 4.0], name="x")
    y = mg.tensor([0.0, 1.0], name="y")
    w = mg.tensor(0.5, requires_grad=True, name="w")
    b = mg.tensor(-1.0, requires_grad=True, name="b")
    z = w * x + b
    loss = F.binary_cross_entropy_with_logits(z, y)
    names = {"z": z, "loss": loss}
    viz.save(viz.draw_graph(loss, backward=True, names=names, legend=False), path)


GRAPHS: dict[str, Callable[[Path], None]] = {
    "getting-started/neuron.svg": neuron_graph,
    "backprop/forward.svg": backprop_forward,
    "backprop/backward.svg": backprop_backward,
    "backprop/steps": backprop_frames,
    "backprop/steps_ko": backprop_frames_ko,
    "tutorial/squared-error-graph.svg": squared_error,
    "tutorial/expectation-graph.svg": expectation,
    "tutorial/information-graph.svg": information,
    "tutorial/entropy-graph.svg": coin_entropy,
    "tutorial/cross-entropy-graph.svg": cross_entropy,
    "tutorial/network-loss-graph.svg": network_loss,
    "tutorial/logistic-regression-graph.svg": logistic_two_points,
}
