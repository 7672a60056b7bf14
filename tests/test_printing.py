"""mg.set_printoptions: PyTorch's print options on minigrad's numpy-style repr."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import minigrad as mg


@pytest.fixture(autouse=True)
def default_options() -> Iterator[None]:
    yield
    mg.set_printoptions(profile="default")


def test_the_default_is_numpys_look() -> None:
    assert repr(mg.tensor([1.23456789, 2.0])) == "Tensor([1.2345679, 2.       ])"
    assert "..." in repr(mg.arange(101.0)) and "..." not in repr(mg.arange(100.0))


def test_precision_is_fixed_digits_after_the_point_as_pytorch() -> None:
    mg.set_printoptions(precision=2)
    assert repr(mg.tensor([1.23456789, 2.0])) == "Tensor([1.23, 2.00])"
    assert repr(mg.tensor([1, 2])) == "Tensor([1, 2])"  # integers are not touched


def test_threshold_edgeitems_and_linewidth() -> None:
    mg.set_printoptions(threshold=5, edgeitems=2)
    assert repr(mg.arange(10)) == "Tensor([0, 1, ..., 8, 9])"
    mg.set_printoptions(threshold=float("inf"))
    assert "..." not in repr(mg.arange(5000))
    mg.set_printoptions(linewidth=20)
    assert max(map(len, repr(mg.arange(30)).splitlines())) <= 20


def test_sci_mode() -> None:
    mg.set_printoptions(precision=2, sci_mode=True)
    assert repr(mg.tensor([1.5, 2.0])) == "Tensor([1.50e+00, 2.00e+00])"
    mg.set_printoptions(sci_mode=False)  # precision stays 2: options persist
    assert repr(mg.tensor([1e-8, 1e6])) == "Tensor([0.00, 1000000.00])"
    mg.set_printoptions(sci_mode=None)  # None: numpy's choice again
    assert "e" in repr(mg.tensor([1e-8, 1e6]))


def test_profiles_then_single_options() -> None:
    mg.set_printoptions(profile="short")
    assert repr(mg.tensor([1.23456, 2.0])) == "Tensor([1.23, 2.00])"
    mg.set_printoptions(profile="full", precision=1)
    assert repr(mg.tensor([1.26])) == "Tensor([1.3])"
    mg.set_printoptions(profile="default")
    assert repr(mg.tensor([1.23456789])) == "Tensor([1.2345679])"


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"profile": "long"}, "profile='long' is not one of 'default', 'short', 'full'"),
    ({"precision": -1}, "precision must be an integer >= 0, got -1"),
    ({"edgeitems": 2.5}, "edgeitems must be an integer >= 0"),
    ({"threshold": "many"}, "threshold must be a number >= 0"),
    ({"sci_mode": "yes"}, "sci_mode must be True, False or None"),
])
def test_bad_options_are_refused_and_change_nothing(kwargs, message) -> None:
    with pytest.raises(ValueError, match="set_printoptions: " + message.replace("(", r"\(")):
        mg.set_printoptions(**kwargs)
    assert repr(mg.tensor([1.23456789])) == "Tensor([1.2345679])"


@pytest.mark.torch
def test_same_digits_as_pytorch(torch) -> None:
    values = [1.23456789, -2.0, 0.5]
    for precision in (0, 2, 4):
        mg.set_printoptions(precision=precision)
        torch.set_printoptions(precision=precision)
        try:
            ours = repr(mg.tensor(values)).removeprefix("Tensor(").removesuffix(")")
            theirs = repr(torch.tensor(values)).removeprefix("tensor(").removesuffix(")")
        finally:
            torch.set_printoptions(profile="default")
        assert ours.replace(" ", "") == theirs.replace(" ", "")
