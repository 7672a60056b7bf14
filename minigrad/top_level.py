"""PyTorch's top-level names for things minigrad keeps elsewhere: `torch.softmax`,
`torch.allclose`, `torch.is_tensor`, ... so that `torch.xxx(...)` code runs as
`mg.xxx(...)`. Each is a thin door to the real thing, named in its docstring."""

from __future__ import annotations

from typing import Any

from . import functional
from .ops.arguments import as_tensor, torch_aliases
from .tensor import Tensor


def _dim(fn: str, dim: Any, torch_names: dict[str, Any]) -> Any:
    dim, _ = torch_aliases(fn, dim, False, torch_names)
    if dim is None:
        raise TypeError(f"mg.{fn}(x, dim): say along which dim, e.g. mg.{fn}(x, dim=1); "
                        f"the dim is required, as in torch.{fn}")
    return dim


def softmax(input: Any, dim: Any = None, **torch_names: Any) -> Tensor:  # noqa: A002
    """torch.softmax: minigrad.functional.softmax along a dim that must be given."""
    return functional.softmax(input, _dim("softmax", dim, torch_names))


def log_softmax(input: Any, dim: Any = None, **torch_names: Any) -> Tensor:  # noqa: A002
    """torch.log_softmax: minigrad.functional.log_softmax along a dim that must be given."""
    return functional.log_softmax(input, _dim("log_softmax", dim, torch_names))


def isclose(input: Any, other: Any, rtol: float = 1e-5, atol: float = 1e-8,  # noqa: A002
            equal_nan: bool = False) -> Tensor:
    """torch.isclose: Tensor.isclose."""
    return as_tensor(input).isclose(other, rtol, atol, equal_nan)


def allclose(input: Any, other: Any, rtol: float = 1e-5, atol: float = 1e-8,  # noqa: A002
             equal_nan: bool = False) -> bool:
    """torch.allclose: Tensor.allclose."""
    return as_tensor(input).allclose(other, rtol, atol, equal_nan)


def equal(input: Any, other: Any) -> bool:  # noqa: A002
    """torch.equal: Tensor.equal (same shape and values)."""
    return as_tensor(input).equal(other)


def is_tensor(obj: Any) -> bool:
    """torch.is_tensor: isinstance(obj, Tensor)."""
    return isinstance(obj, Tensor)


def numel(input: Any) -> int:  # noqa: A002
    """torch.numel: the number of elements."""
    return as_tensor(input).numel()


def isnan(input: Any) -> Tensor:  # noqa: A002
    """torch.isnan: Tensor.isnan."""
    return as_tensor(input).isnan()


def isinf(input: Any) -> Tensor:  # noqa: A002
    """torch.isinf: Tensor.isinf."""
    return as_tensor(input).isinf()


def isfinite(input: Any) -> Tensor:  # noqa: A002
    """torch.isfinite: Tensor.isfinite."""
    return as_tensor(input).isfinite()


def dropout(input: Any, p: float, train: bool) -> Tensor:  # noqa: A002
    """torch.dropout: functional.dropout(input, p, training=train); `train` is required,
    as in torch (nn.Dropout and F.dropout are the usual doors)."""
    return functional.dropout(input, p, training=train)
