"""The deliberate differences between minigrad and PyTorch: decisions, not bugs.

Each entry names the specs it concerns and the condition on the case; a case it
covers is counted (and shown in the run's summary) instead of compared. The
reason is one line; the page that explains it to users is docs/guide/pytorch.md
at `anchor`. Keep this list short: a difference that is not a decision is a bug
to fix, not an entry to add.

Where minigrad only accepts more than PyTorch and means what another PyTorch
spelling means (x.transpose((2, 0, 1)) is x.permute(2, 0, 1); an ndarray on the
left of an operator), the spec compares it with that spelling (`torch_call`)
instead, and its name says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PAGE = "docs/guide/pytorch.md"


@dataclass(frozen=True)
class Known:
    id: str
    reason: str
    anchor: str  # the heading on PAGE that documents it
    specs: tuple[str, ...]
    when: Callable[[Any], bool] = lambda case: True


KNOWN: tuple[Known, ...] = (
    Known(
        "numpy-with-requires-grad",
        ".numpy() returns the shared array even when the tensor requires grad; PyTorch "
        "asks for .detach().numpy()",
        "numpy-shares-memory-even-with-requires_grad",
        ("Tensor.numpy", "np.asarray(x)"),
        lambda case: case.args[0].requires_grad,
    ),
)


def covering(spec_name: str, case: Any) -> Known | None:
    """The entry that covers this case of this spec, if any."""
    for known in KNOWN:
        if spec_name in known.specs and known.when(case):
            return known
    return None
