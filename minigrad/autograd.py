"""`minigrad.autograd`: the names PyTorch code reaches as `torch.autograd.*`.

`torch.autograd.grad`, `backward`, `gradcheck`, `no_grad`, ... are minigrad's
own functions under PyTorch's names. The one new thing is `Function`, for the
custom ops of PyTorch's tutorials, written with a context object:

    class Cube(mg.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 3

        @staticmethod
        def backward(ctx, grad_output):
            (x,) = ctx.saved_tensors
            return grad_output * 3 * x ** 2

    y = Cube.apply(x)

minigrad's own ops are written the other way (`minigrad.function.Function`:
forward and backward as methods on arrays); this module turns a PyTorch-style
class into one such op, `Custom`, so the engine, the pictures and
`mg.gradcheck` treat it like any other.
"""

from __future__ import annotations

from typing import Any

from .anomaly import detect_anomaly
from .function import Function as _Op
from .grad_mode import enable_grad, no_grad, set_grad_enabled
from .gradcheck import gradcheck, gradgradcheck
from .gradients import backward, grad
from .tensor import Tensor


class FunctionCtx:
    """The `ctx` a PyTorch-style forward and backward share."""

    def __init__(self, needs_input_grad: tuple[bool, ...]) -> None:
        self.needs_input_grad = needs_input_grad
        self._saved: tuple[Any, ...] = ()
        self._recorded: dict[int, Tensor] = {}  # see Custom.backward

    def save_for_backward(self, *tensors: Any) -> None:
        """Keep tensors (or None) for backward, where they are `ctx.saved_tensors`."""
        self._saved = tensors

    @property
    def saved_tensors(self) -> tuple[Any, ...]:
        # While backward is itself recorded (create_graph), a saved input is the input
        # tensor itself, so that the gradient's graph reaches it (second derivatives).
        return tuple(self._recorded.get(id(t), t) for t in self._saved)

    def mark_non_differentiable(self, *tensors: Any) -> None:
        """Accepted for PyTorch's sake: an output that is an index gets no gradient anyway."""


class Function:
    """Base class of a custom op written as PyTorch writes one: static `forward(ctx, *args)`
    and `backward(ctx, *grad_outputs)`, used through `MyOp.apply(*args)`.

    forward receives the Tensors passed to apply (detached: what it computes is not
    recorded) and the other arguments as they were; it returns one Tensor. backward
    receives dL/d(output) and returns one gradient (or None) per argument of forward.
    """

    @staticmethod
    def forward(ctx: FunctionCtx, *args: Any) -> Any:
        raise NotImplementedError("a subclass of autograd.Function writes forward(ctx, ...)")

    @staticmethod
    def backward(ctx: FunctionCtx, *grad_outputs: Any) -> Any:
        raise NotImplementedError("a subclass of autograd.Function writes backward(ctx, ...)")

    @classmethod
    def apply(cls, *args: Any) -> Tensor:
        tensors = [a for a in args if isinstance(a, Tensor)]
        if not tensors:
            raise TypeError(f"{cls.__name__}.apply: pass at least one Tensor")
        where = [i for i, a in enumerate(args) if isinstance(a, Tensor)]
        return Custom.apply(*tensors, user=cls, args=args, where=tuple(where))


class Custom(_Op):
    """The minigrad op behind a PyTorch-style autograd.Function (its `params["user"]`)."""

    @property
    def name(self) -> str:
        return self.params["user"].__name__

    def forward(self, *arrays: Any, user: type, args: tuple[Any, ...],
                where: tuple[int, ...]) -> Any:
        full = list(args)
        for i, array in zip(where, arrays):
            full[i] = Tensor._make(array)  # a detached Tensor on the same values
        needs = tuple(isinstance(a, Tensor) and a.requires_grad for a in args)
        self.saved = ctx = FunctionCtx(needs)
        self.detached = [full[i] for i in where]
        with no_grad():
            out = user.forward(ctx, *full)
        if not isinstance(out, Tensor):
            raise TypeError(f"{user.__name__}.forward must return one Tensor, got "
                            f"{type(out).__name__} (minigrad's autograd.Function has one output)")
        return out._data

    def release(self) -> None:
        super().release()
        self.detached = None  # the inputs' values: freed with the rest of what was saved

    def backward(self, g: Any) -> tuple[Any, ...]:
        user, where = self.params["user"], self.params["where"]
        recording = isinstance(g, Tensor)  # create_graph: backward's own ops are recorded
        ctx = self.saved
        if recording:
            ctx._recorded = {id(d): t for d, t in zip(self.detached, self.saved_inputs())}
        try:
            grads = user.backward(ctx, g if recording else Tensor._make(g))
        finally:
            ctx._recorded = {}
        if not isinstance(grads, tuple):
            grads = (grads,)
        if len(grads) != len(self.params["args"]):
            raise TypeError(f"{user.__name__}.backward returned {len(grads)} gradient(s); it "
                            f"must return one per argument of forward "
                            f"({len(self.params['args'])}), None where there is none")
        picked = [grads[i] for i in where]
        if recording:
            return tuple(picked)
        return tuple(None if gi is None else (gi._data if isinstance(gi, Tensor) else gi)
                     for gi in picked)


__all__ = ["Function", "FunctionCtx", "backward", "detect_anomaly", "enable_grad",
           "grad", "gradcheck", "gradgradcheck", "no_grad", "set_grad_enabled"]
