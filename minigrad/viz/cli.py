"""`python -m minigrad graph SCRIPT.py --out DIR`: run a script, draw its loss.

The script runs as if started with `python SCRIPT.py`; afterwards the
tensor it left in the variable `loss` (or `--var NAME`) is drawn. The
script's own variable names label its tensors (and the parameters of any
Module it left in a variable), so the picture uses the names the learner
wrote.

A script may end with `sys.exit(0)` (its variables are still there), may
change directory (`--out` was already fixed relative to where the command
ran), and is stopped after `--timeout` seconds, since a script that never
ends leaves nothing to draw.
"""

from __future__ import annotations

import argparse
import io
import os
import signal
import sys
import threading
import traceback
import types
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..tensor import Tensor
from .dot import draw_graph
from .render import GraphvizNotFoundError, save

DEFAULT_TIMEOUT = 120.0  # seconds


class ScriptTimeout(BaseException):
    """Raised inside a script that runs past --timeout.

    A BaseException, like KeyboardInterrupt, so that a script's own
    `except Exception:` does not swallow it.
    """


def _seconds(text: str) -> float:
    value = float(text)  # argparse turns a ValueError into a usage error
    if not value >= 0:  # also refuses NaN
        raise argparse.ArgumentTypeError(f"must be 0 (no limit) or more seconds, got {text}")
    return value


def parser() -> argparse.ArgumentParser:
    """The command line of `python -m minigrad graph`."""
    p = argparse.ArgumentParser(
        prog="python -m minigrad graph",
        description="Run a Python script and draw the computation graph of a tensor it leaves "
        "in a variable (by default `loss`).",
        epilog="The script runs as `python SCRIPT.py` would run it. It may end with "
        "sys.exit(0) (or exit()): its variables are still drawn; any other exit code "
        "stops the command. --out is taken relative to the directory the command runs "
        "in, even if the script changes directory. A script still running after "
        "--timeout seconds is stopped with a message (the limit needs a POSIX system; "
        "a script that catches BaseException cannot be stopped this way).",
    )
    p.add_argument("script", help="the Python script to run")
    p.add_argument(
        "--out", required=True, help="folder to write the picture(s) into (made if missing)"
    )
    p.add_argument("--var", default="loss", help="the variable holding the tensor (default: loss)")
    p.add_argument(
        "--format", default="svg", choices=("svg", "png", "pdf", "dot"), help="file format"
    )
    p.add_argument(
        "--backward", action="store_true", help="also draw the gradient flow (NAME_backward.FMT)"
    )
    p.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"stop the script if it runs longer (default: {DEFAULT_TIMEOUT:g}; 0: no limit)",
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


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ScriptTimeout in the code inside once `seconds` have passed (0/None: never).

    A timer signal interrupts a busy loop and a blocking call (sleep, input)
    alike; it fires again every half second in case the script catches it.
    It needs SIGALRM and the main thread; elsewhere there is no limit.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not seconds or not usable:
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise ScriptTimeout

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_script(script: Path, timeout: float | None = None) -> tuple[dict[str, Any], Any]:
    """Run the script as __main__ with its folder on sys.path, like `python SCRIPT.py`.

    Returns its variables and its exit code (None unless it called sys.exit;
    `sys.exit(0)` still returns the variables). sys.argv, sys.path, the
    __main__ module and the working directory are restored afterwards.
    """
    with io.open_code(str(script)) as file:  # bytes: compile reads any coding cookie
        code = compile(file.read(), str(script), "exec")
    module = types.ModuleType("__main__")
    module.__file__ = str(script)
    saved = sys.argv[:], sys.path[:], sys.modules["__main__"], os.getcwd()
    sys.argv = [str(script)]
    sys.path.insert(0, str(script.resolve().parent))
    sys.modules["__main__"] = module  # as runpy does: the script's classes live in __main__
    exit_code = None
    try:
        with time_limit(timeout):
            try:
                exec(code, module.__dict__)  # noqa: S102  (running the user's script is the point)
            except SystemExit as stop:
                exit_code = stop.code
    finally:
        sys.argv, sys.path[:], sys.modules["__main__"], cwd = saved
        try:
            os.chdir(cwd)
        except OSError:
            pass  # the script removed it; nothing to go back to
    return module.__dict__, exit_code


def main(argv: list[str] | None = None) -> int:
    """Run the `graph` command; returns the exit code (0 on success)."""
    args = parser().parse_args(argv)
    script = Path(args.script)
    if not script.is_file():
        print(f"graph: no such script: {script}", file=sys.stderr)
        return 2
    out = Path(os.path.abspath(args.out))  # now: the script may change directory
    try:
        namespace, exit_code = run_script(script, args.timeout)
    except ScriptTimeout:
        print(
            f"graph: {script} was still running after {args.timeout:g} s, so it was stopped. "
            "The graph command draws what a script leaves behind when it ends; if it loops "
            "forever or waits for input, make it stop, or allow more time with "
            "--timeout SECONDS (0: no limit).",
            file=sys.stderr,
        )
        return 1
    except Exception:  # noqa: BLE001  (report the script's own error, then stop)
        traceback.print_exc()
        print(f"graph: {script} raised the error above", file=sys.stderr)
        return 1
    if exit_code not in (None, 0):
        if isinstance(exit_code, str):  # sys.exit("message"): Python would print it
            print(exit_code, file=sys.stderr)
            exit_code = 1
        print(f"graph: {script} exited with code {exit_code}", file=sys.stderr)
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
