"""Buffers: the tensors of a module's state that are not learnt (BatchNorm's running
statistics), as PyTorch's `register_buffer`, `buffers()` and `named_buffers()`.

A buffer is reached as an attribute (`bn.running_mean`), assigning a Tensor (or None)
to its name replaces it, `state_dict()` and `load_state_dict()` include it (unless
registered with `persistent=False`), and `model.to(dtype)` converts it when it is
floating. Those parts live in module.py beside the same code for parameters; the
methods here are mixed into `Module`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..tensor import Tensor


class BufferMethods:
    """Mixed into Module (which creates `_buffers` and `_non_persistent`)."""

    _buffers: dict[str, Tensor | None]
    _non_persistent: set[str]
    _parameters: dict[str, Any]
    _modules: dict[str, Any]

    def register_buffer(self, name: str, tensor: Tensor | None, persistent: bool = True) -> None:
        """Register `tensor` as the buffer `name`: state that is not learnt (BatchNorm's
        running statistics). It is reached as `self.<name>`, converted by `to(dtype)` when
        floating, and saved by `state_dict()` unless `persistent=False`. None is allowed."""
        if not isinstance(name, str) or not name or "." in name:
            raise KeyError(f"register_buffer: the name must be a non-empty string without "
                           f"'.', got {name!r}")
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f"register_buffer({name!r}): expected a Tensor or None, got "
                            f"{type(tensor).__name__}")
        if name not in self._buffers and (name in self.__dict__ or name in self._parameters
                                          or name in self._modules):
            raise KeyError(f"register_buffer: attribute {name!r} already exists")
        self._buffers[name] = tensor
        (self._non_persistent.discard if persistent else self._non_persistent.add)(name)

    def named_buffers(self, prefix: str = "",
                      recurse: bool = True) -> Iterator[tuple[str, Tensor]]:
        """('bn.running_mean', Tensor) pairs for the buffers (not None), each once."""
        seen: set[int] = set()
        owners = self.named_modules(prefix) if recurse else iter([(prefix, self)])
        for owner, module in owners:
            for name, buffer in module._buffers.items():
                if buffer is not None and id(buffer) not in seen:
                    seen.add(id(buffer))
                    yield (f"{owner}.{name}" if owner else name), buffer

    def buffers(self, recurse: bool = True) -> Iterator[Tensor]:
        """The buffers of this module and (with `recurse`) its descendants."""
        for _, buffer in self.named_buffers(recurse=recurse):
            yield buffer
