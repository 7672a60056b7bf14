"""The errors minigrad raises.

Each is a subclass of the built-in error a Python user expects (ValueError for
a bad shape, TypeError for a bad dtype, ...), so `except ValueError` keeps
working; the subclass lets tests and users catch minigrad's own errors.
Messages name the op, the shapes or values involved, and the fix.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import numpy as np


class ShapeError(ValueError):
    """Shapes that do not fit together (broadcasting, matmul, reshape, ...)."""


class DTypeError(TypeError):
    """A dtype an op cannot use (ints that require grad, strings, complex, ...)."""


class BackwardError(RuntimeError):
    """`backward()` or `mg.grad()` used in a way that cannot work."""


class InplaceError(RuntimeError):
    """A tensor needed by backward was modified in place after it was saved."""


class AnomalyError(RuntimeError):
    """`mg.detect_anomaly()` found a NaN in a gradient computed by backward."""


class GradcheckError(RuntimeError):
    """Analytic and numerical gradients disagree in `mg.gradcheck`."""


class LinAlgError(RuntimeError):
    """A matrix linear algebra cannot use: a singular one for inv or solve (PyTorch's
    torch.linalg.LinAlgError, also a RuntimeError)."""


class LoadError(ValueError):
    """A file `mg.load` cannot read safely: damaged, forged, too big, or not minigrad's."""


def shape_str(shape: tuple[int, ...]) -> str:
    """`(3, 4)` for a shape, `()` for a scalar: the same text in every message."""
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def broadcasts_to(shape: tuple[int, ...], target: tuple[int, ...]) -> bool:
    """True when an array of `shape` broadcasts to exactly `target` (not beyond it):
    compared from the right, each size equals target's or is 1, and it has no more axes."""
    try:
        return np.broadcast_shapes(tuple(shape), tuple(target)) == tuple(target)
    except ValueError:
        return False


def broadcast_error(op: str, a: Any, b: Any) -> ShapeError:
    """The message for two tensors whose shapes do not broadcast."""
    return ShapeError(
        f"{op}: shapes {shape_str(a.shape)} and {shape_str(b.shape)} cannot be broadcast "
        "together: compared from the right, each pair of sizes must be equal or one of "
        "them must be 1"
    )


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


def user_stacklevel() -> int:
    """The `stacklevel` for `warnings.warn` that points at the user's line: the first
    frame outside minigrad, however many of minigrad's own calls lie in between."""
    frame, level = sys._getframe(1), 1  # the function that is about to warn
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame, level = frame.f_back, level + 1
    return level


def check_operand(op: str, v: Any) -> None:
    """A DTypeError (a TypeError, as PyTorch raises) for None or text where a number or
    tensor belongs."""
    if v is None:
        raise DTypeError(
            f"{op}: an operand is None, where a Tensor or a number belongs (a .grad is None "
            "until backward() has reached it; check that the loss depends on the tensor)"
        )
    if isinstance(v, (str, bytes)):
        raise DTypeError(f"{op}: an operand is the text {v!r}, where a Tensor or a number belongs")
