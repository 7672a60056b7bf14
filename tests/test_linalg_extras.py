"""minigrad.linalg's matmul, vecdot, cross, diagonal and vander (ops/linalg_extras.py).

Gradients are checked in float64 (gradcheck and gradgradcheck) with broadcasting and
any axis; values and gradients are compared with literals taken from PyTorch 2.13; every
error path is tried. tests/parity/specs_linalg_more.py compares them with torch itself.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from op_strategies import check, seeds

import minigrad as mg
from minigrad import linalg
from minigrad.errors import DTypeError, ShapeError

X = [[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]]
Y = [0.5, -1.0, 4.0]


@settings(max_examples=6, deadline=None)  # five ops a case, each with gradgradcheck
@given(batch=st.sampled_from([(), (2,), (2, 1)]), dim=st.sampled_from([-2, -1]), seed=seeds)
def test_gradients(batch, dim, seed):
    rng = np.random.default_rng(seed)
    x, y = rng.standard_normal((*batch, 3, 3)), rng.standard_normal((3, 3))
    check(lambda a, b: linalg.vecdot(a, b, dim=dim), x, y)
    check(lambda a, b: linalg.cross(a, b, dim=dim), x, np.broadcast_to(y, x.shape))
    check(lambda a: linalg.diagonal(a, offset=dim, dim1=-1, dim2=0), x)
    check(lambda a: linalg.vander(a, N=4), x)
    check(linalg.matmul, x, y)


def test_as_pytorch():
    x, y = mg.tensor(X, requires_grad=True), mg.tensor(Y, requires_grad=True)
    v = linalg.vecdot(x, y)
    v.sum().backward()
    assert v.tolist() == [10.5, 7.0] and v.dtype == np.float32
    assert x.grad.tolist() == [Y, Y] and y.grad.tolist() == [0.0, 2.5, 5.0]
    x.grad = y.grad = None
    c = linalg.cross(x, y.expand(2, 3))
    (c * mg.tensor([[1.0, 2, 3], [4, 5, 6]])).sum().backward()
    assert c.tolist() == [[11.0, -2.5, -2.0], [4.0, 5.0, 0.75]]
    assert x.grad.tolist() == [[-11.0, 2.5, 2.0], [-26.0, 13.0, 6.5]]
    assert y.grad.tolist() == [7.0, -14.0, 7.0]
    z = mg.tensor([2.0, -1.0, 0.5], requires_grad=True)
    w = linalg.vander(z, N=4)
    w.sum().backward()
    assert w.tolist() == [[1, 2, 4, 8], [1, -1, 1, -1], [1, 0.5, 0.25, 0.125]]
    assert z.grad.tolist() == [17.0, 2.0, 2.75]
    a = mg.arange(24.0).reshape(2, 3, 4)
    assert linalg.diagonal(a, offset=1).tolist() == [[1, 6, 11], [13, 18, 23]]
    assert linalg.diagonal(a, offset=-1, dim1=0, dim2=2).tolist() == [[12], [16], [20]]
    assert linalg.diagonal(a, offset=9).shape == (2, 0)
    assert linalg.matmul(x, y).tolist() == v.tolist()


def test_dtypes():
    ints = mg.tensor([[1, 2, 3], [0, 1, 0]])
    assert linalg.cross(ints, ints.flip(0)).dtype == np.int64
    assert linalg.vander(mg.tensor([1, 2, 3])).tolist() == [[1, 1, 1], [1, 2, 4], [1, 3, 9]]
    assert linalg.diagonal(mg.ones(2, 2).bool()).dtype == np.bool_
    assert linalg.vecdot(mg.tensor(1.0), mg.tensor(2.0)).tolist() == 2.0


def test_errors():
    with pytest.raises(DTypeError, match="floating"):
        linalg.vecdot(mg.ones(3).long(), mg.ones(3).long())
    with pytest.raises(DTypeError, match="same dtype"):
        linalg.vecdot(mg.ones(3), mg.ones(3).double())
    with pytest.raises(ShapeError, match="same length"):
        linalg.vecdot(mg.ones(3), mg.ones(1))
    with pytest.raises(ShapeError, match=r"vecdot: shapes \(2, 3\) and \(2,\) cannot be "
                       "broadcast together"):
        linalg.vecdot(mg.ones(2, 3), mg.ones(2))
    with pytest.raises(DTypeError, match="bool"):
        linalg.cross(mg.ones(3).bool(), mg.ones(3).bool())
    with pytest.raises(ShapeError, match="same number of axes"):
        linalg.cross(mg.ones(2, 3), mg.ones(3))
    with pytest.raises(ShapeError, match="length 3"):
        linalg.cross(mg.ones(2, 2), mg.ones(2, 2))
    with pytest.raises(ShapeError, match="broadcast"):
        linalg.cross(mg.ones(2, 3), mg.ones(4, 3))
    with pytest.raises(ShapeError, match="at least 2 axes"):
        linalg.diagonal(mg.ones(3))
    with pytest.raises(ShapeError, match="different axes"):
        linalg.diagonal(mg.ones(3, 3), dim1=0, dim2=-2)
    with pytest.raises(TypeError, match="offset must be an int"):
        linalg.diagonal(mg.ones(3, 3), offset=1.0)
    with pytest.raises(ValueError, match="greater than 1"):
        linalg.vander(mg.ones(3), N=1)
    with pytest.raises(ValueError, match="greater than 1"):
        linalg.vander(mg.ones(2, 0))
    with pytest.raises(ShapeError, match="0-d"):
        linalg.vander(mg.tensor(2.0))
    with pytest.raises(DTypeError, match="got bool"):
        linalg.vander(mg.ones(3).bool())
    with pytest.raises(DTypeError, match="float16"):
        linalg.vander(mg.ones(3).half())
