"""Store benchmarks: the encrypted store against plain SQLite with the same schema, in one run.

    python bench/store_bench.py [--n 10000] [--rounds 5] [--dir DIR]

Prints one line per figure, `P1 note writes: 1.23x (store 12.3 s, plain 10.0 s)`: the ratio of
the odesk store's time to a baseline measured in the same run on the same machine.

- P1 note writes: n fictional notes saved one at a time through Store.save (validation, revision,
  heads, outbox and full-text index in one SQLCipher transaction each) against the same statements
  on the same schema in plain SQLite (same page size, WAL, synchronous=FULL, one transaction per
  note). Run in alternating chunks so drift in the disk hits both sides alike. Goal <= 1.3x.
- P2 cold open and listing n networks: a new connection (SQLCipher keyed with the data key) and
  Store.records("network") against a new plain connection and the same SELECT + json.loads. The
  key derivation is left out here (it is P10's subject). Goal <= 1.5x.
- P3 full-text query over n notes: Store.search for a word against the same FTS5 query on the
  plain database. Goal <= 1.2x.
- P10 unlock: Store.open with the shipped Argon2id parameters (256 MiB, 3 passes, 4 lanes)
  against the Argon2id call alone with the same parameters. Goal <= 1.1x.

Ratios, not absolute times, are what to compare across machines. All data is fictional
(odesk.demo.data).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from sqlite_utils import Database

from odesk import vault
from odesk.core.ids import utc_now
from odesk.core.records import ENVELOPE_FIELDS
from odesk.core.revs import new_rev
from odesk.demo import data as demo_data
from odesk.store import Store, lifecycle
from odesk.store import schema as store_schema
from odesk.store.connection import PAGE_SIZE, connect
from odesk.store.textindex import fts_query, index_text

PASSPHRASE = "fictional benchmark passphrase"
WORDS = ("sleep", "garden", "football", "worried", "hospital", "music", "loneliness", "medication")


# --- the baseline: plain SQLite, same schema, same statements ------------------------------------


def plain_connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA journal_mode = WAL").fetchone()
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def plain_create(path: Path, conn: Any = None) -> Any:
    """The store's schema (its own migrations) on a plain SQLite connection, or on ``conn``."""
    conn = conn if conn is not None else plain_connect(path)
    db = Database(conn, execute_plugins=False)
    conn.execute("BEGIN")
    for migration in store_schema.MIGRATIONS:
        migration(db)
    conn.execute("COMMIT")
    return conn


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def plain_write(conn: Any, record: dict) -> None:
    """What a store write does at minimum, without encryption: revision, head, outbox, FTS."""
    now = utc_now()
    revision = {**record, "rev": new_rev([]), "updated_at": now}
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(
        "INSERT INTO revisions(rev, record_id, kind, generation, hlc, deleted, local,"
        " server_seq, received_at, json) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (
            revision["rev"],
            revision["id"],
            revision["kind"],
            1,
            revision["hlc"],
            0,
            1,
            None,
            now,
            _dumps(revision),
        ),
    )
    num = conn.execute(
        "INSERT INTO records(id, kind, network_id, head_rev, head, leaves, deleted, conflict,"
        " conflict_fields, flags, updated_at) VALUES (?,?,?,?,?,?,0,0,'[]','[]',?)"
        " ON CONFLICT(id) DO UPDATE SET head_rev = excluded.head_rev, head = excluded.head,"
        " leaves = excluded.leaves, updated_at = excluded.updated_at RETURNING num",
        (
            revision["id"],
            revision["kind"],
            revision.get("network_id") if revision["kind"] != "network" else revision["id"],
            revision["rev"],
            _dumps(revision),
            _dumps([revision["rev"]]),
            now,
        ),
    ).fetchone()[0]
    seq = conn.execute("SELECT coalesce(max(device_seq), 0) + 1 FROM outbox").fetchone()[0]
    conn.execute(
        "INSERT INTO outbox(device_seq, rev, record_id, state, created_at)"
        " VALUES (?, ?, ?, 'pending', ?)",
        (seq, revision["rev"], revision["id"], now),
    )
    conn.execute("DELETE FROM fts WHERE rowid = ?", (num,))
    body = index_text(revision)
    if body:
        conn.execute("INSERT INTO fts(rowid, body) VALUES (?, ?)", (num, body))
    conn.execute("COMMIT")


def plain_bulk(conn: Any, records: list[dict]) -> None:
    """The networks in one transaction, as the store's import does."""
    conn.execute("BEGIN")
    for record in records:
        _plain_insert_no_tx(conn, record)
    conn.execute("COMMIT")


def _plain_insert_no_tx(conn: Any, record: dict) -> None:
    now = utc_now()
    conn.execute(
        "INSERT INTO revisions(rev, record_id, kind, generation, hlc, deleted, local,"
        " server_seq, received_at, json) VALUES (?,?,?,?,?,0,1,NULL,?,?)",
        (record["rev"], record["id"], record["kind"], 1, record["hlc"], now, _dumps(record)),
    )
    num = conn.execute(
        "INSERT INTO records(id, kind, network_id, head_rev, head, leaves, updated_at)"
        " VALUES (?,?,?,?,?,?,?) RETURNING num",
        (
            record["id"],
            record["kind"],
            record["id"],
            record["rev"],
            _dumps(record),
            _dumps([record["rev"]]),
            now,
        ),
    ).fetchone()[0]
    body = index_text(record)
    if body:
        conn.execute("INSERT INTO fts(rowid, body) VALUES (?, ?)", (num, body))


def plain_list(path: Path, kind: str) -> list[dict]:
    conn = plain_connect(path)
    try:
        rows = conn.execute(
            "SELECT head FROM records WHERE kind = ? AND deleted = 0 ORDER BY num", (kind,)
        ).fetchall()
        return [json.loads(r[0]) for r in rows]
    finally:
        conn.close()


def plain_search(conn: sqlite3.Connection, text: str, limit: int = 50) -> list[dict]:
    query = fts_query(text)
    rows = conn.execute(
        "SELECT r.id, r.kind, r.network_id, snippet(fts, 0, '[', ']', '…', 12)"
        " FROM fts JOIN records r ON r.num = fts.rowid WHERE fts MATCH ? AND r.deleted = 0"
        " ORDER BY rank LIMIT ?",
        (query, limit),
    ).fetchall()
    return [{"record_id": r[0], "kind": r[1], "network_id": r[2], "snippet": r[3]} for r in rows]


# --- measuring -----------------------------------------------------------------------------------


def timed(fn: Callable[[], object]) -> float:
    # Each side starts from a collected heap: otherwise whether a full collection of what an
    # earlier step (or compiling modules at import) left behind falls inside one side's clock
    # decides figures like P2 (the plain baseline varied between 135 and 250 ms with it).
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def paired(rounds: int, a: Callable[[], object], b: Callable[[], object]) -> tuple[float, float]:
    """Medians of a and b run in turns (alternating which goes first), so load on a shared
    machine falls on both alike."""
    ta: list[float] = []
    tb: list[float] = []
    for i in range(rounds):
        if i % 2:
            tb.append(timed(b))
            ta.append(timed(a))
        else:
            ta.append(timed(a))
            tb.append(timed(b))
    return statistics.median(ta), statistics.median(tb)


def line(name: str, store_s: float, plain_s: float, goal: float, unit: str = "s") -> str:
    ratio = store_s / plain_s if plain_s > 0 else float("inf")
    mark = "ok" if ratio <= goal else "over goal"
    scale = 1000.0 if unit == "ms" else 1.0
    return (
        f"{name}: {ratio:.2f}x (store {store_s * scale:.3g} {unit}, plain {plain_s * scale:.3g}"
        f" {unit}; goal <= {goal}x, {mark})"
    )


def workload(n: int) -> tuple[list[dict], list[dict]]:
    """n fictional networks (with the meetings the notes are of: a note must be of a meeting the
    store holds) and n fictional notes."""
    records = demo_data.generate(n, seed=1, meetings_per_network=2)
    networks = [r for r in records if r["kind"] == "network"][:n]
    notes = [r for r in records if r["kind"] == "note"][:n]
    while len(notes) < n:  # closed networks add notes; top up deterministically if short
        notes += [
            {**r, "id": r["id"][:-4] + f"{len(notes) % 65536:04x}"} for r in notes[: n - len(notes)]
        ]
    wanted = {note["meeting_id"] for note in notes}
    meetings = [r for r in records if r["kind"] == "meeting" and r["id"] in wanted]
    return networks + meetings, notes


def run(n: int, rounds: int, folder: Path, out: Callable[[str], None]) -> None:
    networks, notes = workload(n)
    store_dir, plain_path = folder / "store", folder / "plain.db"
    store = Store.create(store_dir, PASSPHRASE, kdf_params=vault.TEST_PARAMS, allow_weak_kdf=True)
    plain = plain_create(plain_path)
    # The same statements as the baseline on a bare SQLCipher connection (the store's own
    # connect(): same key, page size, WAL, synchronous): how much of P1 is encryption alone.
    cipher = connect(folder / "cipher.db", os.urandom(32), create=True)
    cipher.isolation_level = None
    plain_create(folder / "cipher.db", cipher)
    store.import_revisions(networks)
    plain_bulk(plain, networks)
    plain_bulk(cipher, networks)

    # P1: alternate chunks of single-note transactions.
    chunks = 10
    size = max(1, n // chunks)
    t_store = t_plain = t_cipher = 0.0
    for c in range(0, n, size):
        part = notes[c : c + size]
        contents = [
            {k: v for k, v in r.items() if k not in ENVELOPE_FIELDS or k in ("id", "kind")}
            for r in part
        ]

        def store_part(contents: list[dict] = contents) -> None:
            for record in contents:
                store.save(record)

        def plain_part(part: list[dict] = part) -> None:
            for record in part:
                plain_write(plain, record)

        def cipher_part(part: list[dict] = part) -> None:
            for record in part:
                plain_write(cipher, record)

        t_store += timed(store_part)
        t_plain += timed(plain_part)
        t_cipher += timed(cipher_part)
    out(line("P1 note writes", t_store, t_plain, 1.3))
    out(
        f"   of which SQLCipher alone (baseline statements, encrypted): {t_cipher / t_plain:.2f}x;"
        f" the store's own work on top: {t_store / t_cipher:.2f}x"
    )
    cipher.close()

    # P3: the same queries on both, warm.
    queries = [WORDS[i % len(WORDS)] for i in range(max(8, rounds * 8))]
    found_store = len(store.search(WORDS[0]))
    found_plain = len(plain_search(plain, WORDS[0]))
    assert found_store == found_plain, (found_store, found_plain)
    t3_store, t3_plain = paired(
        rounds,
        lambda: [store.search(q) for q in queries],
        lambda: [plain_search(plain, q) for q in queries],
    )
    plain.close()
    store.close()

    # P2: new connections each time (no warm SQLite cache); key derivation left out.
    dek = vault.unlock_vault(Store.vault_path(store_dir), PASSPHRASE, allow_weak=True)
    store_id = vault.store_id_of(Store.vault_path(store_dir))

    def store_open_list() -> None:
        s = lifecycle.open_with_dek(Store, store_dir, dek, store_id)  # bench: no KDF
        try:
            assert len(s.records("network")) == n
        finally:
            s._close_connection()

    t2_store, t2_plain = paired(rounds, store_open_list, lambda: plain_list(plain_path, "network"))
    out(line(f"P2 cold open and list {n} networks", t2_store, t2_plain, 1.5, "ms"))
    out(
        line(
            f"P3 full-text query over {n} notes",
            t3_store / len(queries),
            t3_plain / len(queries),
            1.2,
            "ms",
        )
    )

    # P10: the shipped parameters.
    with Store.open(store_dir, PASSPHRASE, allow_weak_kdf=True) as s:
        s.change_passphrase(PASSPHRASE, PASSPHRASE + "!", kdf_params=vault.DEFAULT_PARAMS)
    p = vault.DEFAULT_PARAMS
    salt = os.urandom(16)

    def argon_alone() -> None:
        Argon2id(
            salt=salt, length=32, iterations=p.iterations, lanes=p.lanes, memory_cost=p.memory_kib
        ).derive((PASSPHRASE + "!").encode())

    def unlock() -> None:
        Store.open(store_dir, PASSPHRASE + "!").close()

    p10_rounds = max(3, rounds)
    samples_store, samples_plain = [], []
    for i in range(p10_rounds):  # alternate which goes first: allocator and cache effects
        if i % 2:
            samples_store.append(timed(unlock))
            samples_plain.append(timed(argon_alone))
        else:
            samples_plain.append(timed(argon_alone))
            samples_store.append(timed(unlock))
    t10_store, t10_plain = statistics.median(samples_store), statistics.median(samples_plain)
    out(line("P10 unlock", t10_store, t10_plain, 1.1, "ms"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="networks and notes (10000)")
    parser.add_argument("--rounds", type=int, default=5, help="repeats of the read figures")
    parser.add_argument("--dir", type=Path, help="work folder (default: a temp folder, removed)")
    args = parser.parse_args(argv)
    folder = args.dir or Path(tempfile.mkdtemp(prefix="odesk-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        print(f"store benchmark: n={args.n}, rounds={args.rounds}, python {sys.version.split()[0]}")
        run(args.n, args.rounds, folder, lambda s: print(s, flush=True))
    finally:
        if args.dir is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
