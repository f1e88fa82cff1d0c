"""Sync benchmarks (issue 5), each against a baseline measured in the same run.

    python bench/sync_bench.py [--n 10000] [--page 1000] [--db URL]

P6 initial pull: the first sync of N records into an empty encrypted store (sync_once: probe,
   pull every page, validate every revision, apply each page and its cursor in one SQLCipher
   transaction with merge and full-text indexing, ship the audit chain, refresh /v1/me) vs GETting
   the same pages with httpx and inserting the same rows with executemany into a plain SQLite
   file, one transaction a page. Goal <= 2x. sync_once validates the next page on its fetching
   thread while the store writes the current one; the times of both are printed.
Push: N local changes made on an enrolled device, then pushed by sync_once (batches of 500);
   reported as changes a second, beside raw httpx POSTs of the same number of fresh changes in
   the same batch size as a baseline.
The server is a real odesk-server (uvicorn on 127.0.0.1) over SQLite unless --db is given.
Stores use cheap key derivation: the benchmark is about sync, not Argon2id.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))  # tests/servers.py

import httpx  # noqa: E402
from tests.server.helpers import envelope  # noqa: E402
from tests.servers import run_server  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import push_notes  # noqa: E402
import push_sequential  # noqa: E402

from odesk.core.ids import new_id  # noqa: E402
from odesk.server import admin  # noqa: E402
from odesk.store import Store  # noqa: E402
from odesk.store.remote_page import RemotePage  # noqa: E402
from odesk.sync import enroll, pull, sync_once  # noqa: E402
from odesk.vault import TEST_PARAMS  # noqa: E402

PASSPHRASE = "bench only fictional data"


def new_store(folder: Path) -> Store:
    return Store.create(folder, PASSPHRASE, kdf_params=TEST_PARAMS, allow_weak_kdf=True)


def member(network_id: str, i: int) -> dict:
    return {
        "kind": "member",
        "network_id": network_id,
        "name": f"Fictional Person {i}",
        "relationship": "friend",
        "category": "friend",
        "notes": f"Fictional notes about member {i}: attends most meetings, prefers mornings.",
    }


def baseline_pull(url: str, token: str, page: int, target: Path) -> tuple[float, int]:
    """httpx GETs of every page + executemany into plain SQLite, a transaction a page."""
    db = sqlite3.connect(target)
    db.execute(
        "CREATE TABLE IF NOT EXISTS revisions (server_seq INTEGER, record_id TEXT, rev TEXT"
        " PRIMARY KEY, kind TEXT, json TEXT)"
    )
    db.execute("DELETE FROM revisions")
    db.commit()
    rows = 0
    start = time.perf_counter()
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as client:
        cursor = None
        while True:
            params: dict[str, object] = {"limit": page}
            if cursor:
                params["cursor"] = cursor
            body = client.get("/v1/sync/pull", params=params).json()
            with db:
                db.executemany(
                    "INSERT OR IGNORE INTO revisions VALUES (?, ?, ?, ?, ?)",
                    [
                        (
                            c["server_seq"],
                            c["record"]["id"],
                            c["record"]["rev"],
                            c["record"]["kind"],
                            json.dumps(c["record"]),
                        )
                        for c in body["changes"]
                    ],
                )
            rows += len(body["changes"])
            cursor = body["cursor"]
            if not body["more"]:
                break
    elapsed = time.perf_counter() - start
    db.close()
    return elapsed, rows


def baseline_push(
    url: str, token: str, device_id: str, user_id: str, network_id: str, n: int
) -> float:
    """Raw httpx POSTs of n fresh changes in batches of 500 (no store, no outbox)."""
    changes = []
    for i in range(n):
        hlc = f"{int(time.time() * 1000):013d}-{i % 99999:05d}-{device_id}"
        record = {**envelope("member", user_id, device_id, hlc), **member(network_id, i)}
        changes.append({"change_id": new_id(), "device_seq": 10_000_000 + i, "record": record})
    start = time.perf_counter()
    with httpx.Client(
        base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=120
    ) as client:
        for i in range(0, n, 500):
            answer = client.post("/v1/sync/push", json={"changes": changes[i : i + 500]})
            answer.raise_for_status()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--page", type=int, default=1000)
    parser.add_argument(
        "--db", default=None, help="server database URL (default: SQLite in a temp dir)"
    )
    parser.add_argument("--profile", action="store_true", help="profile the store's pull")
    parser.add_argument("--notes", type=int, default=10_000, help="P11: signed notes to push")
    parser.add_argument("--rounds", type=int, default=2, help="P11: timed rounds (median)")
    parser.add_argument(
        "--no-sequential",
        action="store_true",
        help="P11: leave out the sequential push of 2026-12-06 (timed beside the new one)",
    )
    parser.add_argument(
        "--cases", default="p6,p11", help="which cases to run: p6 (with push), p11, or both"
    )
    args = parser.parse_args()
    cases = {c.strip().lower() for c in args.cases.split(",")}
    if "p11" in cases:
        with tempfile.TemporaryDirectory(prefix="odesk-push-bench-") as tmp:
            legacy = None if args.no_sequential else push_sequential.sequential_push_outbox
            for line in push_notes.run(Path(tmp), args.notes, args.rounds, legacy):
                print(line, flush=True)
    if "p6" not in cases:
        return 0
    with tempfile.TemporaryDirectory(prefix="odesk-sync-bench-") as tmp:
        root = Path(tmp)
        db_url = args.db or f"sqlite:///{root / 'server' / 'server.db'}"
        (root / "server").mkdir()
        with run_server(db_url, rate_limit=None, subprocess=True) as url:
            team = admin.add_team(db_url, "Fictional Bench POD")
            user = admin.add_user(db_url, "Bench Fictional", ["practitioner"], [team])

            # Push: N local changes made on an enrolled laptop, then one sync round.
            writer = new_store(root / "writer")
            enroll(writer, url, admin.make_code(db_url, user), device_name="writer")
            network = writer.save(
                {
                    "kind": "network",
                    "team_id": team,
                    "person": {"name": "Fictional Bench Person"},
                    "referral": {"received_at": "2026-11-01T09:00:00+00:00"},
                    "status": "open",
                }
            )
            start = time.perf_counter()
            for first in range(0, args.n - 1, 500):
                with writer.transaction():
                    for i in range(first, min(first + 500, args.n - 1)):
                        writer.save(member(network["id"], i))
            saved_s = time.perf_counter() - start
            phase_started: dict[str, float] = {}

            def note_phase(phase: str, done: int, total: int | None) -> None:
                phase_started.setdefault(phase, time.perf_counter())

            start = time.perf_counter()
            pushed = sync_once(writer, progress=note_phase)
            round_s = time.perf_counter() - start
            push_s = phase_started["pull"] - start  # probe + every push batch, answers recorded
            writer_token, writer_device = writer.meta_get("token"), writer.device_id
            writer.close()
            total = pushed.pushed + pushed.duplicates

            # P6: a new laptop's first sync of everything the server holds for this user.
            reader = new_store(root / "reader")
            enroll(reader, url, admin.make_code(db_url, user), device_name="reader")
            token = reader.meta_get("token")
            base_a, rows = baseline_pull(url, token, args.page, root / "plain.sqlite")
            applying = [0.0]
            apply_remote = reader.apply_remote

            def timed_apply(changes: list, cursor: object) -> set:
                began = time.perf_counter()
                try:
                    return apply_remote(changes, cursor)
                finally:
                    applying[0] += time.perf_counter() - began

            reader.apply_remote = timed_apply  # type: ignore[method-assign]
            # Pages are validated and serialised on the fetching thread, beside apply_remote.
            preparing = [0.0]
            prepare_remote = pull.prepare_remote

            def timed_prepare(changes: list) -> RemotePage:
                began = time.perf_counter()
                try:
                    return prepare_remote(changes)
                finally:
                    preparing[0] += time.perf_counter() - began

            pull.prepare_remote = timed_prepare
            start = time.perf_counter()
            if args.profile:
                import cProfile
                import pstats

                profiler = cProfile.Profile()
                profiler.enable()
            report = sync_once(reader, page=args.page)
            if args.profile:
                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
            pull_s = time.perf_counter() - start
            pull.prepare_remote = prepare_remote
            base_b, _ = baseline_pull(url, token, args.page, root / "plain.sqlite")
            baseline_s = statistics.mean([base_a, base_b])
            reader.close()
            # Last, so the reader above pulls exactly the N records pushed by sync_once.
            raw_push_s = baseline_push(
                url, writer_token, writer_device, user, network["id"], args.n
            )

    print(f"records on the server: {rows} (pulled by sync_once: {report.pulled})")
    print(
        f"P6 initial pull: {pull_s / baseline_s:.2f}x"
        f"  (sync_once {pull_s:.2f} s, {report.pulled / pull_s:,.0f} rev/s;"
        f" baseline httpx+executemany {baseline_s:.2f} s;"
        f" of sync_once, store.apply_remote took {applying[0]:.2f} s and, on the fetching"
        f" thread beside it, validating the pages {preparing[0]:.2f} s)"
    )
    print(
        f"P11 push {total:,} small local changes: {push_s / raw_push_s:.2f}x raw httpx POSTs"
        f"  ({push_s:.2f} s = {total / push_s:,.0f} changes/s; raw POST of {args.n} changes"
        f" {raw_push_s:.2f} s; making them locally took {saved_s:.2f} s;"
        f" the whole round, pulling them back, {round_s:.2f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
