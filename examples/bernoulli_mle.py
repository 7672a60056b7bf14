"""Maximum likelihood for a coin: minimising cross-entropy recovers the sample mean.

A coin lands heads (x = 1) with an unknown probability p. Given flips
x_1..x_n, the model's probability of the data is prod_i q^x_i (1-q)^(1-x_i),
and its negative log (divided by n) is

    NLL(q) = -1/n * sum_i [x_i log q + (1 - x_i) log(1 - q)]
           = -[p_hat log q + (1 - p_hat) log(1 - q)]

with p_hat the fraction of heads: the cross-entropy between the data's
distribution (p_hat, 1 - p_hat) and the model's (q, 1 - q). It is smallest at
q = p_hat, where it equals the data's entropy. Here gradient descent finds
that minimum (q = sigmoid(z) of a logit z, so q stays inside (0, 1)), and the result
is printed beside the closed form, the sample mean.

    python examples/bernoulli_mle.py --p 0.3 --flips 500
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import numpy as np

import minigrad as mg
from minigrad import data
from minigrad import functional as F
from minigrad.plots import MISSING_MATPLOTLIB, have_matplotlib, save_loss_curve
from minigrad.progress import Progress


def negative_log_likelihood(flips: mg.Tensor, q: mg.Tensor) -> mg.Tensor:
    """-1/n * sum_i [x_i log q + (1 - x_i) log(1 - q)]: the binary cross-entropy."""
    return -(flips * q.log() + (1 - flips) * (1 - q).log()).mean()


def main(argv: list[str] | None = None) -> dict:
    """Run the example; returns the estimate, the sample mean and the entropy."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--p", type=float, default=0.3,
                        help="the coin's true probability of heads (default 0.3)")
    parser.add_argument("--flips", type=int, default=1000, help="number of flips (default 1000)")
    parser.add_argument("--epochs", type=int, default=None,
                        help="gradient steps (default 200, 60 with --quick)")
    parser.add_argument("--lr", type=float, default=4.0, help="learning rate (default 4.0)")
    parser.add_argument("--quick", action="store_true", help="a short run, for tests")
    parser.add_argument("--out", type=Path, default=Path("minigrad-out"),
                        metavar="DIR", help="folder for the plots (default ./minigrad-out)")
    args = parser.parse_args(argv)
    if not 0.0 < args.p < 1.0:
        parser.error(f"--p must be strictly between 0 and 1 (a fair coin is 0.5), got {args.p}")
    epochs = args.epochs or (60 if args.quick else 200)

    # float64 so that the estimate can be compared with the sample mean to 1e-3 and beyond.
    flips = mg.tensor(data.coin_flips(args.flips, p=args.p, seed=args.seed), dtype=np.float64)
    sample_mean = flips.mean().item()
    print(f"{args.flips} flips of a coin with p = {args.p}: {int(flips.sum().item())} heads, "
          f"sample mean {sample_mean:.6f}")
    print(f"information of one flip: heads -log q = {-math.log(args.p):.3f} nats, "
          f"tails -log(1-q) = {-math.log(1 - args.p):.3f} nats (at q = true p)")

    z = mg.tensor(0.0, dtype=np.float64, requires_grad=True)  # q = sigmoid(0) = 0.5
    losses = []
    with Progress(epochs, "Bernoulli MLE") as bar:
        for _ in range(epochs):
            q = z.sigmoid()
            loss = negative_log_likelihood(flips, q)
            loss.backward()  # d loss / d z = q - p_hat
            with mg.no_grad():
                z.sub_(args.lr * z.grad)
            z.grad = None
            losses.append(loss.item())
            bar.update(losses[-1])

    estimate = z.sigmoid().item()
    p_hat = sample_mean
    entropy = -(p_hat * math.log(p_hat) + (1 - p_hat) * math.log(1 - p_hat)) \
        if 0 < p_hat < 1 else 0.0
    final_nll = negative_log_likelihood(flips, mg.tensor(estimate, dtype=np.float64)).item()
    print(f"gradient descent:   q = sigmoid(z) = {estimate:.6f} after {epochs} steps")
    print(f"closed form (mean): p_hat = {p_hat:.6f}   |difference| = {abs(estimate - p_hat):.2e}")
    print(f"NLL per flip at the optimum = {final_nll:.6f} = entropy of the data "
          f"H(p_hat) = {entropy:.6f}")
    library = F.binary_cross_entropy(mg.full(flips.shape, estimate, dtype=np.float64), flips)
    print(f"the same loss from F.binary_cross_entropy(q, flips): {library.item():.6f}")
    assert abs(estimate - p_hat) < 1e-3, "the MLE should equal the sample mean"
    print("check passed: the maximum-likelihood estimate agrees with the sample mean to 1e-3")

    results = {"estimate": estimate, "sample_mean": p_hat, "nll": final_nll, "entropy": entropy}
    if not have_matplotlib():
        print(MISSING_MATPLOTLIB)
        return results
    path = save_loss_curve({"NLL = cross-entropy": losses, "entropy H(p_hat)": [entropy] * epochs},
                           args.out / "bernoulli_mle_loss.png",
                           title="Bernoulli negative log-likelihood per flip", xlabel="step")
    print(f"wrote {path}")
    return results


if __name__ == "__main__":
    main()
