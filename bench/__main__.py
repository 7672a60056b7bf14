"""`python -m bench`: run the workloads, print the table, write bench/results.json.

    python -m bench                     every workload, full size
    python -m bench overhead deep       only these
    python -m bench --quick             fewer rounds (a rough look, not for the docs)
    python -m bench --no-torch          skip PyTorch even when it is installed
    python -m bench --profile logreg    where minigrad's step spends its time (cProfile)
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from pathlib import Path

from .harness import DisagreementError, machine_info, try_import_torch
from .profile import profile_workload
from .report import publish, table
from .runner import run_workload
from .workloads import BY_NAME, WORKLOADS

RESULTS = Path(__file__).resolve().parent / "results.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", help=f"workloads to run (default: all of "
                        f"{', '.join(BY_NAME)})")
    parser.add_argument("--quick", action="store_true", help="fewer timed rounds")
    parser.add_argument("--no-torch", action="store_true", help="do not compare with PyTorch")
    parser.add_argument("--profile", action="store_true",
                        help="profile minigrad's step of the named workloads instead of timing")
    parser.add_argument("--out", type=Path, default=None,
                        help="where to write the JSON (default: bench/results.json for a "
                        "full run of every workload, nowhere otherwise)")
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in BY_NAME]
    if unknown:
        parser.error(f"unknown workload(s) {', '.join(unknown)}; choose from {', '.join(BY_NAME)}")
    chosen = [BY_NAME[n] for n in args.names] if args.names else WORKLOADS
    if args.profile:
        if not args.names:
            parser.error("--profile needs the names of the workloads to profile, e.g. logreg")
        for w in chosen:
            print(profile_workload(w, "tiny" if args.quick else "full", 20 if args.quick else 200))
        return 0

    results = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": machine_info(),
        "quick": args.quick,
        "workloads": [],
    }
    # Importing torch alone makes ~150,000 Python objects, which every full garbage
    # collection in minigrad's steps would rescan; a user's process without torch has
    # ~25,000. Freezing what exists now (the imported modules) keeps that cost out of
    # minigrad's times; the objects the steps create are still collected as usual.
    try_import_torch()
    gc.collect()
    gc.freeze()
    failed = False
    for w in chosen:
        print(f"running {w.name} ...", file=sys.stderr, flush=True)
        try:
            results["workloads"].append(run_workload(w, args.quick, not args.no_torch))
        except DisagreementError as error:
            print(f"  DISAGREE: {error}", file=sys.stderr)
            results["workloads"].append({"name": w.name, "skipped": f"disagreement: {error}"})
            failed = True
    print(table(results))

    complete = not args.names and not args.quick and not args.no_torch
    out = args.out or (RESULTS if complete else None)
    if out is not None:
        out.write_text(json.dumps(results, indent=2, default=str) + "\n")
        print(f"\nwrote {out}", file=sys.stderr)
        if complete:
            for path in publish(results):
                print(f"updated the table in {path}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
