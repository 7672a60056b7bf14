"""Run one case through minigrad and through PyTorch, and compare everything.

A `Spec` names one public op (or method, operator, loss, layer) and says how
to call it: one function `call(L, *args, **kwargs)` where `L` is the library
(`MG` or `TORCH`, with the same attribute names: `L.t` is `mg` or `torch`,
`L.F` the functional module, `L.nn`, `L.optim`), and the strategy that draws
its `Case`s. Where the two spellings differ, `torch_call` gives PyTorch's.

In a case, an `Arr` becomes a tensor in each library (same values, same dtype;
floating ones require grad unless `grad=False`), a `Dtype` becomes that
library's dtype, and anything else (Python numbers, strings, tuples) is passed
as it is. `check(spec, case)` then compares, minigrad against PyTorch:

* whether it raised (PyTorch raises -> minigrad must raise; the reverse is a
  difference too);
* every output: kind, shape, dtype, values (NaN and inf where PyTorch has
  them, floats within a tolerance for their dtype), requires_grad;
* the gradients of a random weighting of the float outputs (backward with a
  seeded `gradient=`) w.r.t. every input that requires grad: None or not,
  dtype, shape, values (not compared where torch's own backward raises);
* the inputs afterwards (changed only by the in-place ops, in both).

The comparison, the report and `check` are in parity_check.py.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from hypothesis import strategies as st

import minigrad as mg

TORCH_DTYPES = {
    torch.float16: np.float16, torch.float32: np.float32, torch.float64: np.float64,
    torch.int64: np.int64, torch.int32: np.int32, torch.int16: np.int16, torch.int8: np.int8,
    torch.uint8: np.uint8, torch.bool: np.bool_,
}
NUMPY_TO_TORCH = {np.dtype(n): t for t, n in TORCH_DTYPES.items()}

@dataclass(frozen=True)
class Arr:
    """An input tensor: the same values become a minigrad and a torch tensor."""

    value: np.ndarray
    grad: bool = True  # floating inputs require grad (and are checked) unless False

    def __repr__(self) -> str:
        a = self.value
        body = np.array2string(a, separator=", ", threshold=200, floatmode="unique")
        grad = "" if self.grad or a.dtype.kind != "f" else ", grad=False"
        return f"Arr(np.array({body}, dtype=np.{a.dtype}).reshape({a.shape}){grad})"

    @property
    def requires_grad(self) -> bool:
        return self.grad and self.value.dtype.kind == "f"


@dataclass(frozen=True)
class Dtype:
    """A dtype argument: np.dtype for minigrad, torch.dtype for PyTorch."""

    dtype: Any

    def __repr__(self) -> str:
        return f"Dtype(np.{np.dtype(self.dtype)})"


@dataclass
class Case:
    args: tuple[Any, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)
    seed: int = 0  # for the weights of the outputs in backward

    def __repr__(self) -> str:
        parts = [repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in self.kwargs.items()]
        return f"Case({', '.join(parts)}; seed={self.seed})"

    def arrays(self) -> list[Arr]:
        """Every Arr in the case, in order (args, then kwargs, looking inside lists)."""
        found: list[Arr] = []

        def walk(v: Any) -> None:
            if isinstance(v, Arr):
                found.append(v)
            elif isinstance(v, (list, tuple)):
                for x in v:
                    walk(x)

        walk(self.args)
        walk(list(self.kwargs.values()))
        return found


@dataclass(frozen=True)
class Lib:
    """One of the two libraries, behind the same attribute names."""

    name: str
    t: Any
    F: Any  # noqa: N815
    nn: Any
    optim: Any

    def tensor(self, array: np.ndarray, requires_grad: bool = False) -> Any:
        if self.t is torch:
            return torch.tensor(array, requires_grad=requires_grad)
        return mg.Tensor(array, requires_grad=requires_grad)

    def dtype(self, dtype: Any) -> Any:
        return NUMPY_TO_TORCH[np.dtype(dtype)] if self.t is torch else np.dtype(dtype)

    def is_tensor(self, value: Any) -> bool:
        return isinstance(value, torch.Tensor if self.t is torch else mg.Tensor)


MG = Lib("minigrad", mg, mg.functional, mg.nn, mg.optim)
TORCH = Lib("torch", torch, torch.nn.functional, torch.nn, torch.optim)


def numpy_of(tensor: Any) -> np.ndarray:
    """The values of a minigrad or torch tensor as a (copied) ndarray."""
    if isinstance(tensor, torch.Tensor):
        return tensor.detach().numpy().copy()
    return np.array(tensor.numpy(), copy=True)


def dtype_of(tensor: Any) -> np.dtype:
    if isinstance(tensor, torch.Tensor):
        return np.dtype(TORCH_DTYPES.get(tensor.dtype, object))
    return np.dtype(tensor.dtype)


@dataclass
class Spec:
    """One public op of minigrad and its PyTorch counterpart (see the module docstring)."""

    name: str
    call: Callable[..., Any]
    cases: st.SearchStrategy[Case]
    torch_call: Callable[..., Any] | None = None
    sums: bool = False  # a reduction: absolute tolerance scaled by the result's size
    tol: float = 1.0  # multiplies the value tolerances
    grad_tol: float = 1.0  # multiplies the gradient tolerances
    values: bool = True  # False: compare shapes and dtypes only (random numbers)
    grads_out: bool = False  # the outputs are gradients: compared with their tolerances

    def __repr__(self) -> str:
        return self.name


# ---- running one library ------------------------------------------------------------
@dataclass
class Output:
    kind: str  # "tensor", "array" (numpy), or the Python type's name
    value: Any  # an ndarray for tensors and arrays, else the Python value
    dtype: np.dtype | None = None
    requires_grad: bool = False


@dataclass
class Outcome:
    error: BaseException | None = None
    outputs: list[Output] = field(default_factory=list)
    backward_error: BaseException | None = None
    grads: list[Output | None] = field(default_factory=list)  # per input requiring grad
    inputs_after: list[np.ndarray] = field(default_factory=list)


def _flatten(out: Any) -> list[Any]:
    if isinstance(out, (tuple, list)):  # torch.return_types.max is a tuple too
        return [leaf for item in out for leaf in _flatten(item)]
    return [out]


def _record(value: Any, lib: Lib) -> Output:
    if isinstance(value, (np.dtype, torch.dtype)):  # a dtype as a result: compared by name
        return Output("dtype", np.dtype(TORCH_DTYPES.get(value, value)).name)
    if lib.is_tensor(value):
        return Output("tensor", numpy_of(value), dtype_of(value), bool(value.requires_grad))
    if isinstance(value, np.ndarray):
        return Output("array", value.copy(), value.dtype)
    return Output(type(value).__name__, value)


def weights_for(shape: tuple[int, ...], seed: int, index: int) -> np.ndarray:
    """Backward's `gradient=` for one output: +-0.5 to +-2 in steps of 1/4 (exact in float16)."""
    rng = np.random.default_rng([seed, index])
    return rng.choice([-2.0, -1.25, -0.75, -0.5, 0.5, 1.0, 1.5, 2.0], size=shape)


def run(spec: Spec, case: Case, lib: Lib) -> Outcome:
    """Call the op in `lib` on the case, then backward; record everything."""
    leaves: list[Any] = []
    made_requiring_grad: set[Any] = set()  # tensors hash by identity in both libraries

    def convert(v: Any) -> Any:
        if isinstance(v, Arr):
            leaves.append(lib.tensor(v.value, requires_grad=v.requires_grad))
            if v.requires_grad:
                made_requiring_grad.add(leaves[-1])
            return leaves[-1]
        if isinstance(v, Dtype):
            return lib.dtype(v.dtype)
        if isinstance(v, (list, tuple)) and not hasattr(v, "_fields"):
            return type(v)(convert(x) for x in v)
        return v

    args = convert(case.args)
    kwargs = {k: convert(v) for k, v in case.kwargs.items()}
    call = spec.torch_call if lib is TORCH and spec.torch_call is not None else spec.call
    outcome = Outcome()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # numpy's divide-by-zero, torch's deprecations
        try:
            result = call(lib, *args, **kwargs)
        except Exception as error:  # noqa: BLE001  (any exception counts as "raised")
            outcome.error = error
            return outcome
        flat = _flatten(result)
        outcome.outputs = [_record(v, lib) for v in flat]
        differentiable = [
            (i, v) for i, v in enumerate(flat)
            if lib.is_tensor(v) and v.requires_grad and dtype_of(v).kind == "f"
        ]
        try:
            for k, (i, v) in enumerate(differentiable):
                w = weights_for(tuple(v.shape), case.seed, i).astype(dtype_of(v))
                retain = k < len(differentiable) - 1
                v.backward(lib.tensor(w), retain_graph=retain)
        except Exception as error:  # noqa: BLE001
            outcome.backward_error = error
    for t in leaves:
        if t in made_requiring_grad:  # (in place, a tensor may start requiring grad later)
            g = t.grad
            outcome.grads.append(None if g is None else _record(g, lib))
    outcome.inputs_after = [numpy_of(t) for t in leaves]
    return outcome
