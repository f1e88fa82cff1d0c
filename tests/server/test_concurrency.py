"""Many writers and readers at once over a real `odesk-server serve` subprocess (two workers on
PostgreSQL, one on SQLite): every reader's pulls, concatenated, hold every committed revision
exactly once, in server_seq order. Writers also edit the same few records at once, so pushes
whose plan went stale (another push committed the same record meanwhile) are planned again
under the sequence lock: no edit is lost and each shared record's head keeps every edit."""

from __future__ import annotations

import threading
import time

from tests.server.helpers import Device, make_world, stored_record
from tests.servers import run_server

WRITERS = 6
BATCHES = 8
PER_BATCH = 10
READERS = 3
SHARED = 2  # records every writer edits in every batch
DEADLINE = 60.0  # seconds for the whole exchange


def test_concurrent_pushes_and_pulls_never_skip_or_repeat(db_url: str) -> None:
    # SQLite has one writer at a time, so it is served by one worker; PostgreSQL by two processes.
    workers = 2 if db_url.startswith("postgresql") else 1
    with run_server(db_url, subprocess=True, workers=workers, rate_limit=None) as base:
        world = make_world(db_url, base)
        writers = [world.enrol("ana" if i % 2 else "ben", f"w{i}") for i in range(WRITERS)]
        readers = [world.enrol("sam", f"r{i}") for i in range(READERS)]
        shared = [writers[0].network("team-a") for _ in range(SHARED)]
        writers[0].push_ok(*shared)
        committed: list[str] = [r["rev"] for r in shared]
        edits: dict[str, set[str]] = {r["id"]: set() for r in shared}
        lock = threading.Lock()
        done = threading.Event()
        errors: list[BaseException] = []
        seen: dict[str, list[dict]] = {r.device_id: [] for r in readers}

        def write(device: Device) -> None:
            try:
                for batch in range(BATCHES):
                    base = shared[batch % SHARED]
                    edit = device.edit(base, person={"name": f"Robin {device.device_id} {batch}"})
                    records = [device.network("team-a") for _ in range(PER_BATCH)] + [edit]
                    results = device.push(*records)
                    assert {r["status"] for r in results[:-1]} == {"applied"}
                    # Edits of one field from the same base at once are kept as a conflict.
                    assert results[-1]["status"] in ("applied", "conflict")
                    with lock:
                        committed.extend(r["rev"] for r in records)
                        edits[base["id"]].add(edit["rev"])
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        def read(device: Device) -> None:
            try:
                while not done.is_set():
                    seen[device.device_id].extend(device.pull_all(limit=7))
                seen[device.device_id].extend(device.pull_all(limit=7))
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        reader_threads = [threading.Thread(target=read, args=(r,)) for r in readers]
        writer_threads = [threading.Thread(target=write, args=(w,)) for w in writers]
        for t in reader_threads + writer_threads:
            t.start()
        deadline = time.monotonic() + DEADLINE
        for t in writer_threads:
            t.join(timeout=max(0.0, deadline - time.monotonic()))
        done.set()
        for t in reader_threads:
            t.join(timeout=max(0.0, deadline - time.monotonic()))
        assert not any(t.is_alive() for t in writer_threads + reader_threads), "past the deadline"
        assert not errors, errors
        assert len(committed) == SHARED + WRITERS * BATCHES * (PER_BATCH + 1)
        for changes in seen.values():
            seqs = [c["server_seq"] for c in changes]
            assert seqs == sorted(seqs) and len(seqs) == len(set(seqs))
            assert sorted(c["record"]["rev"] for c in changes) == sorted(committed)
        for record_id, revs in edits.items():
            assert set(stored_record(db_url, record_id).heads.leaves) == revs
        world.close()
