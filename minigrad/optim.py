"""Optimisers: turn the gradients in `p.grad` into updates of the parameters.

    opt = optim.SGD(model.parameters(), lr=0.1)
    for x, y in loader:
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()

Each update follows the formula PyTorch documents, written with numpy on the
raw arrays and applied in place under `mg.no_grad()` (so `p._version` counts
the updates). Parameters whose `.grad` is None are skipped. Parameters can
also be given as groups with their own settings:
`SGD([{"params": a}, {"params": b, "lr": 0.01}], lr=0.1)`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from . import lr_scheduler, missing, optim_state
from .grad_mode import enable_grad, no_grad
from .tensor import Tensor


class Optimizer:
    """Base class: holds `param_groups` (dicts with 'params' and settings) and `state`.

    Subclasses implement `_update(p, grad, state, group)`, which returns the
    amount to subtract from the parameter's values, and name in `_state_keys`
    what a parameter's state holds (checked by `load_state_dict`).
    """

    _state_keys: tuple[str, ...] | None = None

    def __init__(self, params: Any, defaults: dict[str, Any]) -> None:
        self.defaults = dict(defaults)
        self.state: dict[Tensor, dict[str, Any]] = {}
        self.param_groups: list[dict[str, Any]] = []
        name = type(self).__name__
        if isinstance(params, Tensor) or hasattr(params, "parameters"):
            hint = "model.parameters()" if hasattr(params, "parameters") else "[tensor]"
            raise TypeError(
                f"{name}: params must be an iterable of Tensors (or of dicts), got a "
                f"{type(params).__name__}; pass {hint}"
            )
        try:
            items = list(params)
        except TypeError:
            raise TypeError(
                f"{name}: params must be an iterable of Tensors, got {type(params).__name__}"
            ) from None
        if not items:
            raise ValueError(
                f"{name} got an empty parameter list: nothing to optimise. Pass "
                "model.parameters() of a model that has parameters (and call it once: a "
                "generator that was already used up is empty too)"
            )
        groups = items if isinstance(items[0], dict) else [{"params": items}]
        for group in groups:
            self.add_param_group(group)

    def add_param_group(self, group: dict[str, Any]) -> None:
        """Add a group of parameters with its own settings (missing ones from the defaults)."""
        name = type(self).__name__
        if not isinstance(group, dict) or "params" not in group:
            raise TypeError(f"{name}: a parameter group must be a dict with a 'params' key")
        params = group["params"]
        params = [params] if isinstance(params, Tensor) else list(params)
        taken = {id(p) for g in self.param_groups for p in g["params"]}
        for i, p in enumerate(params):
            if not isinstance(p, Tensor):
                raise TypeError(
                    f"{name}: parameter {i} is a {type(p).__name__}, not a Tensor; give the "
                    "optimiser model.parameters() or a list of tensors that require grad"
                )
            if not p.requires_grad:
                raise ValueError(
                    f"{name}: parameter {i} (shape {p.shape}) does not require grad, so it "
                    "would never get a gradient; make it with requires_grad=True or wrap it "
                    "as nn.Parameter(...)"
                )
            if not p.is_leaf:
                raise ValueError(
                    f"{name}: parameter {i} is not a leaf (it was computed by {p.grad_fn.name}); "
                    "optimise the tensors you created, e.g. w = mg.randn(3, requires_grad=True)"
                )
            if id(p) in taken:
                raise ValueError(f"{name}: parameter {i} appears more than once")
            taken.add(id(p))
        if not params:
            raise ValueError(f"{name}: a parameter group has an empty 'params' list")
        unknown = set(group) - set(self.defaults) - {"params"}
        if unknown:
            raise TypeError(
                f"{name}: unknown setting(s) {sorted(unknown)} in a parameter group; "
                f"known: {sorted(self.defaults)}"
            )
        full = {**self.defaults, **group, "params": params}
        self._check_settings(full)
        self.param_groups.append(full)

    def _check_settings(self, group: dict[str, Any]) -> None:
        """Raise ValueError for out-of-range settings (each optimiser adds its own)."""
        if not group["lr"] >= 0:
            raise ValueError(f"{type(self).__name__}: invalid learning rate lr={group['lr']}")
        if not group.get("weight_decay", 0) >= 0:
            raise ValueError(
                f"{type(self).__name__}: invalid weight_decay={group['weight_decay']} (>= 0)"
            )

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Clear the gradients of all parameters (to None by default, else to zeros)."""
        for group in self.param_groups:
            for p in group["params"]:
                if set_to_none or p.grad is None:
                    p.grad = None
                else:
                    p.grad = Tensor._make(np.zeros_like(p.data))

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Update every parameter that has a gradient; returns closure() if one is given."""
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        with no_grad():
            for group in self.param_groups:
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    grad = p.grad.data
                    if group.get("maximize", False):
                        grad = -grad
                    state = self.state.setdefault(p, {})
                    p.sub_(self._update(p.data, grad, state, group))
        return loss

    def _update(
        self, p: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> np.ndarray:
        raise NotImplementedError(f"{type(self).__name__} does not define _update")

    # ---- checkpoints (optim_state.py) ----------------------------------------
    def state_dict(self) -> dict[str, Any]:
        """The settings and state in PyTorch's layout, ready for `mg.save`:

            {"state": {0: {"step": 3, "exp_avg": Tensor, ...}, ...},
             "param_groups": [{"lr": 0.001, "betas": (0.9, 0.999), ..., "params": [0, 1]}]}

        Parameters are replaced by their position (counted over all groups in
        order) and buffers by Tensor copies, so the result neither holds the
        parameters nor changes with later steps. Parameters without state
        (never stepped, or plain SGD) have no entry.
        """
        return optim_state.state_dict(self)

    def load_state_dict(self, state_dict: Mapping[str, Any]) -> None:
        """Restore what `state_dict()` returned (also after `mg.save` and `mg.load`).

        Step counts, buffers and every setting (lr, betas, ...) are restored
        exactly, so training resumes as if it had never stopped. The saved
        positions are matched to this optimiser's parameters in order, group
        by group: build it over the same parameters in the same order.
        Buffers are copied (the dict stays yours) and checked against their
        parameter's shape; everything is checked before anything changes.
        """
        settings, state = optim_state.checked(self, state_dict)
        for group, new in zip(self.param_groups, settings):
            group.update(new)
        self.state = state

    def __repr__(self) -> str:
        lines = [f"{type(self).__name__} ("]
        for i, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            lines += [f"    {k}: {v}" for k, v in sorted(group.items()) if k != "params"]
        return "\n".join(lines) + "\n)"


class SGD(Optimizer):
    """Stochastic gradient descent, with optional momentum, Nesterov and weight decay.

    For each parameter p with gradient g, at step t (PyTorch's formulation):

        g = g + weight_decay * p
        b = g                                   (t = 1)
        b = momentum * b + (1 - dampening) * g  (t > 1)
        g = g + momentum * b  if nesterov  else  b      (only when momentum != 0)
        p = p - lr * g
    """

    _state_keys = ("momentum_buffer",)

    def __init__(
        self,
        params: Iterable[Any],
        lr: float,
        momentum: float = 0.0,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
        maximize: bool = False,
    ) -> None:
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening,
                        weight_decay=weight_decay, nesterov=nesterov, maximize=maximize)
        super().__init__(params, defaults)

    def _check_settings(self, group: dict[str, Any]) -> None:
        super()._check_settings(group)
        if not group["momentum"] >= 0:
            raise ValueError(f"SGD: invalid momentum={group['momentum']} (>= 0)")
        if group["nesterov"] and (group["momentum"] <= 0 or group["dampening"] != 0):
            raise ValueError("SGD: Nesterov momentum needs momentum > 0 and dampening = 0")

    def _update(
        self, p: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> np.ndarray:
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * p
        momentum = group["momentum"]
        if momentum != 0:
            buf = state.get("momentum_buffer")
            if buf is None:  # np.array, not grad.copy(): for a 0-d parameter, grad may be a
                # numpy scalar (-g, g + wd * p), and `buf *= momentum` would then rebind the
                # name instead of changing the stored buffer
                buf = state["momentum_buffer"] = np.array(grad)
            else:
                buf *= momentum
                buf += (1 - group["dampening"]) * grad
            grad = grad + momentum * buf if group["nesterov"] else buf
        return group["lr"] * grad


class Adam(Optimizer):
    """Adam: steps scaled by running averages of the gradient and of its square.

    For each parameter p with gradient g, at step t (PyTorch's formulation):

        g = g + weight_decay * p
        m = beta1 * m + (1 - beta1) * g          (first moment, m0 = 0)
        v = beta2 * v + (1 - beta2) * g**2       (second moment, v0 = 0)
        m_hat = m / (1 - beta1**t),  v_hat = v / (1 - beta2**t)   (bias correction)
        p = p - lr * m_hat / (sqrt(v_hat) + eps)
    """

    _state_keys = ("step", "exp_avg", "exp_avg_sq")

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        maximize: bool = False,
    ) -> None:
        defaults = dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay,
                        maximize=maximize)
        super().__init__(params, defaults)

    def _check_settings(self, group: dict[str, Any]) -> None:
        super()._check_settings(group)
        betas = group["betas"]
        if len(betas) != 2 or not all(0 <= b < 1 for b in betas):
            raise ValueError(f"Adam: betas must be two numbers in [0, 1), got {betas}")
        if not group["eps"] >= 0:
            raise ValueError(f"Adam: invalid eps={group['eps']} (>= 0)")

    def _update(
        self, p: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> np.ndarray:
        beta1, beta2 = group["betas"]
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * p
        if not state:
            state["step"] = 0
            state["exp_avg"] = np.zeros_like(p)
            state["exp_avg_sq"] = np.zeros_like(p)
        state["step"] += 1
        t, m, v = state["step"], state["exp_avg"], state["exp_avg_sq"]
        m *= beta1
        m += (1 - beta1) * grad
        v *= beta2
        v += (1 - beta2) * grad * grad
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        return group["lr"] * m_hat / (np.sqrt(v_hat) + group["eps"])


# `minigrad.optim.lr_scheduler`, PyTorch's path: the schedules live in their own file
# (lr_scheduler.py); registering it under this name lets `import minigrad.optim.lr_scheduler`
# and `from minigrad.optim.lr_scheduler import StepLR` work although optim is one module.
sys.modules[__name__ + ".lr_scheduler"] = lr_scheduler
__getattr__ = missing.module_getattr(__name__)  # PyTorch names minigrad lacks: a clear error
