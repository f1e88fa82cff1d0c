"""The store's one connection: opening odesk.db, the lock, transactions, meta and bulk inserts.

Opening: SQLCipher with the vault's raw key, 16 KiB pages, WAL, synchronous=FULL. The key is
checked straight after keying by reading sqlite_master, so a wrong key or a damaged file fails
here, before anything is written. A missing file is never created by an open.

Using: every part of the store (odesk.store.store.Store composes them) reaches the database
through one Db, which holds the connection behind an RLock and maps SQLite's errors to the
store's. ``Db.tx()`` nests as savepoints, so a part's write joins its caller's transaction.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlcipher3

from odesk.core.ids import new_id
from odesk.store import summaries
from odesk.store.errors import NotAStore, StoreClosed, StoreCorrupt, StoreError

if TYPE_CHECKING:
    from sqlite_utils import Database

PLAINTEXT_HEADER = b"SQLite format 3\x00"
PAGE_SIZE = 16384
BUSY_TIMEOUT_MS = 10_000
MAX_BOUND_VALUES = 32766  # SQLite's default SQLITE_MAX_VARIABLE_NUMBER (3.32 and later)

# One JSON form for everything stored, so a pulled revision's text can serve as its head too.
# json.dumps with these options builds a new encoder on every call; one shared encoder gives the
# same text, a fifth faster (a first pull writes 10,000 of these).
_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def dumps(value: Any) -> str:
    """The JSON text the store keeps (compact, UTF-8 as is)."""
    return _ENCODER.encode(value)


def looks_plaintext(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(len(PLAINTEXT_HEADER)) == PLAINTEXT_HEADER


def connect(path: Path, dek: bytes, *, create: bool) -> sqlcipher3.Connection:
    """A keyed connection to odesk.db; ``create`` allows making a new file (Store.create only)."""
    if not create:
        size = os.path.getsize(path)
        if size == 0:
            raise StoreCorrupt(f"{path} is empty: the database has been truncated")
        if looks_plaintext(path):
            raise NotAStore(
                f"{path} is a plain, unencrypted SQLite database, not an odesk store; refusing it"
            )
    mode = "rwc" if create else "rw"
    uri = f"{Path(path).resolve().as_uri()}?mode={mode}"
    try:
        conn = sqlcipher3.connect(
            uri, uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
        )
    except sqlcipher3.Error as exc:
        raise StoreError(f"cannot open {path}: {exc}") from None
    try:
        conn.execute(f"PRAGMA key = \"x'{dek.hex()}'\"")
        conn.execute(f"PRAGMA cipher_page_size = {PAGE_SIZE}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError:
        conn.close()
        raise StoreCorrupt(
            f"{path} cannot be read with this store's key: the database is damaged"
            " or vault.json belongs to another store"
        ) from None
    try:
        # Sorting and FTS merges must never spill clinical text into temp files.
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        # SQLCipher decrypts and authenticates every page it reads; the default cache (2 MiB, 125
        # pages of 16 KiB) makes a listing decrypt the same pages again and again. 32 MiB holds a
        # caseload of 10,000 networks (bench/store_bench.py P2) without pushing the app's memory
        # past its budget (bench/ui_bench.py P9). The cache lives in process memory, never on disk.
        conn.execute("PRAGMA cache_size = -32768")
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        raise StoreCorrupt(f"{path} is damaged: {exc}") from None
    return conn


class Db:
    """The open connection of one store, shared by its parts: one RLock serialises every call,
    so the UI thread and workers may use the store at once, never interleaved in a transaction."""

    def __init__(self, conn: sqlcipher3.Connection, dek: bytes) -> None:
        self._conn: sqlcipher3.Connection | None = conn
        self.dek = dek
        self.lock = threading.RLock()

    @property
    def closed(self) -> bool:
        return self._conn is None

    @functools.cached_property
    def sqlite_utils(self) -> Database:
        """sqlite-utils view of the same connection, for migrations and tests. Made on first
        use: opening a store at the current schema never needs it, and importing sqlite-utils
        costs the app's start-up about 40 ms."""
        from sqlite_utils import Database

        return Database(self.conn(), execute_plugins=False)

    def conn(self) -> sqlcipher3.Connection:
        """The connection, or StoreClosed once the store is locked."""
        if self._conn is None:
            raise StoreClosed("the store is locked")
        return self._conn

    def close(self) -> None:
        """Close the connection and drop the key (no audit: Store.close writes that first)."""
        with self.lock:
            if self._conn is not None:
                with contextlib.suppress(sqlcipher3.Error):
                    self._conn.close()
            self._conn = None
            self.dek = b""

    @contextlib.contextmanager
    def guard(self) -> Iterator[sqlcipher3.Connection]:
        """The connection under the lock, SQLite's errors turned into the store's."""
        with self.lock:
            conn = self.conn()
            try:
                yield conn
            except sqlcipher3.OperationalError as exc:
                raise StoreError(f"the database could not be used: {exc}") from None
            except sqlcipher3.IntegrityError as exc:
                raise StoreError(f"the database refused a write: {exc}") from None
            except sqlcipher3.DatabaseError as exc:
                raise StoreCorrupt(f"odesk.db is damaged: {exc}") from None

    @contextlib.contextmanager
    def tx(self) -> Iterator[sqlcipher3.Connection]:
        """One transaction (a savepoint inside another): all of its writes are kept, or none."""
        with self.guard() as conn:
            if conn.in_transaction:
                savepoint = f"sp_{new_id().replace('-', '')}"
                conn.execute(f"SAVEPOINT {savepoint}")
                try:
                    yield conn
                except BaseException:
                    if conn.in_transaction:
                        conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                        conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                    raise
                conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                summaries.flush(conn)  # the network list's rows follow, in the same transaction
                conn.execute("COMMIT")
            except BaseException:
                # Also when COMMIT itself fails (disk full, busy): never leave a dangling
                # transaction that later writes would silently join.
                if conn.in_transaction:
                    conn.rollback()
                raise

    def meta_read(self, key: str) -> Any:
        """A value of the `meta` table (None when absent); the caller holds the lock."""
        row = self.conn().execute("SELECT json FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def meta_put(self, key: str, value: Any) -> None:
        """Set a value of the `meta` table inside the caller's transaction."""
        self.conn().execute(
            "INSERT INTO meta(key, json) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET json = excluded.json",
            (key, dumps(value)),
        )

    def insert_all(self, target: str, rows: Sequence[tuple[Any, ...]]) -> None:
        """INSERT many rows of one shape (``target`` names the table and its columns), as few
        multi-row statements as SQLite's limit of bound values allows.

        Not executemany: it gives up and takes back the GIL for every row, and while the pull
        thread validates the next page each take-back waits for a thread switch, so the write
        would barely overlap that work. One statement writes its rows without the GIL.
        """
        if not rows:
            return
        width = len(rows[0])
        per_statement = max(1, MAX_BOUND_VALUES // width)
        group = "(" + ", ".join("?" * width) + ")"
        conn = self.conn()
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            conn.execute(
                f"INSERT INTO {target} VALUES " + ", ".join([group] * len(chunk)),
                [value for row in chunk for value in row],
            )

    def known(self, sql: str, keys: set[str]) -> list[Any]:
        """Rows of ``sql`` for the keys given as one JSON array parameter (json_each)."""
        if not keys:
            return []
        rows = self.conn().execute(sql, (dumps(sorted(keys)),)).fetchall()
        return [r[0] if len(r) == 1 else tuple(r) for r in rows]
