"""`Module`, the base class of every layer and model, and `Parameter`.

A module is a tree: it holds its own Parameters (the tensors an optimiser
updates) and its child modules, both registered simply by assigning them to
attributes (`self.fc = Linear(2, 1)`), and its buffers: tensors that are part
of its state but not learnt, such as BatchNorm's running statistics, registered
with `register_buffer` as in PyTorch. Everything else a module can do walks
that tree: `parameters()`, `named_parameters()`, `buffers()`, `state_dict()`
(parameters and buffers), `zero_grad()`, `train()`/`eval()` and the nested
`repr`.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from typing import Any, NamedTuple

import numpy as np

from ..devices import check_device, to_arguments
from ..errors import DTypeError, shape_str
from ..tensor import Tensor
from .buffers import BufferMethods
from .tagging import next_call, tag_graph


class Parameter(Tensor):
    """A Tensor that is a learnable weight of a Module.

    It requires grad by default, and assigning one to a module attribute
    registers it, so it shows up in `module.parameters()`. Python data
    becomes float32, as for any Tensor; a Tensor or array is copied.

    >>> w = Parameter([[0.5, -0.5]])
    >>> w.requires_grad, w.dtype
    (True, dtype('float32'))
    """

    __slots__ = ()

    def __init__(
        self,
        data: Any = None,
        requires_grad: bool = True,
        dtype: Any = None,
        name: str | None = None,
    ) -> None:
        if data is None:
            data = np.empty(0, dtype=np.float32)
        super().__init__(data, requires_grad=requires_grad, dtype=dtype, name=name)

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()


class IncompatibleKeys(NamedTuple):
    """What `load_state_dict(..., strict=False)` could not match."""

    missing_keys: list[str]
    unexpected_keys: list[str]


class Module(BufferMethods):
    """Base class of layers and models: subclass it and write `forward`.

    >>> class TwoLayer(Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.hidden = nn.Linear(2, 8)
    ...         self.out = nn.Linear(8, 1)
    ...     def forward(self, x):
    ...         return self.out(self.hidden(x).relu())

    Calling the module (`model(x)`) runs `forward(x)`.
    """

    training: bool
    _parameters: dict[str, Parameter | None]
    _modules: dict[str, Module | None]
    _buffers: dict[str, Tensor | None]

    def __init__(self) -> None:
        # object.__setattr__ because our own __setattr__ needs these dicts to exist.
        object.__setattr__(self, "training", True)
        object.__setattr__(self, "_parameters", {})
        object.__setattr__(self, "_modules", {})
        object.__setattr__(self, "_buffers", {})
        object.__setattr__(self, "_non_persistent", set())  # buffers kept out of state_dict

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """The computation of this module; every subclass defines it."""
        raise NotImplementedError(
            f"{type(self).__name__} has no forward(); define `def forward(self, x): ...` "
            "in the subclass"
        )

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        call = next_call()
        out = self.forward(*args, **kwargs)
        # Tag the ops this call made (`node.module = self`), for graph pictures that
        # fold a module into one node; see tagging.py.
        tag_graph(self, call, out, args, kwargs)
        return out

    # ---- registration: attributes that are Parameters or Modules ------------
    def _registry(self) -> tuple[dict[str, Any], dict[str, Any]]:
        try:
            return self.__dict__["_parameters"], self.__dict__["_modules"]
        except KeyError:
            raise AttributeError(
                f"{type(self).__name__}: cannot assign parameters or modules before "
                "Module.__init__() has run; call super().__init__() first in __init__"
            ) from None

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, (Parameter, Module)):
            params, modules = self._registry()
            self.__dict__.pop(name, None)
            params.pop(name, None)
            modules.pop(name, None)
            self.__dict__.get("_buffers", {}).pop(name, None)  # a buffer becomes a parameter
            (params if isinstance(value, Parameter) else modules)[name] = value
            return
        params, modules = self.__dict__.get("_parameters", {}), self.__dict__.get("_modules", {})
        buffers = self.__dict__.get("_buffers", {})
        if name in buffers:  # a registered buffer gets a new tensor (or None), as in PyTorch
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(f"cannot assign a {type(value).__name__} to buffer {name!r} of "
                                f"{type(self).__name__}: a Tensor (or None) is expected")
            buffers[name] = value
        elif name in params:
            if value is not None:
                raise TypeError(
                    f"cannot assign a {type(value).__name__} to parameter {name!r} of "
                    f"{type(self).__name__}: a Parameter (or None) is expected; wrap it as "
                    "nn.Parameter(value), or change the values in place under mg.no_grad()"
                )
            params[name] = None
        elif name in modules:
            if value is not None:
                raise TypeError(
                    f"cannot assign a {type(value).__name__} to child module {name!r} of "
                    f"{type(self).__name__}: a Module (or None) is expected"
                )
            modules[name] = None
        else:
            object.__setattr__(self, name, value)

    def __getattr__(self, name: str) -> Any:
        # Only called when normal lookup fails, i.e. for registered entries.
        own = self.__dict__
        for registry in ("_parameters", "_modules", "_buffers"):
            if name in own.get(registry, ()):
                return own[registry][name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __delattr__(self, name: str) -> None:
        for registry in ("_parameters", "_modules", "_buffers"):
            if name in self.__dict__.get(registry, ()):
                del self.__dict__[registry][name]
                self.__dict__["_non_persistent"].discard(name)
                return
        object.__delattr__(self, name)

    def register_parameter(self, name: str, param: Parameter | None) -> None:
        """Register `param` under `name` (same as `self.<name> = param`; None is allowed)."""
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(
                f"register_parameter({name!r}): expected a Parameter or None, got "
                f"{type(param).__name__}"
            )
        self._registry()[0][name] = param

    def add_module(self, name: str, module: Module | None) -> None:
        """Register `module` as a child under `name` (same as `self.<name> = module`)."""
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"add_module({name!r}): expected a Module, got {type(module).__name__}")
        self._registry()[1][name] = module

    # ---- walking the tree ---------------------------------------------------
    def named_children(self) -> Iterator[tuple[str, Module]]:
        """(name, module) for each direct child, in registration order."""
        for name, module in self._modules.items():
            if module is not None:
                yield name, module

    def children(self) -> Iterator[Module]:
        """The direct child modules."""
        for _, module in self.named_children():
            yield module

    def named_modules(self, prefix: str = "") -> Iterator[tuple[str, Module]]:
        """(dotted name, module) for this module ('') and every descendant, each once."""
        seen: set[int] = set()
        stack: list[tuple[str, Module]] = [(prefix, self)]
        while stack:  # depth first, children in registration order
            name, module = stack.pop()
            if id(module) in seen:
                continue
            seen.add(id(module))
            yield name, module
            kids = [(f"{name}.{k}" if name else k, m) for k, m in module.named_children()]
            stack.extend(reversed(kids))

    def modules(self) -> Iterator[Module]:
        """This module and every descendant, each once."""
        for _, module in self.named_modules():
            yield module

    def named_parameters(
        self, prefix: str = "", recurse: bool = True
    ) -> Iterator[tuple[str, Parameter]]:
        """('fc.weight', Parameter) pairs; a parameter shared by two modules appears once."""
        seen: set[int] = set()
        owners = self.named_modules(prefix) if recurse else iter([(prefix, self)])
        for owner, module in owners:
            for name, param in module._parameters.items():
                if param is None or id(param) in seen:
                    continue
                seen.add(id(param))
                yield (f"{owner}.{name}" if owner else name), param

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        """The Parameters to give to an optimiser: `SGD(model.parameters(), lr=0.1)`."""
        for _, param in self.named_parameters(recurse=recurse):
            yield param

    def apply(self, fn: Callable[[Module], Any]) -> Module:
        """Call `fn` on every child (recursively), then on self; returns self."""
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    # ---- modes and gradients ------------------------------------------------
    def train(self, mode: bool = True) -> Module:
        """Set training mode (`.training`) here and in all descendants; returns self."""
        for module in self.modules():
            object.__setattr__(module, "training", bool(mode))
        return self

    def eval(self) -> Module:
        """Set evaluation mode: the same as `train(False)`."""
        return self.train(False)

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Clear every parameter's `.grad` (to None by default, else to zeros)."""
        for param in self.parameters():
            if set_to_none or param.grad is None:
                param.grad = None
            else:
                param.grad = Tensor._make(np.zeros_like(param._data))

    def requires_grad_(self, requires_grad: bool = True) -> Module:
        """Switch gradient tracking of every parameter (False freezes them); returns self."""
        for param in self.parameters():
            param.requires_grad_(requires_grad)
        return self

    def to(self, *args: Any, dtype: Any = None, device: Any = None,
           non_blocking: bool = False) -> Module:  # noqa: ARG002
        """Convert every floating parameter and buffer to `dtype` in place; returns self.

        `model.to(np.float64)` (or `model.double()`) before `mg.gradcheck`. As in
        PyTorch a device is accepted too, `model.to("cpu")` or `model.to(device)`,
        but the CPU is the only one: asking for a GPU is an error.
        """
        dtype = to_arguments(args, dtype, device, "Module.to")
        if dtype is None:
            return self
        dtype = np.dtype(dtype)
        if dtype.kind != "f":
            raise DTypeError(f"Module.to: parameters must stay floating, got dtype {dtype}")
        for param in self.parameters():
            param._data = param._data.astype(dtype)
            if param.grad is not None:
                param.grad = Tensor._make(param.grad._data.astype(dtype))
        for buffer in self.buffers():  # num_batches_tracked (an int) stays as it is
            if buffer.dtype.kind == "f":
                buffer._data = buffer._data.astype(dtype)
        return self

    def cpu(self) -> Module:
        """The module itself: it is on the CPU already."""
        return self

    def cuda(self, *args: Any, **kwargs: Any) -> Module:
        """Always an error: minigrad runs on the CPU only (see mg.cuda.is_available())."""
        check_device("cuda", "Module.cuda()")
        return self

    def double(self) -> Module:
        """All parameters to float64; returns self."""
        return self.to(np.float64)

    def float(self) -> Module:
        """All parameters to float32; returns self."""
        return self.to(np.float32)

    # ---- saving and loading -------------------------------------------------
    def _state_items(self, prefix: str = "") -> Iterator[tuple[str, Tensor]]:
        # Unlike named_parameters, a shared parameter appears under every name (as in
        # PyTorch), so each module of the model finds its own keys when loading. Each
        # module's parameters first, then its persistent buffers, then its children.
        for name, param in self._parameters.items():
            if param is not None:
                yield prefix + name, param
        for name, buffer in self._buffers.items():
            if buffer is not None and name not in self._non_persistent:
                yield prefix + name, buffer
        for name, module in self.named_children():
            yield from module._state_items(prefix + name + ".")

    def state_dict(self) -> OrderedDict[str, Tensor]:
        """A copy of every parameter's and buffer's values, by dotted name, in
        registration order (each module's parameters, then its buffers, as PyTorch).

        The copies are plain Tensors without gradient history: changing them
        does not change the model. Save one with `mg.save(model.state_dict(), path)`.
        """
        return OrderedDict(
            (name, Tensor._make(param._data.copy())) for name, param in self._state_items()
        )

    def load_state_dict(
        self, state_dict: Mapping[str, Any], strict: bool = True
    ) -> IncompatibleKeys:
        """Copy values from `state_dict` (name -> Tensor or array) into the parameters
        and buffers.

        Every problem is reported at once: missing keys, unexpected keys (both
        only when `strict`) and shape mismatches (always). Nothing is changed
        unless everything fits. Values are converted to each parameter's dtype.
        Returns `(missing_keys, unexpected_keys)`.
        """
        if not isinstance(state_dict, Mapping):
            raise TypeError(
                f"load_state_dict: expected a dict of name -> Tensor, got "
                f"{type(state_dict).__name__}"
            )
        own = dict(self._state_items())
        missing = [key for key in own if key not in state_dict]
        unexpected = [str(key) for key in state_dict if key not in own]
        problems, arrays = [], {}
        for key, param in own.items():
            if key not in state_dict:
                continue
            value = state_dict[key]
            array = value._data if isinstance(value, Tensor) else np.asarray(value)
            if array.dtype.kind not in "biuf":
                problems.append(f"  {key}: values of dtype {array.dtype} are not numbers")
            elif array.shape != param.shape:
                problems.append(
                    f"  {key}: shape {shape_str(array.shape)} in the state_dict, "
                    f"{shape_str(param.shape)} in the model"
                )
            else:
                arrays[key] = array
        if strict:
            if missing:
                problems.insert(0, "  missing keys: " + ", ".join(map(repr, missing)))
            if unexpected:
                problems.insert(0, "  unexpected keys: " + ", ".join(map(repr, unexpected)))
        if problems:
            raise ValueError(
                f"load_state_dict for {type(self).__name__} failed; nothing was loaded:\n"
                + "\n".join(problems)
                + "\n(the state_dict must come from a model built the same way; "
                "strict=False ignores missing and unexpected keys)"
            )
        from ..grad_mode import no_grad

        with no_grad():
            for key, array in arrays.items():
                own[key].copy_(array.astype(own[key].dtype, copy=False))
        return IncompatibleKeys(missing, unexpected)

    # ---- printing -----------------------------------------------------------
    def extra_repr(self) -> str:
        """The text inside the parentheses of this module's repr (its settings)."""
        return ""

    def __repr__(self) -> str:
        children = [
            f"({name}): " + repr(module).replace("\n", "\n  ")
            for name, module in self.named_children()
        ]
        extra = self.extra_repr()
        if not children:
            return f"{type(self).__name__}({extra})"
        lines = ([extra] if extra else []) + children
        return f"{type(self).__name__}(\n  " + "\n  ".join(lines) + "\n)"
