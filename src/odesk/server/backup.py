"""Backup and restore of the server database.

SQLite: the SQLite online backup API, file to file (consistent while the server runs).
PostgreSQL: a JSON-lines dump of every table through SQLAlchemy. The trust's primary tool for
PostgreSQL is its own (pg_dump / base backups); after restoring that way run
`odesk-server admin new-epoch`. Either restore path gives the server a new epoch, so every device
pushes again what it made (the server answers `duplicate` for what it kept) and pulls afresh.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, select

from odesk.server.admin import AdminError
from odesk.server.auditlog import record_audit
from odesk.server.db import is_sqlite, write_tx
from odesk.server.schema import (
    ALL_TABLES,
    SCHEMA_VERSION,
    get_meta,
    new_epoch_value,
    set_meta,
)

FORMAT = "odesk-server-backup"
SQLITE_MAGIC = b"SQLite format 3\x00"
_BATCH = 1000
_SERIAL_TABLES = frozenset({"audit", "alerts"})
# Tables of earlier schemas that a backup may hold and this one no longer keeps (their content
# derived from other tables): skipped on restore. `heads` went in schema m7.
_DROPPED_TABLES = frozenset({"heads"})


def set_new_epoch(conn: Connection) -> str:
    value = new_epoch_value()
    set_meta(conn, "epoch", value)
    return value


def _sqlite_path(engine: Engine) -> str:
    path = engine.url.database
    if not path:
        raise AdminError("an in-memory database cannot be backed up")
    return path


def backup_to(engine: Engine, file: str | os.PathLike[str], *, actor: str = "admin") -> None:
    target = Path(file).expanduser()
    if target.is_dir():
        raise AdminError(f"{target} is a folder; give a file name for the backup")
    if not target.parent.is_dir():
        raise AdminError(f"no such folder: {target.parent}")
    fd, tmp_name = tempfile.mkstemp(prefix=".odesk-backup-", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if is_sqlite(engine):
            src = sqlite3.connect(_sqlite_path(engine), timeout=60)
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
                src.close()
        else:
            with engine.connect() as conn, conn.begin(), open(tmp, "w", encoding="utf-8") as out:
                # REPEATABLE READ so every table comes from one snapshot.
                conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                out.write(json.dumps({"format": FORMAT, "version": 1, "schema": SCHEMA_VERSION}))
                out.write("\n")
                for table in ALL_TABLES:
                    for row in conn.execute(select(table)):
                        out.write(json.dumps({"t": table.name, "r": dict(row._mapping)}))
                        out.write("\n")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    with write_tx(engine) as conn:
        record_audit(conn, "backup", actor=actor, file=str(target))


def _rows_from_jsonl(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    with open(path, encoding="utf-8") as src:
        try:
            header = json.loads(src.readline() or "null")
        except (json.JSONDecodeError, UnicodeDecodeError):
            header = None
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise AdminError(f"{path} is not an odesk-server backup")
        if not isinstance(header.get("schema"), int) or header["schema"] > SCHEMA_VERSION:
            raise AdminError(f"{path} comes from a newer odesk-server; upgrade first")
        names = {t.name for t in ALL_TABLES}
        for number, line in enumerate(src, start=2):
            try:
                item = json.loads(line)
            except json.JSONDecodeError:
                raise AdminError(f"{path} line {number}: not JSON (truncated backup?)") from None
            if isinstance(item, dict) and item.get("t") in _DROPPED_TABLES:
                continue
            if (
                not isinstance(item, dict)
                or item.get("t") not in names
                or not isinstance(item.get("r"), dict)
            ):
                raise AdminError(f"{path} line {number}: not a backup row")
            yield item["t"], item["r"]


def _rows_from_sqlite(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    source = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        with source.connect() as conn:
            try:
                version = get_meta(conn, "schema_version")
            except Exception:  # noqa: BLE001 - any failure here means "not ours"
                version = None
            if version is None:
                raise AdminError(f"{path} is not an odesk-server database backup")
            if int(version) > SCHEMA_VERSION:
                raise AdminError(f"{path} comes from a newer odesk-server; upgrade first")
            for table in ALL_TABLES:
                for row in conn.execute(select(table)):
                    yield table.name, dict(row._mapping)
    finally:
        source.dispose()


def restore_from(engine: Engine, file: str | os.PathLike[str], *, actor: str = "admin") -> str:
    """Replace the whole database with a backup's content, all or nothing; returns the new epoch."""
    path = Path(file).expanduser()
    if not path.is_file():
        raise AdminError(f"no such backup file: {path}")
    with open(path, "rb") as probe:
        is_sqlite_file = probe.read(16) == SQLITE_MAGIC
    rows = _rows_from_sqlite(path) if is_sqlite_file else _rows_from_jsonl(path)
    by_name = {t.name: t for t in ALL_TABLES}
    with write_tx(engine) as conn:
        for table in reversed(ALL_TABLES):
            conn.execute(table.delete())
        pending: dict[str, list[dict]] = {}
        try:
            for name, row in rows:
                if name in _SERIAL_TABLES:
                    # Fresh serial ids keep PostgreSQL's sequences right; order is kept.
                    row = {k: v for k, v in row.items() if k != "id"}
                batch = pending.setdefault(name, [])
                batch.append(row)
                if len(batch) >= _BATCH:
                    conn.execute(by_name[name].insert(), batch)
                    pending[name] = []
            for name, batch in pending.items():
                if batch:
                    conn.execute(by_name[name].insert(), batch)
        except AdminError:
            raise
        except Exception as exc:  # noqa: BLE001 - a damaged backup must not leave half a database
            raise AdminError(f"{path}: cannot restore: {type(exc).__name__}") from None
        if get_meta(conn, "schema_version") is None:
            raise AdminError(f"{path} holds no odesk-server schema")
        set_meta(conn, "schema_version", str(SCHEMA_VERSION))
        epoch = set_new_epoch(conn)
        record_audit(conn, "restore", actor=actor, file=str(path), epoch=epoch)
    if engine.dialect.name != "sqlite":
        # Fresh statistics: until autovacuum gets to the refilled tables, the planner would
        # read a whole table where an index lookup is meant (the first pushes after a restore).
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    return epoch
