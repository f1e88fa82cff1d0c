"""`make bench`: every benchmark in turn, then every `P<n> ...: <ratio>x` figure of the run together.

    python bench/run_all.py [--only NAME ...]

Runs bench/*_bench.py and server_cost.py (P8's CPU a change) one after another with their default
sizes, each as its own process with its output shown as it comes, then prints the figures again,
sorted by number, under the date, the machine's CPU count and its load when the run started (the
figures are ratios against baselines measured in the same run; on a shared machine they move).
Names a figure no bench printed. Exit status 1 if any bench failed (the others still run).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXTRA = ("server_cost.py",)  # not named *_bench.py, but prints a P8 breakdown
# P7 was never defined by any issue; P1-P6, P8-P10 are the earlier figures, P11 onward issue 19's.
EXPECTED = [f"P{n}" for n in (1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16)]
FIGURE = re.compile(r"^(P(\d+))\b[^:]*: .*$")


def benches(only: list[str]) -> list[Path]:
    found = sorted(HERE.glob("*_bench.py")) + [HERE / name for name in EXTRA]
    if only:
        found = [p for p in found if p.stem in only or p.name in only]
    return [p for p in found if p.exists()]


def run(script: Path) -> tuple[int, list[str], float]:
    """Run one bench, echoing its output; (exit status, its figure lines, seconds)."""
    started = time.monotonic()
    figures: list[str] = []
    with subprocess.Popen(
        [sys.executable, str(script)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    ) as child:
        assert child.stdout is not None
        for line in child.stdout:
            print(line, end="", flush=True)
            if FIGURE.match(line.strip()):
                figures.append(line.strip())
    return child.returncode, figures, time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=[], help="bench names (e.g. store_bench)")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    start = datetime.now(UTC)
    figures: list[tuple[int, str, str]] = []
    failed: list[str] = []
    for script in benches(args.only):
        print(f"\n=== {script.name} ===", flush=True)
        code, lines, secs = run(script)
        print(f"=== {script.name}: exit {code} in {secs:.0f} s ===", flush=True)
        if code != 0:
            failed.append(script.name)
        for line in lines:
            number = FIGURE.match(line)
            assert number is not None
            figures.append((int(number[2]), script.name, line))
    print(
        f"\nfigures of {start:%Y-%m-%d %H:%M} UTC ({os.cpu_count()} CPUs, load {load:.1f} at the"
        f" start; ratios against baselines of the same run)"
    )
    for _, script, line in sorted(figures, key=lambda f: f[0]):
        print(f"  {line}  [{script}]")
    printed = {f"P{n}" for n, _, _ in figures}
    missing = [p for p in EXPECTED if p not in printed]
    if missing and not args.only:
        print(f"  not printed by any bench: {', '.join(missing)}")
    if failed:
        print(f"  failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
