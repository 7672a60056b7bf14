"""How a Tensor prints: `mg.set_printoptions`, as `torch.set_printoptions`.

A tensor prints through numpy's `array2string`, so by default it looks like
the numpy array it holds (`Tensor([1.2345679, 2.       ])`). The options
change that for every tensor printed afterwards, with PyTorch's names:

* `precision`: digits after the decimal point, the same for every element
  (`Tensor([1.23, 2.00])` with precision=2), as PyTorch prints;
* `threshold`: above this many elements only the corners are shown,
  `edgeitems` of them at the start and at the end of each axis;
* `linewidth`: characters per line;
* `sci_mode`: True always writes 1.5000e+00, False never does, None lets
  numpy choose;
* `profile`: 'default' (minigrad's own defaults, numpy's), 'short' or 'full',
  set first; the other arguments then change single options.
"""

from __future__ import annotations

from typing import Any

_DEFAULTS: dict[str, Any] = {"precision": None, "threshold": 100, "edgeitems": 3,
                             "linewidth": 75, "sci_mode": None}
_PROFILES: dict[str, dict[str, Any]] = {
    "default": _DEFAULTS,
    "short": {**_DEFAULTS, "precision": 2, "threshold": 1000, "edgeitems": 2, "linewidth": 80},
    "full": {**_DEFAULTS, "precision": 4, "threshold": float("inf"), "linewidth": 80},
}
_options = dict(_DEFAULTS)


def set_printoptions(precision: int | None = None, threshold: float | None = None,
                     edgeitems: int | None = None, linewidth: int | None = None,
                     profile: str | None = None, sci_mode: bool | None = None) -> None:
    """Change how tensors print (see the module's text); an option left at None keeps
    its value, except sci_mode, which None sets back to numpy's choice, as in PyTorch."""
    if profile is not None:
        if profile not in _PROFILES:
            raise ValueError(f"set_printoptions: profile={profile!r} is not one of "
                             f"{', '.join(map(repr, _PROFILES))}")
        _options.update(_PROFILES[profile])
    for name, value in (("precision", precision), ("edgeitems", edgeitems),
                        ("linewidth", linewidth)):
        if value is not None:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"set_printoptions: {name} must be an integer >= 0, got "
                                 f"{value!r}")
            _options[name] = value
    if threshold is not None:
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or threshold < 0:
            raise ValueError(f"set_printoptions: threshold must be a number >= 0 (inf shows "
                             f"every element), got {threshold!r}")
        _options["threshold"] = threshold
    if sci_mode is not None and not isinstance(sci_mode, bool):
        raise ValueError(f"set_printoptions: sci_mode must be True, False or None, got "
                         f"{sci_mode!r}")
    _options["sci_mode"] = sci_mode


def array2string_options() -> dict[str, Any]:
    """The keyword arguments of np.array2string for the options set now."""
    threshold = _options["threshold"]
    kwargs: dict[str, Any] = {
        "threshold": threshold if threshold != float("inf") else 2**63 - 1,
        "edgeitems": _options["edgeitems"],
        "max_line_width": _options["linewidth"],
    }
    precision, sci = _options["precision"], _options["sci_mode"]
    if precision is not None:
        kwargs["precision"] = precision
        kwargs["floatmode"] = "fixed"  # every element with `precision` digits, as PyTorch
    if sci is not None or precision == 0:  # numpy would print 1. where PyTorch prints 1
        digits = 4 if precision is None else precision
        style = "e" if sci else "f"
        kwargs["formatter"] = {"float_kind": lambda v: f"{v:.{digits}{style}}"}
    return kwargs
