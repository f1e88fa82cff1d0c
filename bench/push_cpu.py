"""The trust server's CPU a pushed change on P11's data set, in this process and one push at a
time: the figure behind P11 and P15 that a shared machine measures best.

Builds P11's laptop and empty SQLite server (bench/push_notes.py: 8 networks, N/5 meetings, N
signed ~2 KiB notes), pushes them once with `sync_once` to keep the very request bodies it
sends, then replays those bodies through the push route of `odesk.server.app` called as an
ASGI app (bench/server_cost.py's `call`: FastAPI, parsing, validation, plan, SQLite, the
answer; no HTTP socket), each replay on a fresh copy of the empty server. The route's thread
hop is made inline so that `--profile` sees the push itself, and the laptop's objects are
frozen out of the collector's passes as a server worker freezes its own (app_from_env). Prints
the process CPU (time.process_time) of each replay and the least, a change.
Usage: python bench/push_cpu.py [--notes 10000] [--runs 5] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import anyio.to_thread  # noqa: E402
from push_notes import World, timed_sync  # noqa: E402
from server_cost import call  # noqa: E402

from odesk.server.app import create_app  # noqa: E402


async def _inline(function: Any, *args: Any, **_: Any) -> Any:
    return function(*args)


async def replay(app: Any, bodies: list[bytes], token: str) -> None:
    for body in bodies:
        answer = await call(app, "/v1/sync/push", body, token)
        if not {r["status"] for r in answer["results"]} <= {"applied"}:
            raise SystemExit(f"push refused: {answer['results'][:3]}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="cProfile (CPU) of the last run")
    args = parser.parse_args()
    anyio.to_thread.run_sync = _inline  # type: ignore[assignment]
    with tempfile.TemporaryDirectory(prefix="odesk-push-cpu-") as tmp:
        root = Path(tmp)
        (root / "world").mkdir()
        world = World(root / "world", args.notes)
        _, _, bodies = timed_sync(world)
        # The laptop's objects, made above, are left out of the collector's passes, so that
        # the replays measure the server alone (as in a process of its own).
        gc.collect()
        gc.freeze()
        cpu: list[float] = []
        for run in range(args.runs):
            copy = root / f"server{run}"
            shutil.copytree(world.server_dir.with_name("server.kept"), copy)
            app = create_app(f"sqlite:///{copy / 'server.db'}")
            asyncio.run(call(app, "/v1/sync/push", b'{"changes":[]}', world.token))  # warm
            profile = cProfile.Profile(time.process_time) if args.profile else None
            started = time.process_time()
            if profile is not None and run == args.runs - 1:
                profile.enable()
            asyncio.run(replay(app, bodies, world.token))
            if profile is not None:
                profile.disable()
            cpu.append(time.process_time() - started)
            shutil.rmtree(copy)
    if args.profile and profile is not None:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
    best = min(cpu)
    print(
        f"server CPU for the push of {world.pending:,} records in {len(bodies)} bodies:"
        f" {best:.3f} s, {best * 1e6 / world.pending:.1f} µs a change (least of"
        f" {', '.join(f'{c:.3f}' for c in cpu)} s; load {os.getloadavg()[0]:.1f})"
    )
    return 0


if __name__ == "__main__":
    os.environ.setdefault("ODESK_SERVER_RATE_LIMIT", "0")
    sys.exit(main())
