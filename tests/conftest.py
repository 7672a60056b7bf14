"""Hypothesis profiles for the test suite.

default / ci: quick runs (make test); fuzz: long runs (make fuzz, which passes
--hypothesis-profile=fuzz). Pick one with HYPOTHESIS_PROFILE=name.
"""

import gc
import os
from collections.abc import Iterator

import pytest
from hypothesis import settings
from torch_or_skip import torch_or_skip

import minigrad as mg

settings.register_profile("default", max_examples=60, deadline=None)
settings.register_profile("ci", max_examples=60, deadline=None)
settings.register_profile("fuzz", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def english_exercises(monkeypatch: pytest.MonkeyPatch) -> None:
    """The exercise checker in English, whatever the shell's MINIGRAD_LANG says: the
    tests that want Korean ask for it."""
    monkeypatch.delenv("MINIGRAD_LANG", raising=False)


@pytest.fixture(autouse=True)
def float32_default() -> Iterator[None]:
    """Every test starts with PyTorch's default float32, and a test that calls
    mg.set_default_dtype does not change it for the next."""
    yield
    mg.set_default_dtype(mg.float32)


@pytest.fixture
def gc_off() -> Iterator[None]:
    """The garbage collector paused: what is freed then was freed by reference counting."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()

@pytest.fixture
def torch():  # noqa: ANN201
    """PyTorch, for a test that compares with it: skipped where torch is not installed,
    except under `make parity` (MINIGRAD_REQUIRE_TORCH=1), where that is a failure."""
    return torch_or_skip()


# The differential suite's summary line (cases compared with PyTorch); defined
# here so that the xdist controller, which collects nothing, has the hooks too.
from parity.parity_summary import (  # noqa: E402, F401
    pytest_sessionfinish,
    pytest_terminal_summary,
    pytest_testnodedown,
)
