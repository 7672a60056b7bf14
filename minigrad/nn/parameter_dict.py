"""ParameterDict: a dict of parameters, registered under their keys, as PyTorch's.

    self.scales = nn.ParameterDict({"a": mg.ones(4), "b": mg.zeros(4)})
    # parameters() and state_dict() see 'scales.a' and 'scales.b'

Registration is ParameterList's (containers.py): a plain Tensor stored is made a
Parameter (requiring grad), and only tensors may be stored. As in PyTorch, a plain dict
given to the constructor or to update() is added in the sorted order of its keys (an
OrderedDict, a ParameterDict or a list of pairs keeps its own order).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .module import Module, Parameter


class ParameterDict(Module):
    """A dict of parameters, each registered under its (string) key, in insertion order."""

    def __init__(self, parameters: Mapping[str, Any] | Iterable[Any] | None = None) -> None:
        super().__init__()
        if parameters is not None:
            self.update(parameters)

    @staticmethod
    def _key(key: Any) -> str:
        if not isinstance(key, str):
            raise TypeError(f"ParameterDict keys must be strings, got {type(key).__name__} "
                            f"{key!r}")
        if "." in key or key == "":
            raise KeyError(f"ParameterDict: the key {key!r} cannot be empty or contain '.' (it "
                           "becomes part of the parameter names, e.g. 'scales.a')")
        return key

    def __getitem__(self, key: str) -> Parameter:
        if key not in self._parameters:
            raise KeyError(f"ParameterDict has no parameter {key!r}; it has "
                           f"{list(self._parameters)}")
        return self._parameters[key]

    def __setitem__(self, key: str, value: Any) -> None:
        from ..tensor import Tensor  # the Tensor imports nn's functional layer: not at the top

        key = self._key(key)
        if not isinstance(value, Tensor):
            raise TypeError(f"ParameterDict: the value for {key!r} is a {type(value).__name__}; "
                            "expected a Parameter or a Tensor")
        self.register_parameter(key, value if isinstance(value, Parameter) else Parameter(value))

    def __delitem__(self, key: str) -> None:
        self[key]  # noqa: B018  (the KeyError that lists the keys)
        del self._parameters[key]

    def __len__(self) -> int:
        return len(self._parameters)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._parameters))

    def __contains__(self, key: object) -> bool:
        return key in self._parameters

    def keys(self) -> list[str]:
        """The keys, in insertion order."""
        return list(self._parameters)

    def values(self) -> list[Parameter]:
        """The parameters, in insertion order."""
        return list(self._parameters.values())

    def items(self) -> list[tuple[str, Parameter]]:
        """(key, parameter) pairs, in insertion order."""
        return list(self._parameters.items())

    def get(self, key: str, default: Any = None) -> Any:
        """The parameter under `key`, or `default`."""
        return self._parameters.get(key, default)

    def pop(self, key: str) -> Parameter:
        """Remove the parameter under `key` and return it."""
        value = self[key]
        del self._parameters[key]
        return value

    def clear(self) -> None:
        """Remove every parameter."""
        self._parameters.clear()

    def update(self, parameters: Mapping[str, Any] | Iterable[Any]) -> None:
        """Add (or replace) parameters from a dict (in sorted key order, as PyTorch), an
        OrderedDict or ParameterDict (in its order), or an iterable of (key, value) pairs."""
        if isinstance(parameters, (OrderedDict, ParameterDict)):
            pairs = list(parameters.items())
        elif isinstance(parameters, Mapping):
            pairs = sorted(parameters.items(), key=lambda pair: str(pair[0]))
        else:
            pairs = [tuple(pair) for pair in parameters]
        for i, pair in enumerate(pairs):
            if len(pair) != 2:
                raise ValueError(f"ParameterDict.update: item {i} has {len(pair)} elements; "
                                 "each must be a (key, parameter) pair")
        for key, value in pairs:
            self[key] = value

    def __repr__(self) -> str:
        lines = [f"({name}): Parameter containing: [{p.dtype} of size "
                 f"{'x'.join(map(str, p.shape)) or '()'}]" for name, p in self._parameters.items()]
        return "ParameterDict(\n  " + "\n  ".join(lines) + "\n)" if lines else "ParameterDict()"
