"""PyTorch programs run on minigrad with only their imports changed (issue 13).

examples/pytorch_style/ holds small programs written for PyTorch, the way
tutorials write them. Each test here changes the program's import lines by one
rule, the one a user would apply (see `to_minigrad` and the folder's README),
and nothing else:

    import torch              ->  import minigrad as torch
    import torch.nn as nn     ->  import minigrad.nn as nn
    from torch.X import Y     ->  from minigrad.X import Y

then runs it in a fresh interpreter and compares the numbers it prints with
the ones PyTorch prints, stored in examples/pytorch_style/expected/ (torch is
not installed for learners). The tests marked `torch` also run the original
program with PyTorch, when it is installed (under `make parity` a missing torch
is an error): PyTorch must still print the stored numbers, and minigrad must
print PyTorch's. Record the stored output anew after changing a program (all, or those named):

    .venv/bin/python tests/test_pytorch_style.py --record [11_tensor_idioms ...]

Numbers are compared to a relative tolerance of 1e-4 plus the precision they
are printed with (half a unit of the last digit shown, on each side). The
training runs are float32: each op rounds at about 6e-8, and the libraries
add up sums and matrix products in different orders (numpy's pairwise
summation, torch's vectorised kernels), so their last bits differ and the
differences grow over a few hundred steps (to about 1e-6 here). 1e-4 leaves
room for that; a wrong formula, a missed step or a wrong default is off by
far more. True/False, nan and inf must be the same.
"""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from torch_or_skip import torch_or_skip

ROOT = Path(__file__).resolve().parents[1]
PROGRAMS_DIR = ROOT / "examples" / "pytorch_style"
EXPECTED_DIR = PROGRAMS_DIR / "expected"
PROGRAMS = sorted(PROGRAMS_DIR.glob("[0-9][0-9]_*.py"))
RTOL = 1e-4
TIMEOUT = 300  # seconds per program (they take one or two)

# ---- the rule: only the import lines change --------------------------------------------
_IMPORT_TORCH = re.compile(r"^import torch$")
_IMPORT_FROM_TORCH = re.compile(r"^(import|from) torch([. ])")


def to_minigrad(source: str) -> str:
    """`source` with its torch imports made minigrad's, every other line as it was."""
    lines = []
    for line in source.splitlines(keepends=True):
        body = line.rstrip("\n")
        new = _IMPORT_TORCH.sub("import minigrad as torch", body)
        new = _IMPORT_FROM_TORCH.sub(r"\1 minigrad\2", new)
        lines.append(new + line[len(body):])
    return "".join(lines)


def changed_lines(source: str) -> list[tuple[str, str]]:
    """The (before, after) pairs of the lines `to_minigrad` changes."""
    pairs = zip(source.splitlines(), to_minigrad(source).splitlines())
    return [(old, new) for old, new in pairs if old != new]


# ---- running a program --------------------------------------------------------------------
def run(source: str, folder: Path, name: str) -> subprocess.CompletedProcess[str]:
    """Run `source` as the script `name` in a fresh interpreter, in `folder`."""
    path = folder / name
    path.write_text(source, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]), MPLBACKEND="Agg")
    return subprocess.run([sys.executable, str(path)], cwd=folder, capture_output=True,
                          text=True, timeout=TIMEOUT, env=env, check=False)


# ---- comparing printed numbers ---------------------------------------------------------
# A number not glued to a word (so `float32`, `layers.0`, `d2f` hold none), or a word
# that must match exactly.
TOKEN = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w.])"
                   r"|(?<![\w.])(?:True|False|[-+]?nan|[-+]?inf)(?!\w)")


def tokens(text: str) -> list[str]:
    """The numbers and True/False/nan/inf printed in `text`, in order."""
    return TOKEN.findall(text)


def _half_unit(token: str) -> float:
    """Half a unit of the last digit shown: how far the printed number can be from the
    value it was rounded from. Integers (and numpy's `3.`) are taken as exact."""
    mantissa, _, exponent = token.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 0.5 * 10.0 ** (int(exponent or 0) - decimals) if decimals else 0.0


def same_number(a: str, b: str, rtol: float = RTOL) -> bool:
    """Whether two printed tokens say the same (see the module's docstring)."""
    if not re.match(r"[-+]?[\d.]", a) or not re.match(r"[-+]?[\d.]", b):
        return a.lstrip("+") == b.lstrip("+")  # True, False, nan, inf
    x, y = float(a), float(b)
    rounding = (_half_unit(a) + _half_unit(b)) * 1.001  # 1.001: 0.1235 - 0.1234 > 1e-4
    return math.isclose(x, y, rel_tol=rtol, abs_tol=rounding)


def compare(printed: str, reference: str, who: str = "minigrad", rtol: float = RTOL) -> None:
    """Fail with the first difference between the numbers of two outputs."""
    got, want = tokens(printed), tokens(reference)
    for i, (g, w) in enumerate(zip(got, want)):
        if not same_number(g, w, rtol):
            raise AssertionError(
                f"printed number {i} differs: {who} {g}, PyTorch {w}\n"
                f"--- {who} printed:\n{printed}\n--- PyTorch printed:\n{reference}")
    if len(got) != len(want):
        raise AssertionError(
            f"{who} printed {len(got)} numbers, PyTorch {len(want)}\n"
            f"--- {who} printed:\n{printed}\n--- PyTorch printed:\n{reference}")


def expected(program: Path) -> str:
    return (EXPECTED_DIR / f"{program.stem}.txt").read_text(encoding="utf-8")


def _run_on_minigrad(program: Path, folder: Path) -> str:
    source = program.read_text(encoding="utf-8")
    result = run(to_minigrad(source), folder, program.name)
    assert result.returncode == 0, (
        f"{program.name} failed on minigrad (only its imports changed):\n{result.stderr}")
    assert result.stderr == "", f"{program.name} warned on minigrad:\n{result.stderr}"
    return result.stdout


def _needs_torch() -> None:
    torch_or_skip()


# ---- the tests ------------------------------------------------------------------------
def test_the_rule_changes_the_import_lines_and_nothing_else() -> None:
    source = ("import math\n\nimport numpy as np\nimport torch\nimport torch.nn as nn\n"
              "import torch.nn.functional as F\nfrom torch import optim\n"
              "from torch.utils.data import DataLoader\nimport torchvision\n"
              "x = torch.tensor([1.0])  # import torch\n")
    assert to_minigrad(source) == (
        "import math\n\nimport numpy as np\nimport minigrad as torch\nimport minigrad.nn as nn\n"
        "import minigrad.nn.functional as F\nfrom minigrad import optim\n"
        "from minigrad.utils.data import DataLoader\nimport torchvision\n"
        "x = torch.tensor([1.0])  # import torch\n")
    assert len(changed_lines(source)) == 5


def test_the_comparison_allows_rounding_and_catches_differences() -> None:
    assert tokens("epoch 10, loss 0.1235 float32 layers.0.weight d2f -1e-05 tensor([1., 2.])"
                  " True nan -inf x^2") == ["10", "0.1235", "-1e-05", "1.", "2.", "True",
                                            "nan", "-inf", "2"]
    compare("loss 0.1234 [0.12345679 3.]", "loss 0.1235 [0.1235, 3.0000]")  # rounding only
    compare("w = 1.00001", "w = 1.00002")  # float32 noise, well inside 1e-4
    for printed, reference in [("loss 0.1250", "loss 0.1235"), ("3 of 20", "4 of 20"),
                               ("[4., 5.]", "[4., 6.]"), ("ok: True", "ok: False"),
                               ("1.0 2.0", "1.0"), ("nan", "0.5")]:
        with pytest.raises(AssertionError):
            compare(printed, reference)


def test_every_program_has_its_pytorch_output_and_torch_imports() -> None:
    assert len(PROGRAMS) >= 9
    assert sorted(p.stem for p in PROGRAMS) == sorted(p.stem for p in EXPECTED_DIR.glob("*.txt"))
    for program in PROGRAMS:
        source = program.read_text(encoding="utf-8")
        assert "minigrad" not in source, f"{program.name} must be plain PyTorch code"
        assert changed_lines(source), f"{program.name} imports nothing from torch"
        changed = [old for old, _ in changed_lines(source)]
        imports = [line for line in source.splitlines()
                   if line.startswith(("import torch", "from torch"))]
        assert changed == imports, f"{program.name}: the rule must change exactly its imports"
        assert len(tokens(expected(program))) >= 5, f"{program.name} prints too few numbers"


@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p.stem)
def test_program_runs_on_minigrad_with_only_its_imports_changed(program: Path,
                                                                tmp_path: Path) -> None:
    printed = _run_on_minigrad(program, tmp_path)
    compare(printed, expected(program))


@pytest.mark.torch
@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p.stem)
def test_program_prints_what_pytorch_prints(program: Path, tmp_path: Path) -> None:
    _needs_torch()
    result = run(program.read_text(encoding="utf-8"), tmp_path, program.name)
    assert result.returncode == 0, f"{program.name} failed on PyTorch:\n{result.stderr}"
    # the stored output is still PyTorch's (else: record it again, see the docstring)
    compare(result.stdout, expected(program), who="PyTorch now")
    compare(_run_on_minigrad(program, tmp_path), result.stdout)


def record(stems: list[str]) -> None:
    """Run the programs (all, or those named) with PyTorch and store what they print."""
    import tempfile

    EXPECTED_DIR.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for program in [p for p in PROGRAMS if not stems or p.stem in stems]:
            result = run(program.read_text(encoding="utf-8"), Path(folder), program.name)
            if result.returncode != 0 or result.stderr:
                raise SystemExit(f"{program.name} on PyTorch:\n{result.stderr}")
            (EXPECTED_DIR / f"{program.stem}.txt").write_text(result.stdout, encoding="utf-8")
            print(f"recorded {program.stem}.txt ({len(tokens(result.stdout))} numbers)")


if __name__ == "__main__":
    if sys.argv[1:2] != ["--record"]:
        raise SystemExit("usage: python tests/test_pytorch_style.py --record [PROGRAM ...]")
    record([Path(name).stem for name in sys.argv[2:]])
