"""Devices, PyTorch's way of saying where a tensor lives. minigrad has one: the CPU.

`mg.device("cpu")`, `x.to("cpu")`, `x.cpu()` and `device=` arguments are
accepted so that PyTorch code runs unchanged; asking for a GPU ("cuda", "mps")
gives one clear error instead of a confusing one later.
"""

from __future__ import annotations

from typing import Any


class device:  # noqa: N801  (PyTorch's name)
    """Where a tensor lives: `mg.device("cpu")` (also `"cpu:0"`), the only one there is.

    As in PyTorch, `str(d)` is "cpu" and a device equals another device of the
    same type (not the string "cpu": compare `str(x.device) == "cpu"`).
    """

    __slots__ = ("type", "index")

    def __init__(self, type: Any, index: int | None = None) -> None:  # noqa: A002
        if isinstance(type, device):
            type, index = type.type, type.index
        name = check_device(type, "mg.device")
        self.type = "cpu"
        self.index = index if index is not None else (0 if name == "cpu:0" else None)

    def __repr__(self) -> str:
        index = "" if self.index is None else f", index={self.index}"
        return f"device(type='cpu'{index})"

    def __str__(self) -> str:
        return "cpu" if self.index is None else f"cpu:{self.index}"

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self) -> int:
        return hash((self.type, self.index))


def check_device(where_to: Any, op: str) -> str:
    """The device named by `where_to` (a string, a `device`, or None) as a string; only
    the CPU exists, and a GPU gets an error saying so, naming `op`."""
    if where_to is None:
        return "cpu"
    if isinstance(where_to, device):
        return str(where_to)
    if not isinstance(where_to, str):
        raise TypeError(f"{op}: a device is a string like 'cpu' or an mg.device, got "
                        f"{type(where_to).__name__}")
    name = where_to.strip().lower()
    if name in ("cpu", "cpu:0"):
        return name
    if name.split(":")[0] in ("cuda", "mps", "xpu", "gpu"):
        raise RuntimeError(
            f"{op}: device {where_to!r} asked for, but minigrad runs on the CPU only (it computes "
            "with numpy); use 'cpu', or choose the device the PyTorch way: "
            "device = 'cuda' if mg.cuda.is_available() else 'cpu'"
        )
    raise RuntimeError(f"{op}: unknown device {where_to!r}; minigrad has one device, 'cpu'")


def to_arguments(args: tuple[Any, ...], dtype: Any, where_to: Any, op: str) -> Any:
    """The dtype asked for by PyTorch's `.to(...)` arguments (None: keep it), after checking
    the device: .to(dtype), .to("cpu"), .to(device, dtype), .to(tensor), dtype=, device=."""
    if len(args) > 2:
        raise TypeError(f"{op}: takes a device and/or a dtype, got {len(args)} arguments")
    for arg in args:
        if isinstance(arg, (str, device)):
            where_to = arg
        elif hasattr(arg, "_data"):  # a tensor: its dtype (and its device, the CPU)
            dtype = arg._data.dtype
        else:
            dtype = arg
    check_device(where_to, op)
    return dtype

CPU = device("cpu")  # every tensor's .device
