"""P16: `odesk --version` against `python -c pass`, both started as new processes, in one run.

    python bench/startup_bench.py [--runs 30]

Prints `P16 odesk --version: 2.10x python -c pass (odesk 21 ms, python 10 ms; ...)`. Both sides run
with PYTHONDONTWRITEBYTECODE=1, as in a read-only install: nothing is compiled and kept during the
run, so the figure holds only if the set-up shipped compiled bytecode (`make .venv` compiles the
environment and odesk's own modules; the server image and the PyInstaller bundle carry bytecode).
Goal <= 3x. The two commands run in turns and the figure is the median of the pairs' ratios,
with the middle half of those ratios as its noise.

Two more lines say where the time would go otherwise:
- how many of the modules `odesk --version` loads came from compiled bytecode (PYTHONVERBOSE's
  "code object from" lines): any loaded from source is compiled at every start;
- what a store command's imports (odesk.store, odesk.sync, odesk.exchange, the CLI) cost with the
  environment's bytecode and with none at all (an empty PYTHONPYCACHEPREFIX, so the standard
  library's modules are compiled too: an upper bound of what a set-up without bytecode costs).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

STORE_COMMAND_IMPORTS = "import odesk.cli, odesk.store, odesk.sync, odesk.exchange"


def odesk_command() -> list[str]:
    """The installed `odesk` console script beside this Python, or the same entry point."""
    script = Path(sys.executable).with_name("odesk")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from odesk.cli import main; sys.exit(main())"]


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONVERBOSE", "PYTHONPYCACHEPREFIX")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra)
    return env


def wall(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def modules_by_origin(cmd: list[str], env: dict[str, str]) -> tuple[list[str], list[str]]:
    """(files loaded from bytecode, files compiled from source) when cmd runs."""
    out = subprocess.run(
        cmd, env={**env, "PYTHONVERBOSE": "1"}, capture_output=True, text=True, check=True
    ).stderr
    found = re.findall(r"^# code object from '?(.+?)'?$", out, re.M)
    compiled = [f for f in found if f.endswith(".pyc")]
    return compiled, [f for f in found if not f.endswith(".pyc")]


def run(runs: int, out: Callable[[str], None]) -> None:
    odesk = [*odesk_command(), "--version"]
    bare = [sys.executable, "-c", "pass"]
    env = environment()
    wall(odesk, env), wall(bare, env)  # warm the page cache
    t_odesk: list[float] = []
    t_bare: list[float] = []
    for i in range(runs):
        # In turns, starting with each side half the time: load from other processes falls on both.
        first, second = (odesk, bare) if i % 2 == 0 else (bare, odesk)
        a, b = wall(first, env), wall(second, env)
        t_odesk.append(a if first is odesk else b)
        t_bare.append(b if first is odesk else a)
    ratios = sorted(o / b for o, b in zip(t_odesk, t_bare, strict=True))
    q = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else [ratios[0]] * 3
    out(
        f"P16 odesk --version: {statistics.median(ratios):.2f}x python -c pass"
        f" (odesk {statistics.median(t_odesk) * 1000:.0f} ms, python"
        f" {statistics.median(t_bare) * 1000:.0f} ms; middle half of {runs} pairs"
        f" {q[0]:.2f}-{q[2]:.2f}x; goal <= 3x)"
    )

    compiled, source = modules_by_origin(odesk, env)
    note = "" if not source else "; compiled at every start: " + ", ".join(source[:5])
    out(
        f"  odesk --version loads {len(compiled)} of {len(compiled) + len(source)} modules"
        f" from compiled bytecode{note}"
    )

    imports = [sys.executable, "-c", STORE_COMMAND_IMPORTS]
    with_bytecode = statistics.median(wall(imports, env) for _ in range(max(3, runs // 6)))
    empty = tempfile.mkdtemp(prefix="odesk-no-bytecode-")
    try:
        none = environment(PYTHONPYCACHEPREFIX=empty)
        without = statistics.median(wall(imports, none) for _ in range(max(1, runs // 10)))
    finally:
        shutil.rmtree(empty, ignore_errors=True)
    out(
        f"  a store command's imports: {with_bytecode * 1000:.0f} ms with the shipped bytecode,"
        f" {without * 1000:.0f} ms with no bytecode at all (everything compiled at start)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="pairs of starts (30)")
    args = parser.parse_args(argv)
    print(f"start-up benchmark: runs={args.runs}, python {sys.version.split()[0]}")
    run(args.runs, lambda s: print(s, flush=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
