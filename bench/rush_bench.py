"""A 9 a.m. rush (issue 19, part 4): 100 devices make their first pull at once, pushes go on.

    python bench/rush_bench.py [--devices 100] [--records 10000] [--page 1000]
                               [--push-devices 50] [--push-batches 4] [--push-batch 50] [--db URL]

`odesk-server serve --workers 2` over PostgreSQL (a throwaway cluster from the machine's
binaries, as bench/server_bench.py starts it, unless --db names a server) holds about
--records fictional records of odesk.demo.data (networks with meetings, signed notes, addenda,
reviews, ratings) that the demo practitioner may read. --devices of her devices, enrolled
through the server's one-time codes, then start their first pull at the same moment, walking
`/v1/sync/pull` pages of --page records to the end.

The load generator is one separate process (asyncio, a bare keep-alive HTTP/1.1 connection a
device) that reads each page's bytes and takes the cursor from the page's tail without decoding the records, so
that the two shared cores measure the server: the bench prints how the CPU was split during the
rush (server workers, PostgreSQL, the load generator, the push devices, anything else on the
machine) from /proc.

P14 rush pull p99/median: the 99th percentile of the devices' whole first-pull times over their
    median (goal <= 3x); every device must get every record with no error.
P15 push during rush: while the rush runs, the 50-device push of server_bench.py (P8: 4 batches
    of 50 new records a device, other team; the devices spoken from one asyncio loop, see
    push_rate) is timed again; its rate over the raw INSERT rate of the same rows (psycopg, 50
    connections kept open, one transaction a batch, the median of --quiet-rounds rounds on the
    quiet server before the rush, their range printed: that baseline is bound by its 50 client
    threads and moves by half from one round to the next) (goal >= 0.5). The quiet push rate is
    printed beside it.

Everything is bounded (timeouts on every request and on the rush), on 127.0.0.1 only, and the
cluster is stopped and removed at the end. Data is fictional.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import re
import resource
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import orjson

os.environ.setdefault("ODESK_SERVER_RATE_LIMIT", "0")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))  # tests/servers.py, tests/server/helpers.py
sys.path.insert(0, str(ROOT / "bench"))  # demo_seed, server_bench

RUSH_TIMEOUT = 900.0  # seconds the whole rush may take before the load generator gives up
REQUEST_TIMEOUT = 300.0
ATTEMPTS = 3
_TAIL = re.compile(rb'"cursor":"([^"]*)","more":(true|false)')
_RECORD = b'{"server_seq":'


# ---- the load generator (its own process) --------------------------------------------------


class _Connection:
    """A device's keep-alive HTTP/1.1 connection over asyncio streams: a GET sent, the answer's
    head read and its Content-Length bytes taken as they are. Far lighter than an HTTP library
    (httpx took about a tenth of the two cores in this bench), so the cores measure the server."""

    def __init__(self, host: str, port: int, token: str) -> None:
        self.host, self.port = host, port
        self.head = f"Host: {host}:{port}\r\nAuthorization: Bearer {token}\r\n\r\n"
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, target: str) -> tuple[int, bytes]:
        return await self.request("GET", target)

    async def request(self, method: str, target: str, body: bytes = b"") -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        sent = f"{method} {target} HTTP/1.1\r\n"
        if body:
            sent += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self.writer.write(sent.encode() + self.head.encode() + body)
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        fields = dict(line.split(b":", 1) for line in lines[1:] if b":" in line)
        length = {k.strip().lower(): v.strip() for k, v in fields.items()}.get(b"content-length")
        if length is None:
            raise ConnectionError("an answer without Content-Length")
        return status, await self.reader.readexactly(int(length))

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
            self.reader = self.writer = None


async def _device_pull(base: str, token: str, page: int, go: asyncio.Event) -> dict:
    """One device's first pull, page after page; the bytes are read, never decoded. A request
    whose connection fails is sent again on a new one (up to ATTEMPTS times, as the real
    client's transport retries), and counted."""
    host, port = base.removeprefix("http://").rsplit(":", 1)
    conn = _Connection(host, int(port), token)
    result: dict = {"records": 0, "pages": 0, "bytes": 0, "retries": 0, "error": None}
    await go.wait()
    started = time.perf_counter()
    cursor = ""
    try:
        while True:
            target = f"/v1/sync/pull?limit={page}" + (f"&cursor={cursor}" if cursor else "")
            for attempt in range(ATTEMPTS):
                try:
                    status, body = await asyncio.wait_for(conn.get(target), REQUEST_TIMEOUT)
                    break
                except (OSError, asyncio.IncompleteReadError, ConnectionError) as exc:
                    await conn.close()
                    if attempt + 1 == ATTEMPTS:
                        raise
                    result["retries"] += 1
                    result["last_retry"] = f"{type(exc).__name__}: {exc}"
                    await asyncio.sleep(0.1 * (attempt + 1))
            if status != 200:
                result["error"] = f"{status} {body[:100]!r}"
                break
            tail = _TAIL.search(body, max(0, len(body) - 400))
            if tail is None:
                result["error"] = f"no cursor in a page's tail: {body[-100:]!r}"
                break
            result["records"] += body.count(_RECORD)
            result["pages"] += 1
            result["bytes"] += len(body)
            cursor = tail.group(1).decode()
            if tail.group(2) == b"false":
                break
    except Exception as exc:  # counted as the device's error, never hidden
        result["error"] = f"{type(exc).__name__}: {exc}"
    result["seconds"] = time.perf_counter() - started
    await conn.close()
    return result


async def _rush(base: str, tokens: list[str], page: int) -> list[dict]:
    go = asyncio.Event()
    tasks = [asyncio.create_task(_device_pull(base, t, page, go)) for t in tokens]
    await asyncio.sleep(0.2)  # every device waiting before the start
    print("go", flush=True)
    go.set()
    return await asyncio.wait_for(asyncio.gather(*tasks), RUSH_TIMEOUT)


def load_generator(spec_file: str) -> int:
    """Run the rush described in ``spec_file``; print "go", then one JSON line of results."""
    spec = json.loads(Path(spec_file).read_text())
    began = time.time()
    results = asyncio.run(_rush(spec["base"], spec["tokens"], spec["page"]))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(
        json.dumps(
            {
                "devices": results,
                "began": began,
                "ended": time.time(),
                "cpu": usage.ru_utime + usage.ru_stime,
            }
        ),
        flush=True,
    )
    return 0


# ---- CPU accounting from /proc ---------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, list[str]] | None:
    """(ppid, fields after the command name) of a process, None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), fields


def tree_cpu(root: int) -> float:
    """CPU seconds of ``root``, its live descendants, and the children it has reaped."""
    parents: dict[int, int] = {}
    stats: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            found = _stat(int(entry.name))
            if found is not None:
                parents[int(entry.name)], stats[int(entry.name)] = found
    members = {root}
    grew = True
    while grew:
        more = {pid for pid, ppid in parents.items() if ppid in members} - members
        members |= more
        grew = bool(more)
    total = 0
    for pid in members:
        fields = stats.get(pid)
        if fields:  # utime, stime, cutime, cstime
            total += sum(int(v) for v in fields[11:15])
    return total / TICK


def machine_busy() -> float:
    """CPU seconds the whole machine has spent busy (every core, /proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values[:8]) - idle) / TICK


def server_pid(port: int) -> int:
    """The `odesk-server serve` process listening on ``port`` (started by run_server)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"odesk.server" in argv and b"serve" in argv and str(port).encode() in argv:
            return int(entry.name)
    raise RuntimeError(f"no odesk-server process on port {port}")


# ---- the push devices (this process, threads) -----------------------------------------------


def push_rate(case: Any, devices: list[Any], errors: list[str]) -> float:
    """server_bench.push_rate's devices and bodies, spoken from one asyncio loop over bare
    keep-alive HTTP/1.1 connections (the load generator's `_Connection`), each device's
    connection opened before the clock. Fifty threads of http.client took about 14 µs of the
    two cores a pushed change, an eighth of what they measure, and their interpreter lock
    handoffs made the rate jitter; this takes about a third of that. A failure is an error;
    applied changes a second are returned."""
    from server_bench import push_bodies

    bodies = push_bodies(case, devices)
    applied = 0

    async def push(conn: _Connection, device: Any) -> None:
        nonlocal applied
        for body in bodies[device.device_id]:
            status, text = await asyncio.wait_for(
                conn.request("POST", "/v1/sync/push", body), REQUEST_TIMEOUT
            )
            if status != 200:
                errors.append(f"push: {status} {text[:100]!r}")
                continue
            results = orjson.loads(text)["results"]
            errors.extend(
                f"push: {r['status']}: {r.get('reason')}"
                for r in results
                if r["status"] != "applied"
            )
            applied += sum(r["status"] == "applied" for r in results)

    async def run() -> float:
        connections = []
        for device in devices:
            url = device.http.base_url
            conn = _Connection(url.host, url.port, device.token)
            status, _ = await conn.get("/v1/health")
            if status != 200:
                raise RuntimeError(f"health: {status}")
            connections.append(conn)
        try:
            started = time.perf_counter()
            outcomes = await asyncio.gather(
                *(push(c, d) for c, d in zip(connections, devices, strict=True)),
                return_exceptions=True,
            )
            elapsed = time.perf_counter() - started
        finally:
            for conn in connections:
                await conn.close()
        errors.extend(f"push: {type(o).__name__}: {o}" for o in outcomes if o is not None)
        return elapsed

    elapsed = asyncio.run(run())  # before `applied` is read: the run counts into it
    return applied / elapsed


# ---- the bench -------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def print_rush(devices: list[dict], seeded: int, page: int, rush_s: float) -> tuple[list, list]:
    """The rush's line; returns the devices' times and the devices that failed."""
    times = [d["seconds"] for d in devices]
    failed = [d for d in devices if d["error"] or d["records"] != seeded]
    p50, p99 = statistics.median(times), percentile(times, 99)
    total_bytes = sum(d["bytes"] for d in devices)
    last = [d["last_retry"] for d in devices if d.get("last_retry")]
    retried = f" (last: {last[-1]})" if last else ""
    print(
        f"rush: {len(devices)} devices, first pull of {seeded:,} records each ({page} a page):"
        f" {len(devices) - len(failed)} complete, {len(failed)} failed;"
        f" p50 {p50:.2f} s, p99 {p99:.2f} s, slowest {max(times):.2f} s;"
        f" {sum(d['retries'] for d in devices)} request(s) sent again on a new connection"
        f"{retried};"
        f" {sum(d['records'] for d in devices) / rush_s:,.0f} records/s,"
        f" {total_bytes / rush_s / 1e6:,.0f} MB/s served"
    )
    return times, failed


def print_cpu(before: tuple, after: tuple, wall: float, loadgen: float) -> None:
    """How the machine's CPU was spent over the rush: (server, PostgreSQL, this process,
    machine busy) before and after, and the load generator's own CPU seconds."""
    server_cpu = after[0] - before[0]
    pg_cpu = after[1] - before[1]
    pushers_cpu = after[2] - before[2]
    busy = after[3] - before[3]
    other = busy - server_cpu - pg_cpu - pushers_cpu - loadgen
    print(
        f"CPU during the rush ({wall:.1f} s wall, {busy:.1f} CPU s busy of"
        f" {wall * (os.cpu_count() or 1):.1f}): server workers {server_cpu:.1f} s"
        f" ({server_cpu / busy:.0%}), PostgreSQL {pg_cpu:.1f} s ({pg_cpu / busy:.0%}),"
        f" rush load generator {loadgen:.1f} s ({loadgen / busy:.0%}), push devices"
        f" {pushers_cpu:.1f} s ({pushers_cpu / busy:.0%}), everything else on the machine"
        f" {other:.1f} s ({other / busy:.0%})"
    )


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", help="a PostgreSQL server URL without database name")
    p.add_argument("--devices", type=int, default=100)
    p.add_argument("--records", type=int, default=10_000)
    p.add_argument("--networks", type=int, default=100)
    p.add_argument("--page", type=int, default=1000)
    p.add_argument("--push-devices", type=int, default=50)
    p.add_argument("--push-batches", type=int, default=4)
    p.add_argument("--push-batch", type=int, default=50)
    p.add_argument("--push-rounds", type=int, default=3, help="at most, during the rush")
    p.add_argument("--quiet-rounds", type=int, default=5, help="push and raw, before the rush")
    p.add_argument("--load-generator", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def drop_databases(server: str, urls: tuple[str, ...]) -> None:
    """The bench's databases on someone else's server: dropped, nothing of ours left."""
    import psycopg

    from odesk.server.engines import forget_engine

    for url in urls:
        forget_engine(url)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        for name in urls:
            conn.execute(f'DROP DATABASE IF EXISTS "{name.rsplit("/", 1)[1]}" WITH (FORCE)')


def main(argv: list[str] | None = None) -> int:
    a = parse(argv)
    if a.load_generator:
        return load_generator(a.load_generator)

    import tempfile

    import demo_seed
    import httpx
    import psycopg
    import server_bench as sb
    from tests.server.helpers import Device
    from tests.servers import run_server

    from odesk.demo import data as demo_data
    from odesk.server import admin

    records = demo_seed.caseload(a.records, min(a.networks, max(1, a.records // 10)))
    executor = None
    server = a.db
    if not server:
        executor, server = sb.start_postgres()
    errors: list[str] = []
    url = raw_url = ""
    try:
        suffix = uuid.uuid4().hex[:8]
        url = sb.create_db(server, f"odesk_rush_{suffix}")
        raw_url = sb.create_db(server, f"raw_rush_{suffix}")
        with psycopg.connect(raw_url, autocommit=True) as conn:
            conn.execute(sb.RAW_TABLE)
        demo_seed.add_demo_people(url)
        # The pushing devices write to a team of their own: the rush's pulls stay the same size.
        admin.add_team(url, "Bench team", team_id="team-a")
        admin.add_user(url, "Bench practitioner", ["practitioner"], ["team-a"], user_id="ana")
        with (
            run_server(url, workers=2, rate_limit=None) as base,
            tempfile.TemporaryDirectory(prefix="odesk-rush-") as tmp,
        ):
            seeded = demo_seed.seed(url, base, records)
            del records
            # A server at 9 a.m. has been up for weeks: its planner statistics are current.
            # Just after seeding they are not (autovacuum analyses within a minute or so), and
            # the pull's plan then reads every revision after the cursor and sorts them, a page
            # costing 30-40 ms of PostgreSQL instead of 1 ms at 10,000 records.
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("ANALYZE")
            readers = [
                demo_seed.enroll_device(url, base, demo_data.PRACTITIONER_ID, f"rush {i}")["token"]
                for i in range(a.devices)
            ]
            pushers = [
                Device(base, demo_seed.enroll_device(url, base, "ana", f"push {i}"), "ana")
                for i in range(a.push_devices)
            ]

            def push_case() -> object:
                return sb.Case(
                    f"{a.push_batches} batches of {a.push_batch} a device",
                    {
                        d.device_id: [
                            [d.network("team-a") for _ in range(a.push_batch)]
                            for _ in range(a.push_batches)
                        ]
                        for d in pushers
                    },
                )

            # Quiet server: a first (cold) push and its baseline, then steady-state rounds of
            # both, as server_bench.py measures P8.
            push_rate(push_case(), pushers, errors)  # type: ignore[arg-type]
            raw_connections = {d.device_id: psycopg.connect(raw_url) for d in pushers}
            quiet: list[tuple[float, float]] = []
            try:
                for _ in range(max(1, a.quiet_rounds)):
                    case = push_case()
                    rate = push_rate(case, pushers, errors)  # type: ignore[arg-type]
                    raw = sb.raw_rate(case, pushers, raw_url, raw_connections)  # type: ignore[arg-type]
                    quiet.append((rate, raw))
            finally:
                for conn in raw_connections.values():
                    conn.close()
            quiet_push = statistics.median(r for r, _ in quiet)
            raw_insert = statistics.median(r for _, r in quiet)
            raw_range = (min(r for _, r in quiet), max(r for _, r in quiet))
            # A warm-up walk by one device (pages, plans and the pool's connections made).
            warm = httpx.get(
                f"{base}/v1/sync/pull",
                params={"limit": a.page},
                headers={"Authorization": f"Bearer {readers[0]}"},
                timeout=REQUEST_TIMEOUT,
            )
            warm.raise_for_status()

            spec = Path(tmp) / "rush.json"
            spec.write_text(json.dumps({"base": base, "tokens": readers, "page": a.page}))
            server_root = server_pid(int(base.rsplit(":", 1)[1]))
            with psycopg.connect(url) as conn:  # a backend's parent is the postmaster
                backend = conn.execute("SELECT pg_backend_pid()").fetchone()[0]  # type: ignore[index]
                stat = _stat(backend)
            pg_root = stat[0] if stat and a.db is None else None  # a local cluster of ours only
            cpu_before = (
                tree_cpu(server_root),
                tree_cpu(pg_root) if pg_root else 0.0,
                time.process_time(),
                machine_busy(),
            )
            wall_before = time.perf_counter()
            child = subprocess.Popen(
                [sys.executable, __file__, "--load-generator", str(spec)],
                stdout=subprocess.PIPE,
                text=True,
            )
            try:
                assert child.stdout is not None
                if child.stdout.readline().strip() != "go":
                    raise RuntimeError("the load generator did not start")
                # The first round starts with the rush; another only while the rush still
                # runs. How many ended inside it is said (at the default size, all do; a tiny
                # rush can end first).
                during: list[float] = []
                ended_inside = 0
                for number in range(max(1, a.push_rounds)):
                    if number and child.poll() is not None:
                        break
                    during.append(push_rate(push_case(), pushers, errors))  # type: ignore[arg-type]
                    ended_inside += child.poll() is None
                out, _ = child.communicate(timeout=RUSH_TIMEOUT + 60)
            finally:
                if child.poll() is None:
                    child.kill()
                    child.wait(timeout=10)
            wall = time.perf_counter() - wall_before
            cpu_after = (
                tree_cpu(server_root),
                tree_cpu(pg_root) if pg_root else 0.0,
                time.process_time(),
                machine_busy(),
            )
            rush = json.loads(out.strip().splitlines()[-1])
            for d in pushers:
                d.close()
    finally:
        if executor is not None:
            sb.stop_postgres(executor)
        elif url:  # someone else's server: leave nothing of ours behind
            drop_databases(server, (url, raw_url))

    times, failed = print_rush(rush["devices"], seeded, a.page, rush["ended"] - rush["began"])
    errors += [d["error"] or f"{d['records']} records of {seeded}" for d in failed]
    print_cpu(cpu_before, cpu_after, wall, rush["cpu"])
    p50, p99 = statistics.median(times), percentile(times, 99)
    print(
        f"P14 rush pull p99/median: {p99 / p50:.2f}x  (p50 {p50:.2f} s, p99 {p99:.2f} s;"
        f" errors: {len(failed)}; goal <= 3x)"
    )
    push_during = statistics.median(during)
    print(
        f"P15 push during rush: {push_during / raw_insert:.2f}x raw INSERT rate"
        f"  ({push_during:,.0f} changes/s, median of {len(during)} round(s) started inside the"
        f" rush, {ended_inside} of them ended inside it; quiet server {quiet_push:,.0f}"
        f" changes/s = {quiet_push / raw_insert:.2f}x; raw INSERT {raw_insert:,.0f} rows/s, median"
        f" of {len(quiet)} rounds of {raw_range[0]:,.0f}-{raw_range[1]:,.0f};"
        " goal >= 0.5x)"
    )
    for line in errors[:5]:
        print("error:", line)
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
