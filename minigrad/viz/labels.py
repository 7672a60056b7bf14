"""The text inside the nodes: values, gradients, shapes and op arguments.

Small tensors show their values; large ones a summary (min, mean, max), so
a label never grows with the tensor. Everything here is plain text; the DOT
and Mermaid writers do their own escaping.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

from ..errors import shape_str
from ..freed import FreedTensor
from ..function import Function
from ..tensor import Tensor
from .messages import say

# show_data='auto' prints values up to this many elements; show_data=True up to FULL.
AUTO_LIMIT = 10
FULL_LIMIT = 100
LINE_WIDTH = 40  # characters of values on one label line: longer ones wrap between items
MAX_NAME = 100  # a longer name is shortened (Graphviz refuses strings over 16,384 chars)
# What no output can carry as it is: control characters (NUL ends a C string in
# Graphviz, a newline ends a Mermaid statement), Unicode's line separators, and
# lone surrogates (not encodable as UTF-8, so no file can hold them).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def printable(text: Any, limit: int = MAX_NAME) -> str:
    """User text (a tensor's name) made safe for every output: DOT, Mermaid, HTML, a terminal.

    Characters no output can carry are shown as Python writes them in a
    string (a newline as \\n, NUL as \\x00), and a name longer than `limit`
    is cut, saying how long it was. Each writer still does its own quoting.
    """
    text = text if type(text) is str else str(text)
    if len(text) > limit:
        text = f"{text[:limit]}… ({len(text):,} characters)"
    if _UNPRINTABLE.search(text) is None:  # the usual case
        return text
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


def number(value: Any) -> str:
    """A number in at most 4 significant digits: 0.1, 1e-08, 3, True."""
    if type(value) is float:  # the common case first: values come from .tolist()
        return f"{value:.4g}"
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.4g}"
    return str(value)


def values(array: np.ndarray) -> str:
    """All the values, nested like numpy prints them: [[1, 2], [3, 4]]."""
    if array.ndim == 0:
        return number(array.item())

    def nested(items: Any) -> str:  # depth is the number of axes, so recursion is fine
        if isinstance(items, list):
            return "[" + ", ".join(nested(v) for v in items) + "]"
        return number(items)

    return nested(array.tolist())


def wrap(array: np.ndarray, text: str) -> list[str]:
    """`text` (values(array)) as lines of about LINE_WIDTH characters, broken between
    the outermost items, one matrix row or a few numbers per line, as numpy does: a
    picture stays narrow enough to read at page width."""
    if len(text) <= LINE_WIDTH or array.ndim == 0:
        return [text]
    items = [values(row) for row in array]
    lines, line = [], "["
    for i, item in enumerate(items):
        item += "]" if i == len(items) - 1 else ","
        if line != "[" and len(line) + len(item) >= LINE_WIDTH:
            lines.append(line)
            line = " " + item
        else:
            line += item if line == "[" else " " + item
    lines.append(line)
    return lines


def summary(array: np.ndarray) -> str:
    """min, mean and max (and how many NaN) for arrays too big to print."""
    if array.size == 0:
        return "empty"
    if array.dtype == np.bool_:
        return f"{int(array.sum()):,} of {array.size:,} true"
    with np.errstate(all="ignore"):
        finite = array[~np.isnan(array)] if array.dtype.kind == "f" else array
        nans = array.size - finite.size
        if finite.size == 0:
            return f"all {array.size:,} NaN"
        text = (
            f"min {number(finite.min())}, mean {number(finite.mean(dtype=np.float64))}, "
            f"max {number(finite.max())}"
        )
    return text + (f", {nans:,} NaN" if nans else "")


def data_text(array: np.ndarray, show_data: bool | str) -> str | None:
    """The values or their summary, as `show_data` asks (None: show nothing)."""
    if show_data is False:
        return None
    limit = AUTO_LIMIT if show_data == "auto" else FULL_LIMIT
    return values(array) if array.size <= limit else summary(array)


def data_lines(prefix: str, array: np.ndarray, show_data: bool | str) -> list[str]:
    """`prefix` and data_text(array) as label lines, long values wrapped (see wrap)."""
    text = data_text(array, show_data)
    if text is None:
        return []
    limit = AUTO_LIMIT if show_data == "auto" else FULL_LIMIT
    lines = wrap(array, text) if array.size <= limit else [text]
    lines[0] = f"{prefix}{lines[0]}"
    return lines


_shape_lines: dict[tuple[tuple[int, ...], np.dtype], str] = {}


def shape_line(t: Tensor) -> str:
    """`(3, 4) float32` (cached: printing a numpy dtype is slow, and big graphs repeat them)."""
    key = (t.shape, t.dtype)
    text = _shape_lines.get(key)
    if text is None:
        if len(_shape_lines) > 10_000:
            _shape_lines.clear()
        text = _shape_lines[key] = f"{shape_str(t.shape)} {t.dtype}"
    return text


def tensor_lines(t: Tensor, name: str | None, show_data: bool | str, show_grad: bool,
                 lang: str = "en") -> list[str]:
    """The label of a tensor node in the forward picture (`lang`: see messages.py)."""
    lines = [name] if name else []
    lines.append(shape_line(t))
    if type(t) is FreedTensor:  # stands for a tensor that is gone (see minigrad.freed)
        if show_data is not False:
            lines.append(say(lang, "data_freed"))
        return lines
    lines += data_lines("data ", t._data, show_data)
    if show_grad and t.requires_grad and (t.grad_fn is None or t.retains_grad):
        if t.grad is None:
            lines.append("grad: not computed yet")
        else:
            lines += data_lines("grad ", t.grad._data, show_data or "auto")
    return lines


def argument(value: Any) -> str:
    """An op argument as text: tuples, dtypes, index expressions, small arrays."""
    if isinstance(value, np.ndarray):
        if value.size <= AUTO_LIMIT:
            return values(value)
        return f"array{shape_str(value.shape)} {value.dtype}"
    if isinstance(value, slice):
        parts = ["" if p is None else number(p) for p in (value.start, value.stop, value.step)]
        return ":".join(parts[:2]) + (f":{parts[2]}" if value.step is not None else "")
    if value is Ellipsis:
        return "..."
    if isinstance(value, tuple):
        inner = ", ".join(argument(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, np.dtype):
        return str(value)
    if isinstance(value, (bool, int, float, np.number, np.bool_)):
        return number(value)
    return printable(value, limit=FULL_LIMIT)


def op_lines(fn: Function, show_saved: bool, show_data: bool | str) -> list[str]:
    """The label of an op node: its name, then the parameters it was applied with
    (`fn.params`, nothing else), one `axis=(0,)` per line."""
    lines = [fn.name]
    for key, value in fn.params.items():
        if key == "index":  # GetItem and IndexAdd: written the way the user typed it
            parts = value if isinstance(value, tuple) else (value,)
            lines.append("[" + ", ".join(argument(p) for p in parts) + "]")
        else:
            lines.append(f"{key}={argument(value)}")
    if show_saved:
        lines.append(saved_text(fn, show_data))
    return lines


def saved_text(fn: Function, show_data: bool | str) -> str:
    """What the op keeps for backward beyond its inputs (or that it was freed)."""
    if fn.freed:
        return "saved: freed by backward()"
    saved = fn.saved
    if saved is None:
        return "saved: inputs only"
    if isinstance(saved, np.ndarray):
        return f"saved {shape_str(saved.shape)} {saved.dtype}: {data_text(saved, show_data)}"
    return f"saved: {type(saved).__name__}"


def derivative_text(fn: Function) -> str:
    """The first line of the op's docstring, which states its local derivative."""
    doc = type(fn).__doc__ or ""
    first = doc.strip().splitlines()[0].strip() if doc.strip() else ""
    return first or f"{fn.name} (no derivative written in its docstring)"


def magnitude(array: np.ndarray) -> float:
    """The root mean square of a gradient: one number for how big it is."""
    if array.size == 0:
        return 0.0
    flat = array.ravel()
    if flat.dtype != np.float64:
        flat = flat.astype(np.float64)
    with np.errstate(all="ignore"):
        return math.sqrt(float(np.vdot(flat, flat)) / flat.size)  # vdot: fast for tiny arrays
