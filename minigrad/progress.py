"""A progress bar showing the running loss: tqdm when installed, plain prints otherwise."""

from __future__ import annotations

import sys
from types import TracebackType


class Progress:
    """Count training steps and show the latest loss.

    Example::

        with Progress(total=epochs, desc="logistic regression") as bar:
            for epoch in range(epochs):
                ...
                bar.update(loss.item())

    With tqdm the bar redraws in place (on stderr). Without it, about ten
    lines are printed over the run. `enabled=False` shows nothing.
    """

    def __init__(self, total: int, desc: str = "training", enabled: bool = True) -> None:
        self.total = max(int(total), 1)
        self.desc = desc
        self.enabled = enabled
        self.count = 0
        self._bar = None
        if enabled:
            try:
                from tqdm.auto import tqdm
            except ImportError:
                tqdm = None
            if tqdm is not None:
                self._bar = tqdm(total=self.total, desc=desc, leave=False, file=sys.stderr,
                                 dynamic_ncols=True, mininterval=0.2)

    def update(self, loss: float) -> None:
        """One more step done; `loss` is the latest (running) loss."""
        self.count += 1
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.update(1)
            self._bar.set_postfix(loss=f"{loss:.4f}", refresh=False)
        elif self.count % max(self.total // 10, 1) == 0 or self.count == self.total:
            print(f"  {self.desc}: step {self.count}/{self.total}  loss {loss:.4f}")

    def close(self) -> None:
        """Remove the bar (the final numbers are printed by the caller)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
