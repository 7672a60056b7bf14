"""One test per bug found while testing reliability (issue 8), so it stays fixed.

Each docstring says what used to happen.
"""

from __future__ import annotations

import os
import re

import numpy as np
import pytest

import minigrad as mg
from minigrad.errors import AnomalyError, DTypeError, ShapeError


def test_reshape_refuses_sizes_below_minus_one() -> None:
    """reshape(-2, 6) used to be passed to numpy, which treated -2 like -1."""
    with pytest.raises(ShapeError, match=r"\(-2, 6\).*at most one may be -1"):
        mg.randn(3, 4).reshape(-2, 6)


def test_permute_refuses_float_axes() -> None:
    """permute(0.0, 1) used to be accepted by truncating the floats with int()."""
    with pytest.raises(TypeError, match="permute: axes must be ints"):
        mg.randn(3, 4).permute(0.0, 1)


def test_factories_refuse_float_sizes() -> None:
    """mg.zeros(2.5) used to make a tensor of 2 elements."""
    with pytest.raises(TypeError, match="zeros: sizes must be ints"):
        mg.zeros(2.5)


def test_astype_refuses_complex() -> None:
    """x.astype(np.complex64) used to make a complex tensor, which no op supports."""
    with pytest.raises(DTypeError, match="astype"):
        mg.randn(2).astype(np.complex64)


def test_from_numpy_refuses_strings() -> None:
    """mg.from_numpy(np.array(['a'])) used to make a string tensor."""
    with pytest.raises(DTypeError, match="from_numpy"):
        mg.from_numpy(np.array(["a"]))


def test_concatenate_refuses_unknown_keywords() -> None:
    """mg.cat([...], axes=1) used to ignore `axes` and join along axis 0."""
    with pytest.raises(TypeError, match="unexpected argument"):
        mg.cat([mg.ones(2, 2), mg.ones(2, 2)], axes=1)
    with pytest.raises(TypeError, match="unexpected argument"):
        mg.stack([mg.ones(2), mg.ones(2)], axes=1)


def test_argmax_axis_error_is_minigrads() -> None:
    """x.argmax(5) used to raise numpy's AxisError from inside numpy."""
    with pytest.raises(ShapeError, match="argmax: axis 5"):
        mg.randn(3, 4).argmax(5)


def test_argmax_of_0d_and_with_pytorch_names() -> None:
    """argmax gained axis checks; 0-d tensors and dim/keepdim must still work."""
    assert mg.tensor(3.0).argmax().item() == 0
    x = mg.tensor([[1.0, 5.0, 2.0], [7.0, 0.0, 1.0]])
    np.testing.assert_array_equal(x.argmax(dim=1, keepdim=True).numpy(), [[1], [0]])
    np.testing.assert_array_equal(x.argmin(axis=0).numpy(), [0, 1, 1])


def test_reduction_with_float_axis_has_a_clear_message() -> None:
    """x.sum(axis=1.0) used to say "'float' object is not iterable"."""
    with pytest.raises(TypeError, match="sum: axis must be an int or a tuple of ints"):
        mg.randn(3, 4).sum(axis=1.0)


def test_backward_with_a_non_numeric_gradient() -> None:
    """y.backward('a') used to raise numpy's "could not convert string to float"."""
    y = mg.randn(2, requires_grad=True) * 2
    with pytest.raises(TypeError, match="backward\\(\\): the gradient must be"):
        y.backward("a")


def test_anomaly_location_for_a_nan_gradient() -> None:
    """A NaN used to come with no location when the op had no recorded stack.
    (Anomaly mode now checks gradients only, as PyTorch does.)"""
    x = mg.tensor([0.0], requires_grad=True)
    with pytest.warns(RuntimeWarning), mg.detect_anomaly(), pytest.raises(AnomalyError) as info:
        (x.sqrt() * 0.0).sum().backward()  # 0 * d sqrt/dx at 0 = 0 * inf
    assert "test_regressions.py" in str(info.value)


def test_anomaly_location_skips_minigrads_own_frames() -> None:
    """The anomaly message used to show the last 6 frames, mostly minigrad's own, which
    could push the user's line out of view when an op was called through functional."""
    x = mg.tensor([[0.0, 1.0]], requires_grad=True)
    with pytest.warns(RuntimeWarning), mg.detect_anomaly(), pytest.raises(AnomalyError) as info:
        (x.softmax(-1) - x.softmax(-1)).log().sum().backward()  # log'(0) = inf; inf - inf
    message = str(info.value)
    frames = re.findall(r'File "([^"]+)"', message.split("created here:")[1])
    assert frames and frames[-1] == __file__  # the user's line is shown, last
    package = os.path.dirname(os.path.abspath(mg.__file__)) + os.sep
    assert not [f for f in frames if os.path.abspath(f).startswith(package)], frames


def test_inplace_through_detached_alias_is_seen_by_backward() -> None:
    # detach() shares the array: changing either side in place must be noticed.
    w = mg.randn(3, requires_grad=True)
    x = mg.randn(3, requires_grad=True)
    y = (w.detach() * x).sum()
    with mg.no_grad():
        w.add_(1)
    with pytest.raises(mg.errors.InplaceError, match="modified in place"):
        y.backward()
    loss = (w * w).sum()
    w.detach().add_(1)
    with pytest.raises(mg.errors.InplaceError, match="Mul"):
        loss.backward()
