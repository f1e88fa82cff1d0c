"""Database engines and transactions for SQLite and PostgreSQL.

Writers that assign `server_seq` must commit in sequence order so a pull never passes a revision
a later pull could still reveal: on SQLite every such transaction is `BEGIN IMMEDIATE` (one writer
at a time); on PostgreSQL it holds a transaction-level advisory lock until commit.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url

SEQ_LOCK_KEY = 0x6F64_6573_6B01  # "odesk" + 1: the advisory lock serialising server_seq
SQLITE_NAME = "server.db"
# What a server process calls its PostgreSQL connections (`odesk-server serve` sets it), so that
# `admin restore` can see in pg_stat_activity whether a server is using the database.
SERVE_APPLICATION_NAME = "odesk-server serve"
application_name = "odesk-server"


def sqlite_url(data_dir: str | Path) -> str:
    return f"sqlite:///{Path(data_dir).expanduser().resolve() / SQLITE_NAME}"


def normalise_url(url: str) -> str:
    """Accept `postgresql://` and `postgres://` as psycopg 3 URLs; refuse what we cannot serve."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    parsed = make_url(url)  # raises ArgumentError on nonsense
    if parsed.drivername not in ("sqlite", "sqlite+pysqlite", "postgresql+psycopg"):
        raise ValueError(f"unsupported database URL scheme: {parsed.drivername}")
    return url


def is_sqlite(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "sqlite"


def secure_sqlite_files(path: Path) -> None:
    """The server's folder 0700, its database (and WAL, shared-memory) files 0600: they hold
    every record. Made so before SQLite opens them, which gives its WAL and shared-memory
    files the database file's mode."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if name.exists():
            os.chmod(name, 0o600)


def _sqlite_engine(url: str) -> Engine:
    path = make_url(url).database
    if path and path != ":memory:" and not path.startswith("file:"):
        secure_sqlite_files(Path(path))
    engine = create_engine(
        url, connect_args={"timeout": 60, "check_same_thread": False}, hide_parameters=True
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take transaction control from the sqlite3 module so BEGIN IMMEDIATE is ours to emit.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA busy_timeout=60000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("odesk_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    # hide_parameters: an error's text (logged with its traceback) never carries the values of
    # its statement, which may be record content.
    return create_engine(
        url,
        pool_size=10,
        max_overflow=30,
        pool_pre_ping=True,
        hide_parameters=True,
        connect_args={"application_name": application_name},
    )


@contextmanager
def write_tx(engine: Engine) -> Iterator[Connection]:
    """A transaction that may assign server_seq: serialised with every other such transaction."""
    with engine.connect() as conn:
        if is_sqlite(engine):
            conn = conn.execution_options(odesk_immediate=True)
        with conn.begin():
            if not is_sqlite(engine):
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": SEQ_LOCK_KEY})
            yield conn


@contextmanager
def read_snapshot_tx(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction whose reads all come from one snapshot, without any lock.

    PostgreSQL: REPEATABLE READ; since writers commit in server_seq order, the snapshot holds a
    prefix of the sequence. SQLite: a deferred transaction, whose first read fixes the snapshot.
    """
    with engine.connect() as conn:
        if not is_sqlite(engine):
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn


@contextmanager
def read_tx(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn, conn.begin():
        yield conn


def dumps(value: Any) -> str:
    """Canonical JSON (sorted keys, no spaces, UTF-8 as is): equal values give equal text.

    orjson rather than the standard library: the push path encodes every record and view, and
    the C encoder behind json.dumps(sort_keys=True) cost several times more. Integers must fit
    in 64 bits (orjson.JSONEncodeError otherwise; push refuses such a record).
    """
    return canonical_bytes(value).decode()


def canonical_bytes(value: Any) -> bytes:
    """dumps as UTF-8 bytes."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


@contextmanager
def snapshot_tx(engine: Engine) -> Iterator[Connection]:
    """A transaction whose reads all come from one snapshot (and may append audit rows).

    PostgreSQL: REPEATABLE READ without the sequence lock; since pushes commit in server_seq
    order, every snapshot holds a prefix of the sequence. SQLite: an immediate transaction, since
    a WAL read snapshot cannot later be upgraded to write if another writer committed meanwhile.
    """
    with engine.connect() as conn:
        if is_sqlite(engine):
            conn = conn.execution_options(odesk_immediate=True)
        else:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn
