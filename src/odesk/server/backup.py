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
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, Table, create_engine, func, inspect, select
from sqlalchemy.exc import DBAPIError

from odesk.core.files import PRIVATE, replacing
from odesk.core.ids import utc_now
from odesk.server import serving
from odesk.server.admin_error import AdminError
from odesk.server.auditlog import record_audit
from odesk.server.db import is_sqlite, write_tx
from odesk.server.schema import (
    ALL_TABLES,
    SCHEMA_VERSION,
    devices,
    enrol_codes,
    get_meta,
    new_epoch_value,
    revisions,
    set_meta,
)

if TYPE_CHECKING:
    from collections.abc import MutableMapping

FORMAT = "odesk-server-backup"
SQLITE_MAGIC = b"SQLite format 3\x00"
_BATCH = 1000
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


def _check_target(engine: Engine, target: Path) -> None:
    """A backup goes to a new file: never over an existing one, least of all the database."""
    if target.is_dir():
        raise AdminError(f"{target} is a folder; give a file name for the backup")
    if not target.parent.is_dir():
        raise AdminError(f"no such folder: {target.parent}")
    if is_sqlite(engine):
        live = Path(_sqlite_path(engine)).resolve()
        names = {live, Path(f"{live}-wal"), Path(f"{live}-shm"), live.parent / "server.lock"}
        if target.resolve() in names:
            raise AdminError(f"{target} is the live database; give a new file for the backup")
    if target.exists() or target.is_symlink():
        raise AdminError(f"{target} already exists; give a new file name for the backup")


def backup_to(engine: Engine, file: str | os.PathLike[str], *, actor: str = "admin") -> None:
    target = Path(file).expanduser()
    _check_target(engine, target)
    try:
        with replacing(target, mode=PRIVATE, overwrite=False) as tmp:
            _write_backup(engine, tmp)
    except FileExistsError:  # the name was taken meanwhile: nothing overwritten
        raise AdminError(f"{target} already exists; give a new file name") from None
    with write_tx(engine) as conn:
        record_audit(conn, "backup", actor=actor, file=str(target))


def _write_backup(engine: Engine, tmp: Path) -> None:
    """The whole database into ``tmp``: SQLite's online backup, or PostgreSQL's rows as JSON lines."""
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
            held = set(inspect(conn).get_table_names())
            for table in ALL_TABLES:
                if table.name not in held:
                    continue
                # A backup of an earlier schema lacks the columns later migrations added.
                present = {c["name"] for c in inspect(conn).get_columns(table.name)}
                columns = [c for c in table.columns if c.name in present]
                for row in conn.execute(select(*columns)):
                    yield table.name, dict(row._mapping)
    finally:
        source.dispose()


# How a backup's row is found in the live database. Audit entries and alerts are the same
# entry when their serial id, time and action agree (the same database's history).
_KEYS: dict[str, tuple[str, ...]] = {
    "teams": ("id",),
    "users": ("id",),
    "devices": ("id",),
    "enrol_codes": ("code_hash",),
    "revisions": ("record_id", "rev"),
    "device_audit": ("device_id", "seq"),
    "audit": ("id", "at", "action"),
    "alerts": ("id", "at", "kind"),
}
# Not taken from a backup: the live database's own (its schema version and epoch; the devices'
# high-water marks, which the new epoch supersedes).
_LIVE_ONLY = frozenset({"meta", "device_marks"})


def _missing(conn: Connection, table: Table, rows: list[dict]) -> list[dict]:
    """The rows of a backup batch that the live database lacks."""
    # A table added later is matched by its primary key unless it says otherwise here.
    keys = _KEYS.get(table.name) or tuple(c.name for c in table.primary_key.columns)
    first = table.c[keys[0]]
    found = {
        tuple(r)
        for r in conn.execute(
            select(*(table.c[k] for k in keys)).where(first.in_({row.get(keys[0]) for row in rows}))
        )
    }
    out = []
    for row in rows:
        key = tuple(row.get(k) for k in keys)
        if key not in found:
            found.add(key)
            out.append(row)
    return out


class _Merge:
    """Adds a backup's rows to the live database, batch by batch, where it lacks them."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.added: dict[str, int] = {}
        self.live_rows = sum(
            conn.execute(select(func.count()).select_from(t)).scalar() or 0
            for t in (devices, revisions)
        )
        self.next_seq = (conn.execute(select(func.max(revisions.c.server_seq))).scalar() or 0) + 1

    def add(self, table: Table, rows: list[dict]) -> None:
        names = {c.name for c in table.columns}
        rows = [{k: v for k, v in row.items() if k in names} for row in rows]
        missing = _missing(self.conn, table, rows)
        if table.name == "revisions" and missing:
            taken = set(
                self.conn.execute(
                    select(revisions.c.change_id).where(
                        revisions.c.change_id.in_([r["change_id"] for r in missing])
                    )
                ).scalars()
            )
            missing = [r for r in missing if r["change_id"] not in taken]
            for row in missing:  # after everything the live database holds, in backup order
                row["server_seq"] = self.next_seq
                self.next_seq += 1
        if table.name in ("audit", "alerts"):
            missing = [{k: v for k, v in r.items() if k != "id"} for r in missing]
        if missing:
            self.conn.execute(table.insert(), missing)
            self.added[table.name] = self.added.get(table.name, 0) + len(missing)


UNREADABLE = (
    "the live database cannot be read ({reason}): move it aside (keep it) and restore into an"
    " empty folder or database, then revoke again what was revoked since the backup"
    " (packaging/OPERATIONS.md §6, step 3)"
)


def check_live(engine: Engine) -> None:
    """A restore merges into the live database, so it must read whole: SQLite checks it."""
    if not is_sqlite(engine):
        return
    try:
        with engine.connect() as conn:
            verdict = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check").fetchall()]
    except DBAPIError as exc:
        raise AdminError(UNREADABLE.format(reason=first_line(exc))) from None
    if verdict != ["ok"]:
        raise AdminError(UNREADABLE.format(reason=str(verdict[0])[:200]))


def first_line(exc: BaseException) -> str:
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0][:200] if lines else type(exc).__name__


def restore_from(
    engine: Engine,
    file: str | os.PathLike[str],
    *,
    actor: str = "admin",
    report: MutableMapping[str, Any] | None = None,
) -> str:
    """Bring back from a backup what the live database lacks; returns the new epoch.

    Nothing the live database holds is removed or rolled back: its revocations, disabled
    users, spent and withdrawn codes, alerts and audit trail stay as they are, and so do its
    revisions and devices (a device enrolled after the backup still authenticates). What the
    backup holds and the live database lost is added back. The new epoch makes every device
    push again whatever it made (the server answers `duplicate` for what it holds) and pull
    from the start. All or nothing; refused while a server runs on the database.

    Into an empty database (the live one lost) nothing says what changed after the backup:
    its unused codes are withdrawn, and ``report`` gets the devices it holds as active
    (``into_empty``, ``active_devices``) for the trust to check against its own records.
    """
    path = Path(file).expanduser()
    if not path.is_file():
        raise AdminError(f"no such backup file: {path}")
    if is_sqlite(engine) and path.resolve() == Path(_sqlite_path(engine)).resolve():
        raise AdminError(f"{path} is the live database, not a backup")
    check_live(engine)
    with open(path, "rb") as probe:
        is_sqlite_file = probe.read(16) == SQLITE_MAGIC
    rows = _rows_from_sqlite(path) if is_sqlite_file else _rows_from_jsonl(path)
    by_name = {t.name: t for t in ALL_TABLES}
    with serving.exclusive(engine), write_tx(engine) as conn:
        merge = _Merge(conn)
        fresh = merge.live_rows == 0
        pending: dict[str, list[dict]] = {}
        saw_meta = False
        try:
            for name, row in rows:
                if name in _LIVE_ONLY:
                    saw_meta = saw_meta or (name == "meta" and row.get("key") == "schema_version")
                    continue
                batch = pending.setdefault(name, [])
                batch.append(row)
                if len(batch) >= _BATCH:
                    merge.add(by_name[name], batch)
                    pending[name] = []
            for table in ALL_TABLES:
                if pending.get(table.name):
                    merge.add(table, pending[table.name])
        except AdminError:
            raise
        except Exception as exc:  # noqa: BLE001 - a damaged backup must not leave half a database
            raise AdminError(
                f"{path}: cannot restore: {type(exc).__name__}: {first_line(exc)}"
            ) from None
        if not saw_meta and not is_sqlite_file:
            raise AdminError(f"{path} holds no odesk-server schema")
        withdrawn = _withdraw_restored_codes(conn) if fresh else 0
        if report is not None:
            report["into_empty"] = fresh
            report["added"] = dict(merge.added)
            report["codes_withdrawn"] = withdrawn
            report["active_devices"] = [
                {"id": r.id, "user_id": r.user_id, "name": r.name, "last_seen_at": r.last_seen_at}
                for r in conn.execute(
                    select(devices).where(devices.c.revoked_at.is_(None)).order_by(devices.c.id)
                )
            ]
        epoch = set_new_epoch(conn)
        record_audit(
            conn,
            "restore",
            actor=actor,
            file=str(path),
            epoch=epoch,
            added=merge.added,
            into_empty=fresh,
            codes_withdrawn=withdrawn,
        )
    if engine.dialect.name != "sqlite":
        # Fresh statistics: until autovacuum gets to the refilled tables, the planner would
        # read a whole table where an index lookup is meant (the first pushes after a restore).
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    return epoch


def _withdraw_restored_codes(conn: Connection) -> int:
    """Into an empty database nothing says which codes were spent after the backup: every
    unused code is withdrawn (the trust gives new ones), so none enrols a second device."""
    result = conn.execute(
        enrol_codes.update()
        .where(enrol_codes.c.used_at.is_(None), enrol_codes.c.withdrawn_at.is_(None))
        .values(withdrawn_at=utc_now())
    )
    return int(result.rowcount or 0)
