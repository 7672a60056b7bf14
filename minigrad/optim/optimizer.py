"""`Optimizer`, the base class of every optimiser: parameter groups, `step`, `zero_grad`
and checkpoints (`state_dict`, in state.py).

A subclass writes one method, `_update`, straight from its update formula:
given a parameter's values, its gradient, its state and its group's settings,
it returns the amount to subtract from the parameter (or, with
`_returns_new_value`, the parameter's new values, where the formula changes
the parameter in several steps). The base class applies it in place under
`mg.no_grad()` (so `p._version` counts the updates) and skips parameters
whose `.grad` is None.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from ..grad_mode import enable_grad, no_grad
from ..tensor import Tensor
from . import state as optim_state


class Optimizer:
    """Base class: holds `param_groups` (dicts with 'params' and settings) and `state`.

    Subclasses implement `_update(p, grad, state, group)`, which returns the
    amount to subtract from the parameter's values, and name in `_state_keys`
    what a parameter's state holds (checked by `load_state_dict`; `state_keys`
    when it depends on the settings).
    """

    _state_keys: tuple[str, ...] | None = None
    _returns_new_value = False  # True: _update returns p's new values, not the amount

    def state_keys(self, group: Mapping[str, Any]) -> tuple[str, ...] | None:
        """What the state of a parameter in `group` holds (None: not checked)."""
        return self._state_keys

    def state_shape(self, key: str, p: Tensor) -> tuple[int, ...] | None:
        """The shape of the array `key` in p's state (None: a number, not an array)."""
        return p.shape

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
                    p.grad = Tensor._make(np.zeros_like(p._data))

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
                    grad = p.grad._data
                    if group.get("maximize", False):
                        grad = -grad
                    state = self.state.setdefault(p, {})
                    update = self._update(p._data, grad, state, group)
                    if self._returns_new_value:
                        p.copy_(update)
                    else:
                        p.sub_(update)
        return loss

    def _update(
        self, p: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> np.ndarray:
        raise NotImplementedError(f"{type(self).__name__} does not define _update")

    @staticmethod
    def _lerp_(start: np.ndarray, end: np.ndarray, weight: float) -> None:
        """start += weight * (end - start), in place, as torch.lerp_ computes it."""
        if abs(weight) < 0.5:
            start += weight * (end - start)
        else:
            start[...] = end - (end - start) * (1 - start.dtype.type(weight))

    # ---- checkpoints (state.py) ----------------------------------------------
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


def check_betas_eps(name: str, group: Mapping[str, Any]) -> None:
    """The checks Adam-like optimisers share: two betas in [0, 1) and eps >= 0."""
    betas = group["betas"]
    if len(betas) != 2:
        raise ValueError(f"{name}: betas must be two numbers in [0, 1), got {betas}")
    for i, b in enumerate(betas):
        if not 0 <= b < 1:
            raise ValueError(f"{name}: invalid beta parameter at index {i}: {b} (betas must "
                             f"be two numbers in [0, 1), got {betas})")
    if not group["eps"] >= 0:
        raise ValueError(f"{name}: invalid eps={group['eps']} (>= 0)")
