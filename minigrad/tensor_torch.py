"""PyTorch's method spellings of what minigrad writes otherwise: x.add(y) is x + y,
x.eq(y) is x == y, x.view_as(y) is x.view(y.shape), x.contiguous() is x, ...

Each is one line that calls the operator or method it names, so it records
exactly what that does. (A missing PyTorch method gets Python's plain
AttributeError: a `__getattr__` on Tensor would make every attribute lookup of
every tensor slower, about 10% of a small op's time.)
"""

from __future__ import annotations

from typing import Any

import numpy as np


class TorchMethods:
    """Mixed into Tensor."""

    __slots__ = ()

    # ---- arithmetic and comparison by name ----------------------------------------
    def add(self, other: Any, *, alpha: Any = 1) -> Any:
        """self + alpha * other."""
        return self + (other if alpha == 1 else alpha * other)

    def sub(self, other: Any, *, alpha: Any = 1) -> Any:
        """self - alpha * other."""
        if alpha == 1 or isinstance(other, bool) or getattr(other, "dtype", None) == np.bool_:
            return self - other  # a bool is refused by - itself, whatever alpha is (PyTorch)
        return self - alpha * other

    def mul(self, other: Any) -> Any:
        """self * other."""
        return self * other

    def div(self, other: Any) -> Any:
        """self / other."""
        return self / other

    def neg(self) -> Any:
        """-self."""
        return -self

    def eq(self, other: Any) -> Any:
        """self == other, elementwise (bools)."""
        return self == other

    def ne(self, other: Any) -> Any:
        """self != other, elementwise (bools)."""
        return self != other

    def lt(self, other: Any) -> Any:
        """self < other, elementwise (bools)."""
        return self < other

    def le(self, other: Any) -> Any:
        """self <= other, elementwise (bools)."""
        return self <= other

    def gt(self, other: Any) -> Any:
        """self > other, elementwise (bools)."""
        return self > other

    def ge(self, other: Any) -> Any:
        """self >= other, elementwise (bools)."""
        return self >= other

    # ---- shapes and dtypes taken from another tensor ------------------------------
    def view_as(self, other: Any) -> Any:
        """self.view(other.shape)."""
        return self.reshape(other.shape)  # type: ignore[attr-defined]

    def reshape_as(self, other: Any) -> Any:
        """self.reshape(other.shape)."""
        return self.reshape(other.shape)  # type: ignore[attr-defined]

    def expand_as(self, other: Any) -> Any:
        """self.expand(other.shape)."""
        return self.expand(other.shape)  # type: ignore[attr-defined]

    def type_as(self, other: Any) -> Any:
        """self.to(other.dtype)."""
        return self.to(other.dtype)  # type: ignore[attr-defined]

    def contiguous(self) -> Any:
        """self: minigrad's reshape and view work on any layout, so there is nothing to do."""
        return self

    # ---- random samples drawn from this tensor's probabilities or weights ----------
    def bernoulli(self, p: Any = None, *, generator: Any = None) -> Any:
        """mg.bernoulli(self, p): 1 with probability self[i] (or p, when given), else 0."""
        from .sampling import bernoulli  # sampling imports the Tensor, which imports us
        return bernoulli(self, p, generator=generator)  # type: ignore[arg-type]

    def multinomial(self, num_samples: int, replacement: bool = False, *,
                    generator: Any = None) -> Any:
        """mg.multinomial(self, num_samples, replacement): indices drawn by weight."""
        from .sampling import multinomial
        return multinomial(self, num_samples, replacement,  # type: ignore[arg-type]
                           generator=generator)
