"""`save` and `load`: tensors, arrays and state dicts as `.npz` files, never pickled.

    mg.save(model.state_dict(), "model.npz")
    model.load_state_dict(mg.load("model.npz"))

    mg.save({"model": model.state_dict(), "optim": opt.state_dict()}, "ckpt.npz")

A file is an ordinary zip of `.npy` arrays (numpy can read it too), one per
tensor, named by its dotted key ('fc.weight'; nested keys are joined with
'.'), plus `__minigrad__.npy`: a JSON text describing the structure (dicts,
lists, tuples, Python numbers and strings, tensors, arrays, requires_grad).

Why not pickle (what `torch.load` used): unpickling can run any code, so
opening a file someone sent you would trust them completely. `load` reads
only array headers, raw numbers and JSON, checks every size before it takes
memory (npzfile.py), and turns anything else (a truncated download, flipped
bytes, a forged header, an object array) into a `LoadError` that names the
file and the entry.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

import numpy as np

from .errors import LoadError
from .npzfile import MAX_BYTES, read_npz, write_npz
from .tensor import Tensor

__all__ = ["LoadError", "MAX_BYTES", "load", "save"]

PathLike = str | os.PathLike
_META = "__minigrad__"
_FORMAT = "minigrad-npz-2"  # 2 added lists, tuples, Python scalars and int dict keys
_READS = ("minigrad-npz-1", _FORMAT)
_MAX_DEPTH = 100  # nesting deeper than this is a dict that contains itself, or a forgery
_SCALARS = (bool, int, float, str, type(None))  # stored in the JSON as themselves


# ---- saving -------------------------------------------------------------------
def _describe(obj: Any, path: list[str], arrays: dict[str, np.ndarray]) -> Any:
    """The JSON description of `obj`, putting its arrays into `arrays` by dotted name."""
    where = ".".join(path) or "the object"
    if len(path) > _MAX_DEPTH:
        raise ValueError(
            f"save: {where} is nested more than {_MAX_DEPTH} levels deep; does a dict or "
            "list contain itself?"
        )
    if isinstance(obj, _SCALARS):
        return obj  # JSON keeps None, bools, ints, floats (even nan) and strings apart
    if isinstance(obj, Mapping):
        items = []
        for key, value in obj.items():
            if isinstance(key, bool) or not isinstance(key, (str, int)):
                raise TypeError(
                    f"save: dict keys must be strings or ints, got {key!r} "
                    f"({type(key).__name__}) in {where}; convert them, e.g. "
                    "{str(k): v for k, v in d.items()}"
                )
            items.append([key, _describe(value, path + [str(key)], arrays)])
        return {"kind": "dict", "items": items}
    if isinstance(obj, (list, tuple)):
        kind = "tuple" if isinstance(obj, tuple) else "list"
        values = [_describe(v, path + [str(i)], arrays) for i, v in enumerate(obj)]
        return {"kind": kind, "items": values}
    if isinstance(obj, Tensor):
        kind, array = ("parameter" if _is_parameter(obj) else "tensor"), obj._data
    elif isinstance(obj, np.ndarray):
        kind, array = "array", obj
    elif isinstance(obj, np.generic):
        kind, array = "scalar", np.asarray(obj)  # np.float32(0.5): a 0-d array in the file
    else:
        raise TypeError(
            f"save: cannot save a {type(obj).__name__} ({where}); save Tensors, ndarrays, "
            "Python numbers and strings, and dicts, lists or tuples of them (such as "
            "model.state_dict() or opt.state_dict())"
        )
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"save: {where} has dtype {array.dtype}; only bool, integer and float arrays can "
            "be saved (objects would need pickle)"
        )
    name = ".".join(path) if path else "tensor"
    if name in arrays or name == _META:
        raise ValueError(
            f"save: two entries would both be stored as {name!r} (nested keys are joined with "
            "'.'); rename one of them"
        )
    arrays[name] = array
    node = {"kind": kind, "name": name}
    if kind in ("tensor", "parameter"):
        node["requires_grad"] = obj.requires_grad
    return node


def _is_parameter(t: Tensor) -> bool:
    from .nn import Parameter

    return isinstance(t, Parameter)


def save(obj: Any, path: PathLike) -> None:
    """Write `obj` to `path` as `.npz`: Tensors, ndarrays, Python numbers, strings
    and None, in (nested) dicts, lists and tuples.

    That covers `model.state_dict()` and `opt.state_dict()` (whose keys are
    ints), or a checkpoint dict holding both. dtypes, shapes, dict order, the
    int or str type of keys and `requires_grad` are kept. The name is used as
    given (no '.npz' is added).

    The file is written under a unique temporary name in the same folder,
    flushed to the disk, and then renamed over `path` in one step: a crash
    never leaves half a file where a good one was, and a program loading
    `path` while others save to it sees a whole file. Through a symlink the
    file it points to is written; an existing file keeps its permission bits.
    """
    arrays: dict[str, np.ndarray] = {}
    tree = _describe(obj, [], arrays)
    meta = json.dumps({"format": _FORMAT, "root": tree})
    write_npz(os.fspath(path), [(_META, np.array(meta)), *arrays.items()])


# ---- loading ------------------------------------------------------------------
def _build(node: Any, arrays: dict[str, np.ndarray], used: set[str], fail: Any,
           depth: int = 0) -> Any:
    """Rebuild the object a JSON description stands for (checking every field)."""
    if depth > _MAX_DEPTH:
        raise fail(f"its structure description is nested more than {_MAX_DEPTH} levels deep")
    if isinstance(node, _SCALARS):
        return node
    if not isinstance(node, dict):
        raise fail("its structure description is malformed")
    kind = node.get("kind")
    items = node.get("items")
    if kind == "dict":
        if not isinstance(items, list) or not all(
            isinstance(it, list) and len(it) == 2 and _is_key(it[0]) for it in items
        ):
            raise fail("a dict in its structure description is malformed")
        if len({(type(k), k) for k, _ in items}) != len(items):
            raise fail("a dict in its structure description has the same key twice")
        return {key: _build(value, arrays, used, fail, depth + 1) for key, value in items}
    if kind in ("list", "tuple"):
        if not isinstance(items, list):
            raise fail(f"a {kind} in its structure description is malformed")
        values = [_build(value, arrays, used, fail, depth + 1) for value in items]
        return tuple(values) if kind == "tuple" else values
    name = node.get("name")
    if kind not in ("tensor", "parameter", "array", "scalar") or not isinstance(name, str):
        raise fail(f"its structure description has an unknown entry kind {kind!r}")
    if name not in arrays:
        raise fail(f"the array {name!r} it describes is missing")
    if name in used:  # two objects would share (and change) one array
        raise fail(f"its structure description uses the array {name!r} twice")
    used.add(name)
    array = arrays[name]
    if kind == "array":
        return array
    if kind == "scalar":
        if array.ndim != 0:
            raise fail(f"the scalar {name!r} has shape {array.shape}, not ()")
        return array[()]
    requires_grad = node.get("requires_grad") is True and array.dtype.kind == "f"
    if kind == "parameter":
        from .nn import Parameter

        return Parameter(array, requires_grad=requires_grad)
    return Tensor._make(array).requires_grad_(requires_grad)


def _is_key(key: Any) -> bool:
    return isinstance(key, str) or (isinstance(key, int) and not isinstance(key, bool))


def load(path: PathLike, *, max_bytes: int = MAX_BYTES) -> Any:
    """Read what `save` wrote.

    A plain `.npz` from `np.savez` loads as a dict of name -> ndarray. Nothing
    in the file is ever executed, and nothing in it is trusted: a damaged,
    truncated or forged file, an entry of object, string or complex dtype, or
    one compressed other than as numpy does, raises `LoadError` (a ValueError)
    naming the file and the entry.

    `max_bytes` (1 GiB by default) limits the unpacked size of the whole file,
    checked before anything is read: a small zip can declare gigabytes. Raise
    it to load a bigger file you trust; memory use stays close to the size of
    the arrays themselves.
    """
    path = os.fspath(path)
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 0:
        raise ValueError(f"load: max_bytes must be a whole number >= 0, got {max_bytes!r}")
    if not os.path.isfile(path):
        raise FileNotFoundError(f"load: no such file: {path!r}")

    def fail(problem: str) -> LoadError:
        return LoadError(f"load: cannot read {path!r}: {problem}")

    arrays = read_npz(path, max_bytes, fail, text_entry=_META)
    meta = arrays.pop(_META, None)
    if meta is None:
        return arrays
    if meta.dtype.kind != "U":
        raise fail(f"its entry '{_META}.npy' is not a text description")
    try:
        description = json.loads(str(meta[()]))
    except (ValueError, RecursionError):
        raise fail("its structure description is not valid JSON") from None
    if not isinstance(description, dict) or description.get("format") not in _READS:
        raise fail(f"it is not in the {_FORMAT} format")
    used: set[str] = set()
    obj = _build(description.get("root"), arrays, used, fail)
    unused = sorted(set(arrays) - used)
    if unused:
        raise fail(f"its entry '{unused[0]}.npy' is not part of its structure description")
    return obj
