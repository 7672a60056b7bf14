"""Distribution: what every family in minigrad.distributions shares, as torch's base class.

A distribution holds its parameters as tensors (so `log_prob` and `entropy` are
differentiable with respect to them) and knows two shapes:
- `batch_shape`: how many distributions it holds side by side (the parameters' shape);
- `event_shape`: the shape of one draw (() for a number; (k,) for a one-hot row).
A sample of `sample(sample_shape)` has shape sample_shape + batch_shape + event_shape.

With `validate_args=True` (the default, as in PyTorch) the parameters are checked
when the distribution is made, and every value given to `log_prob` is checked
against the distribution's support: a probability of 1.3 or a coin value of 0.5 is a
clear ValueError naming the distribution, not a NaN later on.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from .. import creation
from ..dtypes import get_default_dtype
from ..errors import DTypeError, ShapeError, shape_str
from ..grad_mode import enable_grad, no_grad
from ..ops import broadcast_to
from ..tensor import Tensor
from .constraints import Constraint

HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)  # log sqrt(2 pi), in Normal's log_prob and entropy


def lazy_property(fn: Callable[[Any], Tensor]) -> functools.cached_property:
    """A parameter computed from the other one on first use, then kept (torch's
    lazy_property): `Bernoulli(logits=z).probs` is sigmoid(z), in z's graph."""

    def computed(self: Any) -> Tensor:
        with enable_grad():  # part of the parameters' graph, even when first read under no_grad
            return fn(self)

    computed.__name__, computed.__doc__ = fn.__name__, fn.__doc__
    return functools.cached_property(computed)


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def parameters(dist: str, **values: Any) -> list[Tensor]:
    """The parameters as float tensors of one broadcast shape (torch's broadcast_all).

    A number becomes a tensor of the first tensor parameter's dtype (the default dtype
    when all are numbers), so a float32 tensor beside a Python number stays float32.
    """
    tensors = {k: v for k, v in values.items() if isinstance(v, Tensor)}
    for name, value in values.items():
        if not (isinstance(value, Tensor) or is_number(value)):
            raise ValueError(f"{dist}: {name} must be a number or a Tensor, got "
                             f"{type(value).__name__}; make one first, e.g. mg.tensor(...)")
    for name, t in tensors.items():
        if t._data.dtype.kind != "f":
            raise DTypeError(f"{dist}: {name} must hold floats, got dtype {t._data.dtype}; "
                             f"convert first, e.g. {name}.float()")
    dtype = next(iter(tensors.values()))._data.dtype if tensors else get_default_dtype()
    made = [v if isinstance(v, Tensor) else Tensor._make(np.asarray(v, dtype))
            for v in values.values()]
    try:
        shape = np.broadcast_shapes(*(t.shape for t in made))
    except ValueError:
        shapes = ", ".join(f"{k} of shape {shape_str(t.shape)}"
                           for k, t in zip(values, made))
        raise ShapeError(f"{dist}: the parameters do not broadcast together: {shapes}") from None
    return [t if t.shape == shape else broadcast_to(t, shape) for t in made]


def constant(values: np.ndarray) -> Tensor:
    """A tensor outside every graph (noise, masks)."""
    return creation.made(np.asarray(values), False)


class Distribution:
    """The base class: shapes, argument checks, and sample() from rsample().

    A family sets `arg_constraints` (each parameter's Constraint), `support` (the
    values a draw can take) and `has_rsample`, and writes `log_prob`, `entropy`,
    `mean`, `variance`, and `sample` or `rsample`.
    """

    has_rsample = False
    arg_constraints: dict[str, Constraint] = {}
    support: Constraint | None = None
    _validate_default = True  # PyTorch's default (__debug__)

    @staticmethod
    def set_default_validate_args(value: bool) -> None:
        """Check arguments (True, the default) or not, for every distribution made later."""
        if value not in (True, False):
            raise ValueError(f"set_default_validate_args: value must be True or False, "
                             f"got {value!r}")
        Distribution._validate_default = value

    def __init__(self, batch_shape: tuple[int, ...] = (), event_shape: tuple[int, ...] = (),
                 validate_args: bool | None = None) -> None:
        self._batch_shape = tuple(batch_shape)
        self._event_shape = tuple(event_shape)
        self._validate_args = (Distribution._validate_default if validate_args is None
                               else bool(validate_args))
        if self._validate_args:
            for name, constraint in self.arg_constraints.items():
                if name in self.__dict__:  # given, not computed lazily from the other one
                    self._check(f"the parameter {name}", name, self.__dict__[name]._data,
                                constraint)

    # ---- shapes ------------------------------------------------------------------------
    @property
    def batch_shape(self) -> tuple[int, ...]:
        """How many distributions are held side by side."""
        return self._batch_shape

    @property
    def event_shape(self) -> tuple[int, ...]:
        """The shape of a single draw."""
        return self._event_shape

    def _extended_shape(self, sample_shape: Any = ()) -> tuple[int, ...]:
        """sample_shape + batch_shape + event_shape."""
        if isinstance(sample_shape, (int, np.integer)) or not isinstance(
                sample_shape, (tuple, list)) or not all(
                isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n >= 0
                for n in sample_shape):
            raise TypeError(f"{type(self).__name__}: sample_shape must be a tuple of sizes "
                            f"(>= 0), got {sample_shape!r}; for five draws pass (5,)")
        return tuple(int(n) for n in sample_shape) + self._batch_shape + self._event_shape

    def expand(self, batch_shape: Any) -> Distribution:
        """The same distribution repeated to a larger batch_shape (no copies)."""
        batch_shape = tuple(batch_shape)
        new = object.__new__(type(self))
        for name, value in self.__dict__.items():
            if isinstance(value, Tensor):  # a parameter (given or computed): its event axes stay
                tail = value.shape[len(self._batch_shape):]
                new.__dict__[name] = broadcast_to(value, batch_shape + tail)
            else:
                new.__dict__[name] = value
        new._batch_shape = batch_shape
        return new

    # ---- what every family writes --------------------------------------------------------
    @property
    def mean(self) -> Tensor:
        raise NotImplementedError(f"{type(self).__name__} has no mean")

    @property
    def mode(self) -> Tensor:
        raise NotImplementedError(f"{type(self).__name__} has no mode")

    @property
    def variance(self) -> Tensor:
        raise NotImplementedError(f"{type(self).__name__} has no variance")

    @property
    def stddev(self) -> Tensor:
        """The standard deviation: the square root of the variance."""
        return self.variance.sqrt()

    def sample(self, sample_shape: Any = ()) -> Tensor:
        """Draws of shape sample_shape + batch_shape + event_shape, outside the graph."""
        with no_grad():
            return self.rsample(sample_shape)

    def rsample(self, sample_shape: Any = ()) -> Tensor:
        raise NotImplementedError(
            f"{type(self).__name__} has no rsample: its draws do not change smoothly with the "
            "parameters; use sample() (and log_prob for a score-function gradient)")

    def log_prob(self, value: Any) -> Tensor:
        raise NotImplementedError

    def entropy(self) -> Tensor:
        raise NotImplementedError

    # ---- checks ----------------------------------------------------------------------------
    def _check(self, what: str, name: str, values: np.ndarray, constraint: Constraint) -> None:
        with np.errstate(invalid="ignore"):
            ok = np.asarray(constraint.check(values))
        if not ok.all():
            bad = values[~ok] if constraint.event_dim == 0 else values[~ok][0]
            first = str(bad.flat[0]) if constraint.event_dim == 0 else np.array2string(bad)
            raise ValueError(f"{type(self).__name__}: {what} (of shape "
                             f"{shape_str(values.shape)}) must be {constraint.words} "
                             f"({constraint!r}), but {name} holds {first}; in {self!r}")

    def _value(self, value: Any, method: str = "log_prob") -> Tensor:
        """The value given to log_prob as a tensor, checked when validate_args is on: a
        Tensor whose shape broadcasts with batch_shape + event_shape, in the support."""
        where = f"{type(self).__name__}.{method}"
        if not isinstance(value, Tensor):
            if self._validate_args or not is_number(value):
                raise ValueError(f"{where}: the value must be a Tensor, got "
                                 f"{type(value).__name__}; e.g. mg.tensor({value!r})")
            value = constant(np.asarray(value, self._dtype()))
        if not self._validate_args:
            return value
        shape, n = value.shape, len(self._event_shape)
        if shape[len(shape) - n:] != self._event_shape or len(shape) < n:
            raise ShapeError(f"{where}: the value's last axes must be the event shape "
                             f"{shape_str(self._event_shape)}, got shape {shape_str(shape)}")
        expected = self._batch_shape + self._event_shape
        if any(i != 1 and j != 1 and i != j for i, j in zip(reversed(shape), reversed(expected))):
            raise ShapeError(f"{where}: a value of shape {shape_str(shape)} does not broadcast "
                             f"with batch_shape + event_shape = {shape_str(expected)}")
        self._check(f"the value given to {method}", "the value", value._data, self.support)
        return value

    def _dtype(self) -> np.dtype:
        return next(v for v in self.__dict__.values() if isinstance(v, Tensor))._data.dtype

    def __repr__(self) -> str:
        shown = []
        for name in self.arg_constraints:
            if name in self.__dict__:
                t = self.__dict__[name]
                shown.append(f"{name}: {t._data.reshape(-1)[0]!s}" if t._data.size == 1
                             else f"{name}: {t.shape}")
        return f"{type(self).__name__}({', '.join(shown)})"


__all__ = ["Distribution"]
