"""`save` and `load`: tensors, arrays and state dicts as `.npz` files, never pickled.

    mg.save(model.state_dict(), "model.npz")
    model.load_state_dict(mg.load("model.npz"))

A file is an ordinary zip of `.npy` arrays (numpy can read it too), one per
tensor, named by its dotted key ('fc.weight'; nested dict keys are joined with
'.'), plus `__minigrad__.npy`: a JSON text describing the structure (dicts,
tensors, arrays, requires_grad).

Why not pickle (what `torch.load` used): unpickling can run any code, so
opening a file someone sent you would trust them completely. `load` reads
only array headers, raw numbers and JSON, checks that every size fits, and
turns anything else (a truncated download, flipped bytes, an object array)
into a `LoadError` that names the file.
"""

from __future__ import annotations

import json
import math
import os
import zipfile
from collections.abc import Mapping
from typing import Any

import numpy as np

from .tensor import Tensor

PathLike = str | os.PathLike
_META = "__minigrad__"
_FORMAT = "minigrad-npz-1"


class LoadError(ValueError):
    """A file `mg.load` cannot read safely (corrupted, truncated, not minigrad's, ...)."""


# ---- saving -------------------------------------------------------------------
def _describe(obj: Any, path: list[str], arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    """The JSON description of `obj`, putting its arrays into `arrays` by dotted name."""
    where = ".".join(path) or "the object"
    if isinstance(obj, Mapping):
        items = []
        for key, value in obj.items():
            if not isinstance(key, str):
                raise TypeError(
                    f"save: dict keys must be strings, got {key!r} ({type(key).__name__}) in "
                    f"{where}; convert them, e.g. {{str(k): v for k, v in d.items()}}"
                )
            items.append([key, _describe(value, path + [key], arrays)])
        return {"kind": "dict", "items": items}
    if isinstance(obj, Tensor):
        kind, array = ("parameter" if _is_parameter(obj) else "tensor"), obj.data
    elif isinstance(obj, np.ndarray):
        kind, array = "array", obj
    else:
        raise TypeError(
            f"save: cannot save a {type(obj).__name__} ({where}); save a Tensor, an ndarray, "
            "or a dict of them (such as model.state_dict())"
        )
    if array.dtype.kind not in "biufc":
        raise TypeError(
            f"save: {where} has dtype {array.dtype}; only numbers and bools can be saved "
            "(objects would need pickle)"
        )
    name = ".".join(path) if path else "tensor"
    if name in arrays or name == _META:
        raise ValueError(
            f"save: two entries would both be stored as {name!r} (nested keys are joined with "
            "'.'); rename one of them"
        )
    arrays[name] = array
    return {"kind": kind, "name": name, "requires_grad": kind != "array" and obj.requires_grad}


def _is_parameter(t: Tensor) -> bool:
    from .nn import Parameter

    return isinstance(t, Parameter)


def save(obj: Any, path: PathLike) -> None:
    """Write a Tensor, an ndarray, or a (nested) dict of them to `path` as `.npz`.

    dtypes, shapes, dict order and `requires_grad` are kept. The file is
    written under a temporary name first, so a crash never leaves half a file
    where a good one was. The name is used as given (no '.npz' is added).
    """
    arrays: dict[str, np.ndarray] = {}
    tree = _describe(obj, [], arrays)
    meta = json.dumps({"format": _FORMAT, "root": tree})
    path = os.fspath(path)
    folder = os.path.dirname(path) or "."
    if not os.path.isdir(folder):
        raise FileNotFoundError(f"save: the folder {folder!r} for {path!r} does not exist")
    tmp = f"{path}.tmp-{os.getpid()}"
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as zf:
            for name, array in [(_META, np.array(meta)), *arrays.items()]:
                with zf.open(name + ".npy", "w", force_zip64=True) as f:
                    np.lib.format.write_array(f, array, allow_pickle=False)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


# ---- loading ------------------------------------------------------------------
def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, fail: Any) -> np.ndarray:
    """One `.npy` member, after checking its header against the member's real size."""
    with zf.open(info) as f:
        version = np.lib.format.read_magic(f)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
        elif version == (2, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(f)
        else:
            raise fail(f"{info.filename} uses .npy format version {version}, not 1.0 or 2.0")
        if dtype.hasobject:
            raise fail(f"{info.filename} holds Python objects, which would need unpickling")
        nbytes = math.prod(shape) * dtype.itemsize
        if info.file_size - f.tell() != nbytes:
            raise fail(
                f"{info.filename} declares {nbytes} bytes of data but holds "
                f"{info.file_size - f.tell()}"
            )
        data = f.read(nbytes)  # reading to the end also checks the CRC
    array = np.frombuffer(data, dtype=dtype).reshape(shape, order="F" if fortran else "C")
    return array.copy()


def _build(node: Any, arrays: dict[str, np.ndarray], fail: Any) -> Any:
    """Rebuild the object a JSON description stands for (checking every field)."""
    if not isinstance(node, dict):
        raise fail("its structure description is malformed")
    kind = node.get("kind")
    if kind == "dict":
        items = node.get("items")
        if not isinstance(items, list) or not all(
            isinstance(it, list) and len(it) == 2 and isinstance(it[0], str) for it in items
        ):
            raise fail("a dict in its structure description is malformed")
        return {key: _build(value, arrays, fail) for key, value in items}
    name = node.get("name")
    if kind not in ("tensor", "parameter", "array") or not isinstance(name, str):
        raise fail(f"its structure description has an unknown entry kind {kind!r}")
    if name not in arrays:
        raise fail(f"the array {name!r} it describes is missing")
    array = arrays[name]
    if kind == "array":
        return array
    requires_grad = node.get("requires_grad") is True and array.dtype.kind == "f"
    if kind == "parameter":
        from .nn import Parameter

        return Parameter(array, requires_grad=requires_grad)
    return Tensor._make(array).requires_grad_(requires_grad)


def load(path: PathLike) -> Any:
    """Read what `save` wrote: a Tensor, an ndarray, or a (nested) dict of them.

    A plain `.npz` from `np.savez` loads as a dict of name -> ndarray. Nothing
    in the file is ever executed: object arrays are refused, and a damaged
    file raises `LoadError` (a ValueError) naming the file and the problem.
    """
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"load: no such file: {path!r}")

    def fail(problem: str) -> LoadError:
        return LoadError(f"load: cannot read {path!r}: {problem}")

    try:
        with zipfile.ZipFile(path) as zf:
            arrays = {}
            for info in zf.infolist():
                if not info.filename.endswith(".npy"):
                    raise fail(f"it contains {info.filename!r}, which is not a .npy array")
                arrays[info.filename[: -len(".npy")]] = _read_member(zf, info, fail)
    except LoadError:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, KeyError, TypeError) as error:
        # A truncated or corrupted file fails in zipfile or numpy's header parser.
        raise fail(f"it is not a valid .npz file or it is damaged ({error})") from None
    meta = arrays.pop(_META, None)
    if meta is None:
        return arrays
    try:
        description = json.loads(str(meta[()]))
    except (ValueError, TypeError, IndexError, RecursionError):
        raise fail("its structure description is not valid JSON") from None
    if not isinstance(description, dict) or description.get("format") != _FORMAT:
        raise fail(f"it is not in the {_FORMAT} format")
    return _build(description.get("root"), arrays, fail)
