"""Opening odesk.db with SQLCipher: raw key from the vault, 16 KiB pages, WAL, synchronous=FULL.

The key is checked straight after keying by reading sqlite_master, so a wrong key or a damaged
file fails here, before anything is written. A missing file is never created by an open.
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlcipher3

from odesk.store.errors import NotAStore, StoreCorrupt, StoreError

PLAINTEXT_HEADER = b"SQLite format 3\x00"
PAGE_SIZE = 16384
BUSY_TIMEOUT_MS = 10_000


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
