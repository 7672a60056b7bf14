"""Containers: `ModuleList` and `ModuleDict`, a list and a dict of child modules, and
`ParameterList`, a list of parameters.

    self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])
    for layer in self.layers:
        x = layer(x).relu()

A plain Python list of layers would hide them from `parameters()`,
`state_dict()`, `train()`/`eval()` and `to()`; these containers register
each entry as a child module, named by its position ('layers.0.weight') or
its key ('heads.a.weight'), as in PyTorch. Unlike `Sequential` they have no
`forward`: the model decides how to call its entries.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, overload

from .module import Module


def _module(container: str, module: Any, where: str) -> Module:
    if not isinstance(module, Module):
        hint = "; did you mean the class instance, e.g. ReLU()?" if isinstance(module, type) else ""
        raise TypeError(f"{container}: {where} is a {type(module).__name__}, not a Module{hint}")
    return module


class ModuleList(Module):
    """A list of modules, each registered as a child named '0', '1', ... by its position."""

    def __init__(self, modules: Iterable[Module] | None = None) -> None:
        super().__init__()
        if modules is not None:
            self.extend(modules)

    def _index(self, index: Any) -> int:
        """A position in [0, len) for a (possibly negative) int index."""
        if isinstance(index, bool) or not hasattr(index, "__index__"):
            raise TypeError(f"ModuleList indices must be ints or slices, got "
                            f"{type(index).__name__}")
        n, i = len(self), index.__index__()
        if not -n <= i < n:
            raise IndexError(f"ModuleList index {i} is out of range for {n} modules")
        return i % n

    def _renumber(self, modules: list[Module]) -> None:
        """Register `modules` as the children '0', '1', ... (after an insert or a delete)."""
        self._modules.clear()
        for i, module in enumerate(modules):
            self._modules[str(i)] = module

    @overload
    def __getitem__(self, index: int) -> Module: ...

    @overload
    def __getitem__(self, index: slice) -> ModuleList: ...

    def __getitem__(self, index: int | slice) -> Module | ModuleList:
        if isinstance(index, slice):
            return ModuleList(list(self._modules.values())[index])
        return self._modules[str(self._index(index))]

    def __setitem__(self, index: int, module: Module) -> None:
        self._modules[str(self._index(index))] = _module("ModuleList", module, "the new entry")

    def __delitem__(self, index: int | slice) -> None:
        modules = list(self._modules.values())
        if isinstance(index, slice):
            del modules[index]
        else:
            del modules[self._index(index)]
        self._renumber(modules)

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(list(self._modules.values()))

    def __iadd__(self, modules: Iterable[Module]) -> ModuleList:
        return self.extend(modules)

    def __add__(self, other: Iterable[Module]) -> ModuleList:
        return ModuleList([*self, *other])

    def append(self, module: Module) -> ModuleList:
        """Add a module at the end; returns self."""
        self._modules[str(len(self))] = _module("ModuleList.append", module, "the argument")
        return self

    def extend(self, modules: Iterable[Module]) -> ModuleList:
        """Add each module of `modules` at the end; returns self."""
        if isinstance(modules, Module) and not hasattr(modules, "__iter__"):
            raise TypeError("ModuleList.extend: expected an iterable of Modules, got a single "
                            f"{type(modules).__name__}; use append(module)")
        items = list(modules)  # checked before anything is added
        for i, module in enumerate(items):
            _module("ModuleList", module, f"item {i}")
        for module in items:
            self._modules[str(len(self))] = module
        return self

    def insert(self, index: int, module: Module) -> None:
        """Insert `module` before position `index` (as list.insert); the names after it shift."""
        modules = list(self._modules.values())
        modules.insert(index, _module("ModuleList.insert", module, "the module"))
        self._renumber(modules)

    def pop(self, index: int = -1) -> Module:
        """Remove and return the module at `index` (the last by default)."""
        module = self[index]
        del self[index]
        return module


class ModuleDict(Module):
    """A dict of modules, each registered as a child under its (string) key, in insertion order."""

    def __init__(self, modules: Mapping[str, Module] | Iterable[Any] | None = None) -> None:
        super().__init__()
        if modules is not None:
            self.update(modules)

    @staticmethod
    def _key(key: Any) -> str:
        if not isinstance(key, str):
            raise TypeError(f"ModuleDict keys must be strings, got {type(key).__name__} {key!r}")
        if "." in key or key == "":
            raise KeyError(f"ModuleDict: the key {key!r} cannot be empty or contain '.' (it "
                           "becomes part of the parameter names, e.g. 'heads.a.weight')")
        return key

    def __getitem__(self, key: str) -> Module:
        if key not in self._modules:
            raise KeyError(f"ModuleDict has no module {key!r}; it has {list(self._modules)}")
        return self._modules[key]

    def __setitem__(self, key: str, module: Module) -> None:
        self._modules[self._key(key)] = _module("ModuleDict", module, f"the value for {key!r}")

    def __delitem__(self, key: str) -> None:
        self[key]  # noqa: B018  (the KeyError that lists the keys)
        del self._modules[key]

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._modules))

    def __contains__(self, key: object) -> bool:
        return key in self._modules

    def keys(self) -> list[str]:
        """The keys, in insertion order."""
        return list(self._modules)

    def values(self) -> list[Module]:
        """The modules, in insertion order."""
        return list(self._modules.values())

    def items(self) -> list[tuple[str, Module]]:
        """(key, module) pairs, in insertion order."""
        return list(self._modules.items())

    def pop(self, key: str) -> Module:
        """Remove the module under `key` and return it."""
        module = self[key]
        del self._modules[key]
        return module

    def clear(self) -> None:
        """Remove every module."""
        self._modules.clear()

    def update(self, modules: Mapping[str, Module] | Iterable[Any]) -> None:
        """Add (or replace) modules from a dict, a ModuleDict or an iterable of (key, module)."""
        pairs = list(modules.items()) if isinstance(modules, (Mapping, ModuleDict)) else [
            tuple(pair) for pair in modules]
        for i, pair in enumerate(pairs):
            if len(pair) != 2:
                raise ValueError(f"ModuleDict.update: item {i} has {len(pair)} elements; "
                                 "each must be a (key, module) pair")
        for key, module in pairs:
            self[key] = module


class ParameterList(Module):
    """A list of parameters, each registered under its position ('0', '1', ...), as in
    PyTorch: `parameters()`, `state_dict()` and optimisers see them.

        self.scales = nn.ParameterList([nn.Parameter(mg.ones(4)) for _ in range(3)])

    A plain Tensor appended is made a Parameter (requiring grad), as PyTorch does.
    """

    def __init__(self, values: Iterable[Any] | None = None) -> None:
        super().__init__()
        if values is not None:
            self.extend(values)

    def append(self, value: Any) -> ParameterList:
        """Add a parameter at the end."""
        from ..tensor import Tensor  # the Tensor imports nn's functional layer: not at the top
        from .module import Parameter

        if not isinstance(value, Tensor):
            raise TypeError(f"ParameterList: expected a Parameter or a Tensor, got "
                            f"{type(value).__name__}")
        param = value if isinstance(value, Parameter) else Parameter(value)
        self.register_parameter(str(len(self)), param)
        return self

    def extend(self, values: Iterable[Any]) -> ParameterList:
        """Add each parameter of `values` at the end."""
        for value in values:
            self.append(value)
        return self

    def __len__(self) -> int:
        return len(self._parameters)

    def __iter__(self) -> Iterator[Any]:
        return iter(list(self._parameters.values()))

    def __getitem__(self, index: Any) -> Any:
        values = list(self._parameters.values())
        if isinstance(index, slice):
            return ParameterList(values[index])
        if isinstance(index, bool) or not hasattr(index, "__index__"):
            raise TypeError(f"ParameterList indices must be ints or slices, got "
                            f"{type(index).__name__}")
        if not -len(values) <= index.__index__() < len(values):
            raise IndexError(f"ParameterList index {index} is out of range for "
                             f"{len(values)} parameters")
        return values[index.__index__()]

    def __repr__(self) -> str:
        lines = [f"({name}): Parameter containing: [{p.dtype} of size "
                 f"{'x'.join(map(str, p.shape)) or '()'}]" for name, p in self._parameters.items()]
        return "ParameterList(\n  " + "\n  ".join(lines) + "\n)" if lines else "ParameterList()"
