"""The parity suite's line in pytest's summary: cases compared, known differences skipped.

parity_check.COUNTS counts in each process; with xdist the workers send their
counts to the controller, which prints the line. The hooks are imported by
tests/conftest.py, because under xdist the controller never collects, so it
never loads tests/parity/conftest.py.
"""

from __future__ import annotations

import collections
import sys

import pytest

_totals: collections.Counter[str] = collections.Counter()


def _counts() -> collections.Counter[str]:
    checks = sys.modules.get("parity_check")  # imported only when torch is there
    return collections.Counter() if checks is None else checks.COUNTS


def pytest_sessionfinish(session: pytest.Session) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: send the counts to the controller
        workeroutput["parity_counts"] = dict(_counts())


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    _totals.update(getattr(node, "workeroutput", {}).get("parity_counts", {}))


def pytest_terminal_summary(terminalreporter) -> None:
    totals = _totals + _counts()
    if not totals:
        return
    ran = {k.removeprefix("ran "): n for k, n in totals.items() if k.startswith("ran ")}
    raised = {k.removeprefix("raised "): n for k, n in totals.items() if k.startswith("raised ")}
    totals = collections.Counter({k: n for k, n in totals.items()
                                  if not k.startswith(("ran ", "raised "))})
    compared = totals.pop("compared", 0)
    line = f"parity with PyTorch: {compared} cases compared"
    if totals:
        line += "; skipped as known differences: " + ", ".join(
            f"{name.removeprefix('known difference ')} ({n})" for name, n in sorted(totals.items())
        )
    terminalreporter.write_line(line)
    useless = sorted(name for name, n in ran.items() if raised.get(name) == n)
    if useless:
        terminalreporter.write_line(
            "parity: every case raised in both libraries (the spec tests nothing): "
            + ", ".join(useless)
        )
