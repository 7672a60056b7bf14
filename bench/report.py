"""The results as a Markdown table, and where that table is published."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- bench-table:start -->", "<!-- bench-table:end -->"


def _time(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def _bytes(n: int | None) -> str:
    if n is None:
        return "-"
    if n < 1 << 20:
        return f"{n / 1024:.0f} KiB"
    return f"{n / (1 << 20):.1f} MiB"


def _ratio(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}x"


def _verdict(targets: dict[str, Any]) -> str:
    parts = []
    for name, ok in targets.items():
        parts.append(f"{name}: {'n/a' if ok is None else ('met' if ok else 'NOT met')}")
    return "; ".join(parts)


def table(results: dict[str, Any]) -> str:
    """The main table (times are medians per step), then the machine.

    minigrad's time is from its rounds with numpy; the torch column also gives
    minigrad's time in its rounds with torch, which `vs torch` divides.
    """
    lines = [
        "| workload | minigrad | numpy | torch (minigrad) | vs numpy | vs torch "
        "| peak mem minigrad / numpy | targets |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results["workloads"]:
        if "skipped" in r:
            lines.append(f"| {r['name']} | skipped: {r['skipped']} | | | | | | |")
            continue
        sec = r["seconds"]
        name = r["name"]
        if "us_per_op" in r and name == "overhead":
            per_op = r["us_per_op"]
            name += " (µs/op: " + ", ".join(f"{k} {v:.1f}" for k, v in per_op.items()) + ")"
        if "scaling" in r:
            name += " (10x size: " + ", ".join(
                f"{k} {v:.1f}x" for k, v in r["scaling"].items()
            ) + " time)"
        mem = r["peak_bytes"]
        torch_cell = _time(sec.get("torch"))
        if "minigrad_seconds_vs_torch" in r:
            torch_cell += f" ({_time(r['minigrad_seconds_vs_torch'])})"
        lines.append(
            f"| {name} | {_time(sec['minigrad'])} | {_time(sec['numpy'])} "
            f"| {torch_cell} | {_ratio(r['time_vs_numpy'])} "
            f"| {_ratio(r.get('time_vs_torch'))} "
            f"| {_bytes(mem['minigrad'])} / {_bytes(mem['numpy'])} "
            f"({_ratio(r['memory_vs_numpy'])}) | {_verdict(r['targets'])} |"
        )
    for r in results["workloads"]:
        if "minigrad_seconds_gc_paused" in r:
            paused = r["minigrad_seconds_gc_paused"]  # {"full": seconds, "small": seconds}
            full = paused["full"]
            lines.append(
                f"\n{r['name']}: minigrad with the garbage collector paused: "
                f"{_time(full)} ({_ratio(full / r['seconds']['minigrad'])} of its time"
                + (f", {_ratio(full / r['seconds']['torch'])} torch's" if "torch" in r["seconds"]
                   else "")
                + f"; 10x size: {full / paused['small']:.1f}x time)."
            )
    m = results["machine"]
    lines += [
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores; Python {m['python']}, numpy {m['numpy']}, "
        f"torch {m['torch'] or 'not installed'}"
        + (f" ({m['torch_threads']} threads)" if m.get("torch_threads") else "")
        + f"; {m['platform']}. Run on {results['date']}.",
    ]
    return "\n".join(lines)


def publish(results: dict[str, Any]) -> list[Path]:
    """Put the table between the markers in bench/README.md and docs/benchmarks(.ko).md."""
    text = table(results)
    written = []
    pages = ("bench/README.md", "docs/benchmarks.md", "docs/benchmarks.ko.md")
    for path in (ROOT / page for page in pages):
        if not path.exists():
            continue
        page = path.read_text()
        pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
        if not pattern.search(page):
            continue
        path.write_text(pattern.sub(lambda _: f"{START}\n{text}\n{END}", page))
        written.append(path)
    return written
