"""P8: trust-server push throughput against plain INSERTs, measured in the same run.

50 simulated devices push batches concurrently to `odesk-server serve --workers 2` over a
throwaway PostgreSQL; the baseline inserts the same rows with psycopg from 50 connections, one
transaction per batch. Also reports the pull rate of a 10,000-record initial sync.
Usage: python bench/server_bench.py [--db postgresql://...] [--devices 50] [--batches 4] [--batch 50]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.server.helpers import Device  # noqa: E402

from odesk.server import admin  # noqa: E402
from odesk.server.testing import free_port, pg_ctl_path, run_server  # noqa: E402


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


def create_db(server: str, name: str) -> str:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="a PostgreSQL server URL without database name")
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument("--batches", type=int, default=4)
    parser.add_argument("--batch", type=int, default=50)
    args = parser.parse_args()
    executor = None
    server = args.db
    if not server:
        executor, server = start_postgres()
    try:
        suffix = uuid.uuid4().hex[:8]
        url = create_db(server, f"odesk_bench_{suffix}")
        raw_url = create_db(server, f"raw_bench_{suffix}")
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
            batches = {
                d.device_id: [
                    [d.network("team-a") for _ in range(args.batch)] for _ in range(args.batches)
                ]
                for d in devices
            }
            errors: list[str] = []
            accepted = [0]
            lock = threading.Lock()

            def push(device: Device) -> None:
                for batch in batches[device.device_id]:
                    response = device.push_raw(batch)
                    if response.status_code != 200:
                        errors.append(f"{response.status_code} {response.text[:100]}")
                        continue
                    ok = sum(r["status"] == "applied" for r in response.json()["results"])
                    with lock:
                        accepted[0] += ok

            threads = [threading.Thread(target=push, args=(d,)) for d in devices]
            started = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            server_secs = time.perf_counter() - started
            total = args.devices * args.batches * args.batch
            server_rate = accepted[0] / server_secs

            # Baseline: the same rows through psycopg, one transaction per batch, 50 connections.
            with psycopg.connect(raw_url, autocommit=True) as conn:
                conn.execute(
                    "CREATE TABLE revisions (server_seq bigserial primary key, record_id text,"
                    " rev text, change_id text unique, kind text, json text, network_id text,"
                    " team_id text, device_id text, device_seq bigint, user_id text,"
                    " received_at text)"
                )

            def insert(device: Device) -> None:
                with psycopg.connect(raw_url) as conn:
                    for seq, batch in enumerate(batches[device.device_id]):
                        with conn.transaction(), conn.cursor() as cur:
                            cur.executemany(
                                "INSERT INTO revisions (record_id, rev, change_id, kind, json,"
                                " network_id, team_id, device_id, device_seq, user_id,"
                                " received_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,now()::text)",
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
                                ],
                            )

            threads = [threading.Thread(target=insert, args=(d,)) for d in devices]
            started = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            raw_secs = time.perf_counter() - started
            raw_rate = total / raw_secs

            code = admin.make_code(url, "sam")
            answer = httpx.post(
                f"{base}/v1/devices/enroll", json={"code": code, "device_name": "reader"}
            ).json()
            reader = Device(base, answer, "sam")
            started = time.perf_counter()
            pulled = reader.pull_all(limit=1000)
            pull_secs = time.perf_counter() - started
            for d in [*devices, reader]:
                d.close()
        print(
            f"server push: {accepted[0]}/{total} accepted in {server_secs:.2f}s "
            f"({server_rate:.0f}/s), errors {len(errors)}"
        )
        print(f"raw psycopg INSERT: {total} rows in {raw_secs:.2f}s ({raw_rate:.0f}/s)")
        print(
            f"P8 server push: {server_rate / raw_rate:.2f} of raw ({server_rate:.0f} changes/s"
            f" vs {raw_rate:.0f} rows/s), errors: {len(errors)}"
        )
        print(
            f"initial sync pull: {len(pulled)} records in {pull_secs:.2f}s"
            f" ({len(pulled) / pull_secs:.0f} records/s)"
        )
        for line in errors[:5]:
            print("error:", line)
        return 0 if not errors and accepted[0] == total else 1
    finally:
        if executor is not None:
            executor.stop()  # type: ignore[attr-defined]


if __name__ == "__main__":
    os.environ.setdefault("ODESK_SERVER_RATE_LIMIT", "0")
    sys.exit(main())
