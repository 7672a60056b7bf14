"""Random programs, checked against central differences.

Hypothesis draws a program: 1 to 30 steps, each one op applied to earlier
values (inputs or results, so `a + a`, diamonds and long chains all appear),
over random broadcastable float64 shapes. The program is built step by step on
its actual input values, which keeps it away from the places where a finite
difference cannot work:

* log, sqrt, a divisor and a pow base get a value that is positive (directly
  when it already is, else through a smooth positive transform);
* kinks (relu, abs, clip, maximum/minimum, max/min reductions) are only used
  when no value is within `MARGIN` of the kink (exact ties of maximum/minimum
  and max/min are allowed: they come from identical expressions, which move
  together; a value exactly at the kink of relu, abs or clip is not);
* a step whose values grow beyond `LIMIT` is dropped (exp of exp of ...), and
  so is one with an empty result.

Every program is checked with `mg.gradcheck`, smaller ones also with
`mg.gradgradcheck`. On a failure, hypothesis prints the `Program` (its seed,
shapes and steps) and the readable source below it; `Program.run` replays it.
The normal run draws the default profile's examples; `make fuzz` many more.
The programs themselves are in fuzz_programs.py, the strategy that draws them
(with `MARGIN` and `LIMIT`) in fuzz_builder.py.
"""

from __future__ import annotations

import numpy as np
import pytest
from fuzz_builder import programs
from fuzz_programs import Program, Step
from hypothesis import HealthCheck, given, note, settings

import minigrad as mg


def check(program: Program, second_order: bool) -> None:
    note(program.source())
    inputs = program.inputs()
    assert mg.gradcheck(program.run, tuple(inputs))
    if second_order:
        assert mg.gradgradcheck(program.run, tuple(inputs))


FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.fuzz
@FUZZ
@given(programs())
def test_random_programs_match_central_differences(program: Program) -> None:
    check(program, second_order=False)


@pytest.mark.fuzz
@FUZZ
@given(programs(max_steps=12, max_size=3))
def test_random_programs_second_derivatives(program: Program) -> None:
    check(program, second_order=True)


def test_program_replays_and_prints() -> None:
    program = Program(seed=1, shapes=[(2, 3), (3,)], steps=[
        Step("mul", (0, 1)), Step("max", (2,), {"axis": 1, "keepdims": False}),
    ], outputs=(3,))
    (out,) = program.run(*program.inputs())
    a, c = program.inputs()
    np.testing.assert_allclose(out.numpy(), (a.numpy() * c.numpy()).max(axis=1))
    assert "v2 = mul(v0, v1)" in program.source()
    assert "v3 = max(v2, axis=1, keepdims=False)" in program.source()
