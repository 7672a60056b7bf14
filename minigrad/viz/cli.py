"""`python -m minigrad graph SCRIPT.py --out DIR`: run a script, draw its loss.

The script runs as if started with `python SCRIPT.py`; afterwards the
tensor it left in the variable `loss` (or `--var NAME`) is drawn. The
script's own variable names label its tensors (and the parameters of any
Module it left in a variable), so the picture uses the names the learner
wrote.
"""

from __future__ import annotations

import argparse
import runpy
import sys
import traceback
from pathlib import Path
from typing import Any

from ..tensor import Tensor
from .dot import draw_graph
from .render import GraphvizNotFoundError, save


def parser() -> argparse.ArgumentParser:
    """The command line of `python -m minigrad graph`."""
    p = argparse.ArgumentParser(
        prog="python -m minigrad graph",
        description="Run a Python script and draw the computation graph of a tensor it leaves "
        "in a variable (by default `loss`).",
    )
    p.add_argument("script", help="the Python script to run")
    p.add_argument("--out", required=True, help="folder to write the picture(s) into")
    p.add_argument("--var", default="loss", help="the variable holding the tensor (default: loss)")
    p.add_argument(
        "--format", default="svg", choices=("svg", "png", "pdf", "dot"), help="file format"
    )
    p.add_argument(
        "--backward", action="store_true", help="also draw the gradient flow (NAME_backward.FMT)"
    )
    return p


def script_names(namespace: dict[str, Any]) -> tuple[dict[Tensor, str], list[tuple[str, Any]]]:
    """Tensors named by the script's variables, and the Module-like objects it defined."""
    names: dict[Tensor, str] = {}
    modules = []
    for var, value in namespace.items():
        if var.startswith("_"):
            continue
        if isinstance(value, Tensor):
            names.setdefault(value, var)  # the first variable name wins
        elif hasattr(value, "named_parameters") and not isinstance(value, type):
            modules.append((var, value))
    for var, module in modules:
        try:
            for pname, param in module.named_parameters():
                if isinstance(param, Tensor):
                    names[param] = f"{var}.{pname}"
        except Exception:  # noqa: BLE001  (a broken object must not stop the drawing)
            continue
    return names, modules


def run_script(script: Path) -> dict[str, Any]:
    """Run the script as __main__ with its folder on sys.path, like `python SCRIPT.py`."""
    saved_argv, saved_path = sys.argv[:], sys.path[:]
    sys.argv = [str(script)]
    sys.path.insert(0, str(script.resolve().parent))
    try:
        return runpy.run_path(str(script), run_name="__main__")
    finally:
        sys.argv, sys.path[:] = saved_argv, saved_path


def main(argv: list[str] | None = None) -> int:
    """Run the `graph` command; returns the exit code (0 on success)."""
    args = parser().parse_args(argv)
    script = Path(args.script)
    if not script.is_file():
        print(f"graph: no such script: {script}", file=sys.stderr)
        return 2
    try:
        namespace = run_script(script)
    except SystemExit as stop:
        if stop.code not in (None, 0):
            print(f"graph: {script} exited with code {stop.code}", file=sys.stderr)
            return 1
        print(f"graph: {script} called sys.exit() before defining variables", file=sys.stderr)
        return 1
    except Exception:  # noqa: BLE001  (report the script's own error, then stop)
        traceback.print_exc()
        print(f"graph: {script} raised the error above", file=sys.stderr)
        return 1
    value = namespace.get(args.var)
    if not isinstance(value, Tensor):
        tensors = sorted(k for k, v in namespace.items() if isinstance(v, Tensor))
        found = "missing" if value is None else f"a {type(value).__name__}, not a Tensor"
        hint = f"Tensors it defines: {', '.join(tensors)}" if tensors else "It defines no Tensor."
        print(
            f"graph: the variable {args.var!r} in {script} is {found}. {hint} "
            "Choose one with --var NAME.",
            file=sys.stderr,
        )
        return 2
    names, _ = script_names(namespace)
    names[value] = args.var
    out = Path(args.out)
    views = [(args.var, False)] + ([(f"{args.var}_backward", True)] if args.backward else [])
    for stem, backward in views:
        try:
            graph = draw_graph(value, names=names, backward=backward)
            written = save(graph, out / f"{stem}.{args.format}")
        except GraphvizNotFoundError as error:
            print(f"graph: {error}", file=sys.stderr)
            return 1
        except Exception as error:  # noqa: BLE001
            print(
                f"graph: could not draw {args.var!r}: {type(error).__name__}: {error}",
                file=sys.stderr,
            )
            return 1
        print(f"wrote {written}")
    return 0
