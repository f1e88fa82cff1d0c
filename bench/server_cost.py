"""Where P8's CPU goes: a push's work a change, one push at a time, split between the server's
Python and PostgreSQL, against the same split for the plain INSERT baseline, in the same run.

server_bench.py measures throughput with 50 devices on two shared cores, where every process
competes with every other; this runs everything serially and quietly, so its figures are the
work itself. The server side is the push route of `odesk.server.app` called in this process as
an ASGI app (FastAPI, validation, plan, JSON, the psycopg driver; no HTTP socket), over a
throwaway PostgreSQL; the baseline is server_bench's: the same rows through psycopg
`executemany`, one transaction a batch. Python CPU is this process's (time.process_time);
PostgreSQL's is the run time of all its processes (/proc/<pid>/schedstat, nanoseconds), so the
background writer and WAL writer count too. Linux only.
Usage: python bench/server_cost.py [--batch 50] [--pushes 400]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from server_bench import (  # noqa: E402
    RAW_INSERT,
    RAW_TABLE,
    create_db,
    start_postgres,
    stop_postgres,
)
from tests.server.helpers import Device  # noqa: E402

from odesk.server import admin  # noqa: E402
from odesk.server.app import create_app  # noqa: E402


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[1])


def postgres_ns(postmaster: int) -> int:
    """Run time so far of the cluster's processes (the postmaster's and its children's), in
    nanoseconds; another cluster on the machine does not count."""
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            if int(pid) == postmaster or parent_of(int(pid)) == postmaster:
                total += int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
        except OSError:
            continue  # gone meanwhile
    return total


def measure(run: Callable[[], None], count: int, postmaster: int) -> tuple[float, float]:
    """(Python µs, PostgreSQL µs) a change for run(), which handles ``count`` changes."""
    python, postgres = time.process_time(), postgres_ns(postmaster)
    run()
    return (
        (time.process_time() - python) * 1e6 / count,
        (postgres_ns(postmaster) - postgres) / 1e3 / count,
    )


async def call(app: object, path: str, body: bytes, token: str | None = None) -> dict:
    """One POST through the app as uvicorn would make it; its JSON answer, which must be 200."""
    headers = [(b"host", b"bench"), (b"content-type", b"application/json")]
    headers.append((b"content-length", str(len(body)).encode()))
    if token is not None:
        headers.append((b"authorization", f"Bearer {token}".encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 2),
    }
    messages: list[dict] = []
    sent = False

    async def receive() -> dict:
        nonlocal sent
        if sent:  # the app may listen for a disconnect: none comes
            await asyncio.Event().wait()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict) -> None:
        messages.append(message)

    await app(scope, receive, send)  # type: ignore[operator]
    answer = json.loads(b"".join(m.get("body", b"") for m in messages[1:]))
    if messages[0]["status"] != 200:
        raise SystemExit(f"{path}: {messages[0]['status']} {answer}")
    return answer


async def serve(app: object, bodies: list[bytes], token: str) -> None:
    """Each body through the app's push route, one after another; every change must apply."""
    for body in bodies:
        answer = await call(app, "/v1/sync/push", body, token)
        if {r["status"] for r in answer["results"]} != {"applied"}:
            raise SystemExit(f"push refused: {answer['results'][:3]}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--pushes", type=int, default=400)
    args = parser.parse_args()
    executor, server = start_postgres()
    try:
        suffix = uuid.uuid4().hex[:8]
        url = create_db(server, f"odesk_cost_{suffix}")
        raw_url = create_db(server, f"raw_cost_{suffix}")
        admin.add_team(url, "Bench team", team_id="team-a")
        admin.add_user(url, "Bench practitioner", ["practitioner"], ["team-a"], user_id="ana")
        app = create_app(url)
        enrol = {"code": admin.make_code(url, "ana"), "device_name": "bench"}
        answer = asyncio.run(call(app, "/v1/devices/enroll", json.dumps(enrol).encode()))
        device = Device("http://bench", answer, "ana")
        with psycopg.connect(url) as conn:  # a backend's parent is the cluster's postmaster
            postmaster = parent_of(conn.info.backend_pid)
        batches = [
            [device.network("team-a") for _ in range(args.batch)] for _ in range(args.pushes)
        ]
        bodies = []
        for batch in batches:
            changes = []
            for record in batch:
                device.seq += 1
                changes.append(
                    {"change_id": str(uuid.uuid4()), "device_seq": device.seq, "record": record}
                )
            bodies.append(json.dumps({"changes": changes}).encode())
        rows = [
            [
                (r["id"], r["rev"], str(uuid.uuid4()), r["kind"], json.dumps(r), r["id"])
                + ("team-a", device.device_id, seq, "ana")
                for r in batch
            ]
            for seq, batch in enumerate(batches)
        ]
        warm = args.pushes // 10  # connections, plans and caches made before the clock
        count = (args.pushes - warm) * args.batch
        asyncio.run(serve(app, bodies[:warm], device.token))
        server_cost = measure(
            lambda: asyncio.run(serve(app, bodies[warm:], device.token)), count, postmaster
        )

        with psycopg.connect(raw_url) as conn:
            conn.execute(RAW_TABLE)
            conn.commit()

            def insert(batches: list[list[tuple]]) -> None:
                for batch in batches:
                    with conn.transaction(), conn.cursor() as cur:
                        cur.executemany(RAW_INSERT, batch)

            insert(rows[:warm])
            raw_cost = measure(lambda: insert(rows[warm:]), count, postmaster)
    finally:
        stop_postgres(executor)
    for name, (python, postgres) in (("server push", server_cost), ("raw INSERT", raw_cost)):
        print(
            f"{name}: {python + postgres:.1f} µs a change = Python {python:.1f}"
            f" + PostgreSQL {postgres:.1f} ({args.batch} a push/transaction, one at a time)"
        )
    print(
        f"P8 CPU a change, one push at a time: {sum(server_cost) / sum(raw_cost):.2f}x a raw row's"
        f" (Python {server_cost[0] / raw_cost[0]:.2f}x, PostgreSQL"
        f" {server_cost[1] / raw_cost[1]:.2f}x)"
    )
    return 0


if __name__ == "__main__":
    os.environ.setdefault("ODESK_SERVER_RATE_LIMIT", "0")
    sys.exit(main())
