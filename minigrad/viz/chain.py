"""The chain rule at one step of the backward pass, written out: the op's local
derivative, its value, times the gradient arriving, equals what is sent on.

Each op states its part in its `chain` class attribute (see `Function.chain`),
in its docstring's notation: first the op itself ("z = x * y"), then one entry
per input, of one of two kinds:

* "dz/dx = y" (Mul): the local derivative. Its value is what the op's own
  backward returns for a gradient of ones: for an op that works element by
  element, or that gives one number (a sum, a loss), that is dz/dx at every
  element. Then dL/dx = g * dz/dx, element by element, where g = dL/dz arrives.
* "dL/dA = G @ B^T" (MatMul): what is sent, in terms of the gradient G arriving,
  for ops whose derivative is not one number per element.

Where an input was broadcast, the op's gradient comes back in the output's shape
and the engine sums it down to the input's shape (`engine.sum_to_shape`); the
text says over which axes. Role names (x, y, z, g, ...) that clash with the
user's own tensor names are replaced by letters that do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import shape_str
from ..function import Function
from ..grad_mode import no_grad
from . import labels
from .messages import say

_ENTRY = re.compile(r"^d(\w+)/d(\w+) = (.+)$")  # dz/dx = y, or dL/dA = G @ B^T
_WORD = re.compile(r"\b[A-Za-z]\w*\b")
_FIXED = {"e", "T", "L", "d"}  # Euler's e, a transpose, the loss: never a role
_LOWER, _UPPER = "uvstabchkmrfj", "UVSPQRMNHK"


@dataclass
class Entry:
    """One input's line of the chain rule, with the roles already renamed."""

    role: str  # the input's name in the formulas
    local: bool  # True: rhs is dz/dx, one number per element; False: rhs is dL/dx
    rhs: str


@dataclass
class Chain:
    """An op's chain rule with names that do not clash with the user's tensors."""

    formula: str  # the op itself: z = x * y
    out: str  # the output's name in the formulas
    grad: str  # the gradient arriving: g (or G for matrices)
    entries: list[Entry | None]  # per input; None: the op states nothing for it
    n: str = "n"  # the count in a formula's `/ n` (a mean's), renamed like the rest

    def derivative(self, k: int) -> str:
        e = self.entries[k]
        assert e is not None
        return f"d{self.out}/d{e.role}" if e.local else f"dL/d{e.role}"

    def summary(self) -> str:
        """Every entry on one line: `dz/dx = y, dz/dy = x`."""
        return ", ".join(f"{self.derivative(k)} = {e.rhs}"
                         for k, e in enumerate(self.entries) if e is not None)


def chain_of(fn: Function, bound: list[str | None], out_name: str | None,
             user_names: set[str]) -> Chain | None:
    """The op's `chain`, renamed where its roles clash with `user_names`.

    `bound` holds the user's name of each input (None if it has none) and
    `out_name` the output's: a role is no clash for the tensor it stands for.
    """
    spec = getattr(fn, "chain", ())
    if not spec or len(spec) != len(fn.inputs) + 1:
        return None
    formula = spec[0]
    out = formula.split("=", 1)[0].strip()
    parsed: list[tuple[str, bool, str] | None] = []
    for text in spec[1:]:
        match = _ENTRY.match(text) if text else None
        parsed.append(None if match is None else (match[2], match[1] != "L", match[3]))
    grad = "G" if out.isupper() else "g"
    owner = {out: out_name, grad: None}
    for k, p in enumerate(parsed):
        if p is not None:
            owner[p[0]] = bound[k]
    words = {w for text in spec if text for w in _WORD.findall(text)}
    rename: dict[str, str] = {}
    for word in sorted(words | {grad}):
        if word in _FIXED or word not in user_names:
            continue
        if word in owner and owner[word] == word:
            continue  # the role stands for the user's tensor of that very name
        if word not in owner and len(word) > 1:
            continue  # a function's name (log, sigmoid, onehot), not a variable
        taken = user_names | words | set(rename.values())
        pool = _UPPER if word.isupper() else _LOWER
        rename[word] = next((c for c in pool if c not in taken), word + "_")

    def sub(text: str) -> str:
        return _WORD.sub(lambda m: rename.get(m.group(), m.group()), text)

    entries = [None if p is None else Entry(rename.get(p[0], p[0]), p[1], sub(p[2]))
               for p in parsed]
    return Chain(sub(formula), rename.get(out, out), rename.get(grad, grad), entries,
                 rename.get("n", "n"))


def run_backward_of(fn: Function, g: np.ndarray) -> list[np.ndarray | None] | None:
    """What the op's own backward returns for the gradient g (before the engine fits
    it to the inputs' shapes), or None if it cannot run (its values were freed)."""
    try:
        with no_grad(), np.errstate(all="ignore"):
            out = fn.backward(g)
    except Exception:  # noqa: BLE001  (the step then shows what the engine sent only)
        return None
    out = out if isinstance(out, tuple) else (out,)
    return [None if v is None else np.asarray(v) for v in out]


def show(a: np.ndarray) -> str:
    """The values of a small array; shape and min, mean, max of a large one."""
    if a.dtype.kind == "f":
        a = a + 0.0  # -0 (0 times a negative number) is printed as 0
    if a.size <= labels.AUTO_LIMIT:
        return labels.values(a)
    return f"<{shape_str(a.shape)} {summary(a)}>"


def summary(a: np.ndarray) -> str:
    """`all 0.02` for an array of one value (a mean's 1/n), else min, mean and max."""
    first = a.flat[0] if a.size else None
    if first is not None and a.dtype.kind in "fiu" and (a == first).all():
        return f"all {labels.number(first.item())}"
    return labels.summary(a)


def spread_to(g: np.ndarray, shape: tuple[int, ...], fn: Function) -> np.ndarray | None:
    """g laid out so that it multiplies an array of `shape` element by element.

    A reduction without keepdims lost the reduced axes; they come back as size 1.
    None when g and the shape do not line up (then no product is written).
    """
    params = fn.params
    if "axis" in params and not params.get("keepdims", True) and 0 < g.ndim < len(shape):
        axis = params["axis"]
        axis = tuple(range(len(shape))) if axis is None else axis
        if isinstance(axis, tuple) and g.ndim + len(axis) == len(shape):
            g = np.expand_dims(g, axis)
    try:
        if np.broadcast_shapes(g.shape, shape) == shape:
            return g
    except ValueError:
        pass
    return None


def summed_axes(raw: tuple[int, ...], shape: tuple[int, ...]) -> tuple[int, ...]:
    """The axes sum_to_shape adds up to bring a gradient of shape `raw` to `shape`."""
    lead = len(raw) - len(shape)
    return (*range(lead), *(lead + i for i, n in enumerate(shape) if n == 1 and raw[lead + i] != 1))


def count_n(fn: Function, x_shape: tuple[int, ...], z_shape: tuple[int, ...]) -> str | None:
    """The n of a formula's `/ n`: the losses keep 1/n (`scale`) for their 'mean'."""
    reduction = fn.params.get("reduction")
    if reduction is not None:
        scale = getattr(fn, "scale", None)
        if reduction == "mean" and scale is not None:
            return f"{labels.number(float(1 / np.asarray(scale)))} (reduction='mean')"
        return f"1 (reduction={reduction!r})"
    x_size, z_size = int(np.prod(x_shape)), int(np.prod(z_shape))
    return labels.number(x_size // z_size) if z_size else None


def input_lines(chain: Chain, k: int, fn: Function, g: np.ndarray, shapes: Any,
                sent: np.ndarray, raw: Any, local: Any, values: dict[str, np.ndarray],
                name: str, lang: str = "en") -> list[str]:
    """The chain rule for input k: formula, value, times g, any broadcast sum, what is sent.

    `shapes` is (input k's shape, the output's shape); `raw` and `local` are what
    the op's backward returns for g and for ones (None if it could not run).
    """
    x_shape, z_shape = shapes
    e = chain.entries[k]
    assert e is not None
    dx = chain.derivative(k)
    raw_k = raw[k] if raw is not None and k < len(raw) else None
    broadcast = raw_k is not None and raw_k.shape != x_shape
    result = raw_k if broadcast else sent  # before the engine's sum, if there is one
    if e.local:
        head = say(lang, "to_input", name=name,
                   rule=f"dL/d{e.role} = {chain.grad} * {dx},  {dx} = {e.rhs}")
        if chain.n in _WORD.findall(e.rhs):
            n = count_n(fn, x_shape, z_shape)
            head += f",  {chain.n} = {n}" if n else ""
        lines = [head]
        local_k = local[k] if local is not None and k < len(local) else None
        spread = None if local_k is None else spread_to(g, local_k.shape, fn)
        if local_k is not None and spread is not None:
            lines.append(f"      = {show(spread)} * {show(local_k)} = {show(result)}")
        else:
            lines.append(f"      = {show(result)}")
    else:
        lines = [say(lang, "to_input", name=name, rule=f"dL/d{e.role} = {e.rhs}")]
        shown = [w for w in dict.fromkeys(_WORD.findall(e.rhs)) if w in values and w != e.role]
        if shown:
            shown_values = ", ".join(f"{w} = {show(values[w])}" for w in shown)
            lines.append(say(lang, "with_values", values=shown_values))
        lines.append(f"      = {show(result)}")
    if broadcast:
        axes = summed_axes(raw_k.shape, x_shape)
        lines.append(say(
            lang, "summed_axis" if len(axes) == 1 else "summed_axes",
            axes=", ".join(map(str, axes)), role=e.role, shape=shape_str(x_shape),
            wide=shape_str(raw_k.shape), sent=show(sent)))
    return lines
