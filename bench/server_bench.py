"""P8: trust-server push throughput against plain INSERTs, measured in the same run.

50 simulated devices push batches concurrently to `odesk-server serve --workers 2` over a
throwaway PostgreSQL; the baseline inserts the same rows with psycopg from 50 connections, one
transaction per batch. Two cases, each against its own baseline of the same batches: 4 batches
of 50 a device (the P8 figure; the brief names no batch size, small pushes are the harder case),
and the same 200 records a device sent the way odesk.sync sends an outbox (up to 500 changes a
request, so one request). On both sides the request bodies / INSERT rows are built before the
clock starts, so the figures compare the server with the database rather than the load
generator's JSON encoding (all of it shares the same cores).

A server runs for weeks, so P8 is its steady state: after a first cold round (a server just
started, its pool filling, against a baseline that opens its connections inside its clock too,
printed as the cold start), rounds of new records, each followed by the baseline inserting the
same rows over connections it keeps open, its strongest form; the median of the rounds' ratios
is the figure, as single half-second runs on shared cores swing by a fifth. Also reports the
pull rate of a 10,000-record initial sync after the cold round, and of the same walk again once
the server's connections for pulls are open.
Usage: python bench/server_bench.py [--db postgresql://...] [--devices 50] [--batches 4]
       [--batch 50] [--rounds 5]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.server.helpers import Device  # noqa: E402
from tests.servers import free_port, pg_ctl_path, run_server  # noqa: E402

from odesk.server import admin  # noqa: E402
from odesk.sync.push import MAX_CHANGES  # noqa: E402


def start_postgres() -> tuple[object, str]:
    from pytest_postgresql.executors.proc import PostgreSQLExecutor

    base = Path(tempfile.mkdtemp(prefix="odesk-bench-pg-"))
    base.chmod(0o755)
    port = free_port()
    executor = PostgreSQLExecutor(
        executable=pg_ctl_path(),
        host="127.0.0.1",
        port=port,
        datadir=str(base / "data"),
        unixsocketdir=tempfile.gettempdir(),
        logfile=str(base / "pg.log"),
        startparams="-w",
        dbname="postgres",
    )
    executor.start()
    url = f"postgresql://postgres@127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:  # pg_ctl -w can return while the server still answers "starting up"
        try:
            psycopg.connect(f"{url}/postgres").close()
            return executor, url
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def stop_postgres(executor: object) -> None:
    """Stop the cluster start_postgres started and remove its folder."""
    executor.stop()  # type: ignore[attr-defined]
    shutil.rmtree(Path(executor.datadir).parent, ignore_errors=True)  # type: ignore[attr-defined]


def create_db(server: str, name: str) -> str:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


RAW_TABLE = (
    "CREATE TABLE revisions (server_seq bigserial primary key, record_id text, rev text,"
    " change_id text unique, kind text, json text, network_id text, team_id text,"
    " device_id text, device_seq bigint, user_id text, received_at text)"
)
RAW_INSERT = (
    "INSERT INTO revisions (record_id, rev, change_id, kind, json, network_id, team_id,"
    " device_id, device_seq, user_id, received_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,now()::text)"
)


@dataclass
class Case:
    """One timed comparison: every device's records in the given batches."""

    label: str
    batches: dict[str, list[list[dict]]]  # device id -> batches of new network records

    @property
    def total(self) -> int:
        return sum(len(b) for batches in self.batches.values() for b in batches)


def run_threads(target: Callable[[Device], None], devices: list[Device]) -> float:
    threads = [threading.Thread(target=target, args=(d,)) for d in devices]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started


def push_bodies(case: Case, devices: list[Device]) -> dict[str, list[bytes]]:
    """Each device's push bodies for the case's batches, encoded (and its seq advanced)."""
    bodies: dict[str, list[bytes]] = {}
    for device in devices:
        bodies[device.device_id] = []
        for batch in case.batches[device.device_id]:
            changes = []
            for record in batch:
                device.seq += 1
                changes.append(
                    {"change_id": str(uuid.uuid4()), "device_seq": device.seq, "record": record}
                )
            bodies[device.device_id].append(json.dumps({"changes": changes}).encode())
    return bodies


def push_rate(case: Case, devices: list[Device], errors: list[str]) -> float:
    """Applied changes per second; bodies encoded and connections opened before the clock."""
    bodies = push_bodies(case, devices)
    # The simulated devices speak HTTP/1.1 through the standard library: the load generator
    # shares the server's two cores, and httpx spends about 1 ms of CPU a request (the real
    # client's cost is the client's, not the server's). One keep-alive connection a device,
    # opened one at a time, as devices come online, not all in one burst.
    connections: dict[str, http.client.HTTPConnection] = {}
    for device in devices:
        url = device.http.base_url
        conn = http.client.HTTPConnection(url.host, url.port, timeout=60)
        conn.request("GET", "/v1/health")
        conn.getresponse().read()
        connections[device.device_id] = conn
    accepted = [0]
    lock = threading.Lock()

    def push(device: Device) -> None:
        conn = connections[device.device_id]
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {device.token}"}
        for body in bodies[device.device_id]:
            conn.request("POST", "/v1/sync/push", body, headers)
            response = conn.getresponse()
            text = response.read()
            if response.status != 200:
                errors.append(f"{response.status} {text[:100]!r}")
                continue
            results = json.loads(text)["results"]
            errors.extend(
                f"{r['status']}: {r.get('reason')}" for r in results if r["status"] != "applied"
            )
            with lock:
                accepted[0] += sum(r["status"] == "applied" for r in results)

    seconds = run_threads(push, devices)
    for conn in connections.values():
        conn.close()
    return accepted[0] / seconds


def raw_rate(
    case: Case,
    devices: list[Device],
    raw_url: str,
    connections: dict[str, psycopg.Connection] | None = None,
) -> float:
    """Rows per second through psycopg: the same records in the same batches, one transaction
    a batch, one connection a device, rows built before the clock. Over ``connections`` already
    open (steady state), or over new ones opened inside the timed part (the cold start, when
    the server's pool also fills during its run)."""
    rows = {
        device.device_id: [
            [
                (
                    r["id"],
                    r["rev"],
                    str(uuid.uuid4()),
                    r["kind"],
                    json.dumps(r),
                    r["id"],
                    "team-a",
                    device.device_id,
                    seq,
                    "ana",
                )
                for r in batch
            ]
            for seq, batch in enumerate(case.batches[device.device_id])
        ]
        for device in devices
    }

    def insert(device: Device) -> None:
        conn = (connections or {}).get(device.device_id) or psycopg.connect(raw_url)
        for batch in rows[device.device_id]:
            with conn.transaction(), conn.cursor() as cur:
                cur.executemany(RAW_INSERT, batch)
        if connections is None:
            conn.close()

    return case.total / run_threads(insert, devices)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="a PostgreSQL server URL without database name")
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument("--batches", type=int, default=4)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    executor = None
    server = args.db
    if not server:
        executor, server = start_postgres()
    try:
        suffix = uuid.uuid4().hex[:8]
        url = create_db(server, f"odesk_bench_{suffix}")
        raw_url = create_db(server, f"raw_bench_{suffix}")
        with psycopg.connect(raw_url, autocommit=True) as conn:
            conn.execute(RAW_TABLE)
        admin.add_team(url, "Bench team", team_id="team-a")
        admin.add_user(url, "Bench practitioner", ["practitioner"], ["team-a"], user_id="ana")
        admin.add_user(url, "Bench supervisor", ["supervisor"], [], ["team-a"], user_id="sam")
        with run_server(url, workers=2, rate_limit=None) as base:
            devices = []
            for i in range(args.devices):
                code = admin.make_code(url, "ana")
                answer = httpx.post(
                    f"{base}/v1/devices/enroll", json={"code": code, "device_name": f"d{i}"}
                ).json()
                devices.append(Device(base, answer, "ana"))
            per_device = args.batches * args.batch
            # The same number of records a device, sent as odesk.sync sends an outbox: up to
            # MAX_CHANGES a request.
            client_batch = min(per_device, MAX_CHANGES)
            label = f"{args.batches} batches of {args.batch} a device"
            client_label = (
                f"real-client batching, {-(-per_device // client_batch)} batch(es) of"
                f" up to {client_batch} a device"
            )

            def batches_case() -> Case:
                return Case(
                    label,
                    {
                        d.device_id: [
                            [d.network("team-a") for _ in range(args.batch)]
                            for _ in range(args.batches)
                        ]
                        for d in devices
                    },
                )

            def client_case() -> Case:
                return Case(
                    client_label,
                    {
                        d.device_id: [
                            batch[i : i + client_batch]
                            for batch in [[d.network("team-a") for _ in range(per_device)]]
                            for i in range(0, per_device, client_batch)
                        ]
                        for d in devices
                    },
                )

            errors: list[str] = []
            # Cold start: the first work of a server just started (its pool opening, statements
            # planned for the first time) against a baseline that opens its connections inside
            # its clock too. Then the initial-sync pull of those 10,000 records.
            first = batches_case()
            cold = (push_rate(first, devices, errors), raw_rate(first, devices, raw_url))
            code = admin.make_code(url, "sam")
            answer = httpx.post(
                f"{base}/v1/devices/enroll", json={"code": code, "device_name": "reader"}
            ).json()
            reader = Device(base, answer, "sam")
            started = time.perf_counter()
            pulled = reader.pull_all(limit=1000)
            pull_secs = time.perf_counter() - started
            # Again from the start: the same walk once the worker's connections for pulls are
            # open (the pushes use connections of their own).
            reader.cursor = None
            started = time.perf_counter()
            again = len(reader.pull_all(limit=1000))
            again_secs = time.perf_counter() - started
            reader.close()
            # Steady state, as a server that has been up for a while serves: rounds of new
            # records, each against the baseline inserting the same rows over connections it
            # keeps open (its strongest form), in turns so that both meet the same machine.
            raw_connections = {d.device_id: psycopg.connect(raw_url) for d in devices}
            rounds: dict[str, list[tuple[float, float]]] = {label: [], client_label: []}
            try:
                for _ in range(args.rounds):
                    for make in (batches_case, client_case):
                        case = make()
                        rate = push_rate(case, devices, errors)
                        rounds[case.label].append(
                            (rate, raw_rate(case, devices, raw_url, raw_connections))
                        )
            finally:
                for conn in raw_connections.values():
                    conn.close()
            for d in devices:
                d.close()
        for name, figures in rounds.items():
            for number, (rate, baseline) in enumerate(figures, 1):
                print(
                    f"[{name}, round {number}] server push {rate:.0f} changes/s, raw psycopg"
                    f" INSERT {baseline:.0f} rows/s: {rate / baseline:.2f}"
                )
        for name, figures in rounds.items():
            ratios = sorted(rate / baseline for rate, baseline in figures)
            rates = sorted(rate for rate, _ in figures)
            p8 = "P8 server push" if name == label else "P8 server push, real-client batching"
            print(
                f"{p8}: {statistics.median(ratios):.2f}x raw (median of {len(figures)} rounds,"
                f" {ratios[0]:.2f}-{ratios[-1]:.2f}; server {rates[0]:.0f}-{rates[-1]:.0f}"
                f" changes/s; {name}), errors: {len(errors)}"
            )
        print(
            f"P8 cold start (the first {first.total} changes a server just started takes):"
            f" {cold[0] / cold[1]:.2f}x raw ({cold[0]:.0f} changes/s vs {cold[1]:.0f} rows/s"
            " opening its connections)"
        )
        print(
            f"initial sync pull: {len(pulled)} records in {pull_secs:.2f}s"
            f" ({len(pulled) / pull_secs:.0f} records/s; the same walk again:"
            f" {again / again_secs:.0f} records/s)"
        )
        for line in errors[:5]:
            print("error:", line)
        return 0 if not errors else 1
    finally:
        if executor is not None:
            stop_postgres(executor)


if __name__ == "__main__":
    os.environ.setdefault("ODESK_SERVER_RATE_LIMIT", "0")
    sys.exit(main())
