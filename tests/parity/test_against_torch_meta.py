"""The parity suite checks itself: it covers every public name of minigrad, it
catches a planted difference of each kind, and its known differences are
few, used, and documented on the PyTorch page."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
import types
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("torch")

import known_differences  # noqa: E402
import parity_check  # noqa: E402
from hypothesis import given  # noqa: E402
from parity_check import check, values_differ  # noqa: E402
from parity_harness import Arr, Case, Spec  # noqa: E402
from parity_settings import PARITY  # noqa: E402
from parity_specs import SPECS  # noqa: E402
from parity_strategies import FLOATS, unary_cases  # noqa: E402

import minigrad as mg  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _failures_raise(monkeypatch):
    """Even in a survey run (MINIGRAD_PARITY_SURVEY), these tests need check() to fail."""
    monkeypatch.setattr(parity_check, "SURVEY", None)

# ---- coverage ----------------------------------------------------------------------------
# Public names whose spec has another name.
ALIASES = {
    "mg.ops.cast": "Tensor.astype", "mg.ops.clone": "Tensor.clone", "mg.ops.getitem": "x[index]",
    "mg.ops.ValuesIndices": "Tensor.max(dim).values", "mg.Tensor": "mg.Tensor(data)",
    "mg.ops.entr": "mg.special.entr", "mg.ops.xlog1py": "mg.special.xlog1py",
    "mg.no_grad": "mg.no_grad / enable_grad / set_grad_enabled",
    "mg.enable_grad": "mg.no_grad / enable_grad / set_grad_enabled",
    "mg.set_grad_enabled": "mg.no_grad / enable_grad / set_grad_enabled",
    "mg.is_grad_enabled": "mg.no_grad / enable_grad / set_grad_enabled",
    "mg.is_inference_mode_enabled": "mg.inference_mode",
    "nn.Module": "nn.Module API", "nn.IncompatibleKeys": "nn.Module API",
    "nn.Parameter": "optim.SGD", "nn.init": "nn.init.calculate_gain",
    "nn.init.ones_": "nn.init.zeros_/ones_/constant_",
    "nn.init.constant_": "nn.init.zeros_/ones_/constant_",
    "Tensor.data": "Tensor.data = y", "Tensor.grad": "Tensor.grad = g",
    "Tensor.requires_grad": "Tensor.requires_grad_", "Tensor.backward": "Tensor.backward twice",
    "Tensor.view": "Tensor.view", "Tensor.__init__": "mg.Tensor(data)",
    "Tensor.__add__": "a + b", "Tensor.__radd__": "a + b", "Tensor.__sub__": "a - b",
    "Tensor.__rsub__": "a - b", "Tensor.__mul__": "a * b", "Tensor.__rmul__": "a * b",
    "Tensor.__truediv__": "a / b", "Tensor.__rtruediv__": "a / b", "Tensor.__pow__": "a ** b",
    "Tensor.__rpow__": "a ** b", "Tensor.__matmul__": "a @ b", "Tensor.__rmatmul__": "a @ b",
    "Tensor.__neg__": "-x", "Tensor.__pos__": "+x", "Tensor.__abs__": "abs(x)",
    "Tensor.__eq__": "a == b", "Tensor.__ne__": "a != b", "Tensor.__lt__": "a < b",
    "Tensor.__le__": "a <= b", "Tensor.__gt__": "a > b", "Tensor.__ge__": "a >= b",
    "Tensor.__getitem__": "x[index]", "Tensor.__setitem__": "x[index] = value",
    "Tensor.__iadd__": "x += y", "Tensor.__isub__": "x -= y", "Tensor.__imul__": "x *= y",
    "Tensor.__itruediv__": "x /= y", "Tensor.__len__": "len(x)", "Tensor.__iter__": "list(x)",
    "Tensor.__bool__": "bool(x)", "Tensor.__float__": "float(x)", "Tensor.__int__": "int(x)",
    "Tensor.__array__": "np.asarray(x)",
    "Tensor.__array_ufunc__": "ndarray + x (torch: the ndarray as a tensor)",
    "Tensor.__and__": "a & b", "Tensor.__rand__": "a & b", "Tensor.__or__": "a | b",
    "Tensor.__ror__": "a | b", "Tensor.__xor__": "a ^ b", "Tensor.__rxor__": "a ^ b",
    "Tensor.__invert__": "~x", "Tensor.__format__": "format(x, '.3f')",
    "Tensor.device": "str(x.device)", "Tensor.cpu": "Tensor.cpu()",
}
# Public names with nothing in PyTorch to compare against, and why.
NOT_COMPARED = {
    "mg.Function": "a custom op is written with self, not ctx (see the Read the source page)",
    "mg.gradcheck": "checks an op against finite differences (tests/test_gradcheck.py)",
    "mg.gradgradcheck": "checks an op against finite differences (tests/test_gradcheck.py)",
    "mg.detect_anomaly": "changes error reports, not results (tests/test_anomaly.py)",
    "mg.is_anomaly_enabled": "changes error reports, not results (tests/test_anomaly.py)",
    "mg.manual_seed": "numpy's generator: random streams differ from torch's by design",
    "mg.default_generator": "numpy's generator: random streams differ from torch's by design",
    "Tensor.normal_": "random draws differ from torch's by design (tests/test_torch_names.py)",
    "Tensor.uniform_": "random draws differ from torch's by design (tests/test_torch_names.py)",
    "mg.save": "minigrad's own file format, without pickle (tests/test_io.py)",
    "mg.load": "minigrad's own file format, without pickle (tests/test_io.py)",
    "mg.draw_graph": "minigrad's pictures: PyTorch has no counterpart",
    "mg.explain": "minigrad's text walk-through: PyTorch has no counterpart",
    "F.REDUCTIONS": "a constant (the valid reduction names)",
    "F.composed": "reference compositions the tests compare the fused ops with",
    "Tensor.dtype": "compared on every result (numpy dtype against the torch dtype it maps to)",
    "Tensor.name": "a label for the graph pictures (torch's names are named-tensor axes)",
    "Tensor.__repr__": "formatting",
    "Tensor.__hash__": "identity, as PyTorch's (tests/test_tensor.py)",
    "Tensor.cuda": "CPU only: an error saying so (tests/test_tensor_protocol.py)",
    "nn.functional": "the functions of minigrad.functional, compared as F.*",
    "nn.ParameterList": "a container: its names, state_dict and repr are checked in "
                        "tests/test_nn_utils.py",
    "nn.ParameterDict": "a container: its names, order, state_dict and repr are checked in "
                        "tests/test_parameter_dict.py",
    "nn.utils": "changes .grad in place: compared with torch in tests/test_nn_utils.py",
    "mg.set_default_dtype": "a global setting: compared with torch in tests/test_default_dtype.py",
    "mg.set_printoptions": "a global setting, and minigrad prints numpy's way: compared with "
                           "torch's digits in tests/test_printing.py",
    "mg.get_default_dtype": "a global setting: compared with torch in tests/test_default_dtype.py",
    "mg.linalg.LinAlgError": "an error class: the one inv and solve raise (in their specs)",
}
_NOT_API = {"__module__", "__doc__", "__slots__", "__annotations__", "__weakref__", "__dict__",
            "__firstlineno__", "__static_attributes__", "__qualname__", "__orig_bases__",
            "__parameters__", "__abstractmethods__"}


def public_names() -> set[str]:
    """Every public function, class, method, attribute and operator of minigrad."""
    names = {f"mg.{n}" for n in dir(mg)
             if not n.startswith("_") and not isinstance(getattr(mg, n), types.ModuleType)}
    names |= {f"mg.ops.{n}" for n in mg.ops.__all__ if not hasattr(mg, n)}
    names |= {f"mg.linalg.{n}" for n in mg.linalg.__all__}
    names |= {f"F.{n}" for n in mg.functional.__all__}
    names |= {f"nn.{n}" for n in mg.nn.__all__}
    init, optim = mg.nn.init, mg.optim
    names |= {f"nn.init.{n}" for n, f in vars(init).items()
              if inspect.isfunction(f) and not n.startswith("_") and f.__module__ == init.__name__}
    names |= {f"optim.{n}" for n, c in vars(optim).items()
              if inspect.isclass(c) and issubclass(c, optim.Optimizer) and c is not optim.Optimizer}
    names |= {f"Tensor.{n}" for n in dir(mg.Tensor) if not n.startswith("_")}
    names |= {f"Tensor.{n}" for cls in mg.Tensor.__mro__[:-1] for n in vars(cls)
              if n.startswith("__") and n not in _NOT_API}
    return names


def _covered(name: str, spec_names: set[str]) -> bool:
    target = ALIASES.get(name, name)
    return target in spec_names or any(re.match(re.escape(target) + r"[ (/.]", s)
                                       for s in spec_names)


def test_every_public_name_has_a_spec_or_a_reason() -> None:
    spec_names = {s.name for s in SPECS}
    missing = sorted(n for n in public_names() if n not in NOT_COMPARED and not _covered(
        n, spec_names))
    assert not missing, f"public names without a parity spec (add one, or a reason): {missing}"


def test_aliases_point_at_specs_that_exist() -> None:
    spec_names = {s.name for s in SPECS}
    assert sorted(set(ALIASES.values()) - spec_names) == []
    assert len(spec_names) == len(SPECS), "two specs share a name"


# ---- the comparison catches each kind of difference -----------------------------------
X = Case((Arr(np.array([1.0, -2.0, 0.5], dtype=np.float32)),))
PLANTED = {
    "values": (lambda L, x: x * 3, lambda L, x: x * 2, "values differ"),
    "dtype": (lambda L, x: x.double(), lambda L, x: x.float(), "dtype float64 != torch's float32"),
    "shape": (lambda L, x: x.reshape(1, 3), lambda L, x: x, "shape (1, 3) != torch's (3,)"),
    "NaN": (lambda L, x: x.log(), lambda L, x: x.abs().log(), "values differ"),
    "only minigrad raises": (lambda L, x: x.reshape(4), lambda L, x: x,
                             "minigrad raises ShapeError, torch returns a result"),
    "only torch raises": (lambda L, x: x, lambda L, x: x.reshape(4),
                          "torch raises RuntimeError, minigrad returns a result"),
    "gradient": (lambda L, x: x * 2, lambda L, x: x * 2 + (x - x.detach()), "grad 0: values"),
    "requires_grad": (lambda L, x: x.detach(), lambda L, x: x, "requires_grad False != torch's"),
    "count": (lambda L, x: [x, x], lambda L, x: [x], "minigrad returns 2 value(s), torch 1"),
    "Python value": (lambda L, x: x.ndim + 1, lambda L, x: x.ndim, "2 != torch's 1"),
    "input changed": (lambda L, x: x.detach().mul_(2), lambda L, x: x.detach() * 2,
                      "input 0 afterwards: values differ"),
}


@pytest.mark.parametrize("kind", PLANTED)
def test_a_planted_difference_fails_with_a_report(kind) -> None:
    ours, theirs, message = PLANTED[kind]
    spec = Spec(f"planted {kind}", ours, unary_cases(), torch_call=theirs)
    with pytest.raises(AssertionError) as info:
        check(spec, X)
    report = str(info.value)
    assert message in report
    assert f"in planted {kind}" in report and "case: Case(Arr(np.array([ 1. , -2. ,  0.5]" in report


def test_equal_results_pass() -> None:
    check(Spec("same", lambda L, x: (x * 2).exp(), unary_cases()), X)


def test_values_are_compared_with_nan_and_inf_in_place() -> None:
    nan, inf = np.nan, np.inf
    assert not values_differ(np.array([nan, inf, 1.0]), np.array([nan, inf, 1.0]), 0, 0)
    assert values_differ(np.array([nan]), np.array([1.0]), 1, 1)
    assert values_differ(np.array([1.0]), np.array([nan]), 1, 1)
    assert values_differ(np.array([inf]), np.array([-inf]), 1, 1)
    assert values_differ(np.array([1, 2]), np.array([1, 3]), 1, 1)  # ints: exactly
    assert not values_differ(np.array([1.0]), np.array([1.0 + 1e-7]), 1e-6, 0)


@PARITY
@given(unary_cases(FLOATS))
def test_tolerances_catch_a_relative_error_of_one_in_64(case) -> None:
    x = case.args[0].value
    spec = Spec("x (1 + 1/64)", lambda L, t: t, unary_cases(),
                torch_call=lambda L, t: t * (1 + 2.0**-6))
    finite = x[np.isfinite(x) & (np.abs(x) > 0.5)]
    if finite.size:
        with pytest.raises(AssertionError):
            check(spec, Case((Arr(finite),)))


# ---- the known differences ------------------------------------------------------------
def test_a_known_difference_is_skipped_and_counted() -> None:
    (spec,) = [s for s in SPECS if s.name == "Tensor.numpy"]
    key = "known difference numpy-with-requires-grad"
    before = parity_check.COUNTS[key]
    check(spec, X)  # requires grad: torch raises, minigrad returns the array
    assert parity_check.COUNTS[key] == before + 1
    check(spec, Case((Arr(np.zeros(3, dtype=np.float32), grad=False),)))  # compared, equal
    assert parity_check.COUNTS[key] == before + 1


def test_known_differences_are_few_named_and_used() -> None:
    known = known_differences.KNOWN
    assert len(known) <= 10, "the registry is for decisions, not for bugs"
    assert len({k.id for k in known}) == len(known)
    spec_names = {s.name for s in SPECS}
    for k in known:
        assert "\n" not in k.reason and len(k.reason) < 160, k.id
        assert set(k.specs) <= spec_names, f"{k.id} names a spec that does not exist"


def _anchors(markdown: str) -> set[str]:
    """The ids MkDocs gives the headings (and explicit {#id} attributes) of a page."""
    anchors = set(re.findall(r"\{:?\s*#([\w-]+)", markdown))
    for heading in re.findall(r"^#+\s+(.*?)\s*$", markdown, flags=re.M):
        slug = re.sub(r"[^\w\s-]", "", heading.lower()).strip()
        anchors.add(re.sub(r"[-\s]+", "-", slug))
    return anchors


def test_known_differences_are_documented_on_the_pytorch_page() -> None:
    page = (ROOT / known_differences.PAGE).read_text(encoding="utf-8")
    missing = [f"{k.id} -> #{k.anchor}" for k in known_differences.KNOWN
               if k.anchor not in _anchors(page)]
    assert not missing, f"{known_differences.PAGE} has no heading for: {missing}"


# ---- without torch: skipped, except under make parity --------------------------------------
@pytest.mark.parametrize("required", [False, True])
def test_without_torch_the_suite_is_skipped_unless_required(tmp_path, required) -> None:
    hidden = "raise ModuleNotFoundError('torch is hidden for this test')\n"
    (tmp_path / "torch.py").write_text(hidden)  # as if torch were not installed
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    env.pop("MINIGRAD_REQUIRE_TORCH", None)
    if required:
        env["MINIGRAD_REQUIRE_TORCH"] = "1"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", str(Path(__file__).parent), "-p", "no:cacheprovider",
         "-p", "no:xdist", "-p", "no:randomly", "-q", "-rs"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    if required:
        assert run.returncode != 0 and "torch is hidden" in run.stdout + run.stderr
    else:
        # 5: pytest's "no tests ran" (every module skipped itself)
        assert run.returncode in (0, 5) and "SKIPPED" in run.stdout and "passed" not in run.stdout
