"""Optimiser checkpoints: `opt.state_dict()` in PyTorch's layout, and the checks
`opt.load_state_dict()` runs before it changes anything.

    {"state": {0: {"step": 3, "exp_avg": Tensor, "exp_avg_sq": Tensor}, ...},
     "param_groups": [{"lr": 0.001, "betas": (0.9, 0.999), ..., "params": [0, 1]}]}

Parameters appear as their position, counted over all groups in order; a
loaded dict is matched to the optimiser's own parameters by those positions,
group by group. `mg.save` and `mg.load` keep the int keys, tuples and Python
numbers, so a training run resumes exactly where it stopped.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from ..tensor import Tensor

if TYPE_CHECKING:
    from .optimizer import Optimizer


def state_dict(opt: Optimizer) -> dict[str, Any]:
    """Settings and state with parameters replaced by positions, buffers by Tensor copies."""
    params = [p for g in opt.param_groups for p in g["params"]]
    index = {id(p): i for i, p in enumerate(params)}
    groups = [
        {**{k: copy.deepcopy(v) for k, v in g.items() if k != "params"},
         "params": [index[id(p)] for p in g["params"]]}
        for g in opt.param_groups
    ]
    state = {
        i: {k: _exported(v) for k, v in opt.state[p].items()}
        for i, p in enumerate(params)
        if opt.state.get(p)  # like PyTorch: no entry for a parameter without state
    }
    return {"state": state, "param_groups": groups}


def _exported(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return Tensor._make(value.copy())
    if isinstance(value, list):  # a list of buffers (L-BFGS's history)
        return [_exported(v) for v in value]
    return copy.deepcopy(value)


def checked(
    opt: Optimizer, saved: Any
) -> tuple[list[dict[str, Any]], dict[Tensor, dict[str, Any]]]:
    """The new settings of each group and the new state, or an error saying what is wrong."""
    name = f"{type(opt).__name__}.load_state_dict"
    if not isinstance(saved, Mapping) or not {"state", "param_groups"} <= set(saved):
        raise TypeError(
            f"{name}: expected a dict with 'state' and 'param_groups' (what "
            f"opt.state_dict() returns), got a {type(saved).__name__}"
        )
    groups, saved_state = saved["param_groups"], saved["state"]
    if not isinstance(groups, (list, tuple)) or not all(
        isinstance(g, Mapping) and isinstance(g.get("params"), (list, tuple)) for g in groups
    ):
        raise ValueError(f"{name}: 'param_groups' must be a list of dicts with a 'params' list")
    sizes = [len(g["params"]) for g in groups]
    mine = [len(g["params"]) for g in opt.param_groups]
    if sizes != mine:
        raise ValueError(
            f"{name}: the saved groups hold {sizes} parameters, this optimiser's {mine}; "
            "build the optimiser over the same parameters, in the same order"
        )
    # Saved position -> this optimiser's parameter, group by group (PyTorch's rule).
    params: dict[int, Tensor] = {}
    group_of: dict[int, int] = {}  # saved position -> its group's number
    for k, (group, own) in enumerate(zip(groups, opt.param_groups)):
        for i, p in zip(group["params"], own["params"]):
            if isinstance(i, bool) or not isinstance(i, int) or i in params:
                raise ValueError(
                    f"{name}: the saved 'params' must be distinct ints, got {i!r} in {sizes}"
                )
            params[i] = p
            group_of[i] = k
    settings = [_settings(opt, k, group, own, name)
                for k, (group, own) in enumerate(zip(groups, opt.param_groups))]
    if not isinstance(saved_state, Mapping):
        raise ValueError(f"{name}: 'state' must be a dict, got a {type(saved_state).__name__}")
    state = {}
    for i, entry in saved_state.items():
        if i not in params:
            raise ValueError(
                f"{name}: 'state' has an entry for parameter {i!r}, which is not in the "
                f"saved 'param_groups' (they hold {sorted(params)})"
            )
        k = group_of[i]
        keys = opt.state_keys({**opt.param_groups[k], **settings[k]})  # the loaded settings
        state[params[i]] = _param_state(keys, opt, entry, params[i], i, name)
    return settings, state


SCHEDULER_KEYS = {"initial_lr", "max_lr", "min_lr", "max_momentum", "base_momentum"}


def _settings(
    opt: Optimizer, k: int, group: Mapping[str, Any], own: dict[str, Any], name: str
) -> dict[str, Any]:
    """Group `k`'s saved settings, checked like the optimiser's own."""
    # (what lr schedulers keep in a group: "initial_lr" is the lr a schedule started from)
    unknown = sorted(set(group) - set(opt.defaults) - {"params"} - SCHEDULER_KEYS)
    if unknown:
        raise ValueError(
            f"{name}: saved group {k} has settings {unknown} that {type(opt).__name__} does "
            f"not have (it has {sorted(opt.defaults)}); was it saved from another optimiser?"
        )
    new = {key: copy.deepcopy(v) for key, v in group.items() if key != "params"}
    try:
        opt._check_settings({**own, **new})
    except (ValueError, TypeError) as error:
        raise ValueError(f"{name}: saved group {k}: {error}") from None
    return new


def _param_state(
    keys: tuple[str, ...] | None, opt: Optimizer, entry: Any, p: Tensor, i: int, name: str
) -> dict[str, Any]:
    """One parameter's saved state as the optimiser keeps it: numpy arrays, copied."""
    if not isinstance(entry, Mapping):
        raise ValueError(f"{name}: the state of parameter {i} is a {type(entry).__name__}, "
                         "not a dict")
    if entry and keys is not None and set(entry) != set(keys):
        raise ValueError(
            f"{name}: the state of parameter {i} holds {sorted(entry)}, but "
            f"{type(opt).__name__} keeps {sorted(keys)}; was it saved from another optimiser?"
        )
    return {key: _loaded(value, opt.state_shape(key, p), p, f"state '{key}' of parameter {i}",
                         name)
            for key, value in entry.items()}


def _loaded(value: Any, shape: tuple[int, ...] | None, p: Tensor, what: str, name: str) -> Any:
    """One saved value as the state keeps it: a number, or a copied array of `shape`."""
    if isinstance(value, list):  # a list of buffers (L-BFGS's history), each checked
        return [_loaded(v, shape, p, f"{what}[{j}]", name) for j, v in enumerate(value)]
    if not isinstance(value, (Tensor, np.ndarray)):
        return copy.deepcopy(value)  # a step count, ...
    array = value._data if isinstance(value, Tensor) else value
    if array.ndim == 0 and shape != ():  # a number saved as a tensor, as PyTorch does
        return array.item()
    if array.shape != shape:
        expected = "a number" if shape is None else f"shape {shape}"
        raise ValueError(f"{name}: {what} has shape {array.shape}, but {expected} was "
                         f"expected (the parameter has shape {p.shape})")
    # a copy, in the parameter's dtype if it is float (as PyTorch casts)
    dtype = p.dtype if array.dtype.kind == "f" else array.dtype
    return np.array(array, dtype=dtype, copy=True)
