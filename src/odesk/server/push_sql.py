"""A push written through SQLAlchemy under the sequence lock (odesk.server.db.write_tx): SQLite's
only path (one writer at a time) and PostgreSQL's for an empty push or a plan that went stale.
The plan is made from a snapshot (odesk.server.push_plan.decide over what `_read` and `read_refs`
see), checked under the lock, made again there if what it read has moved, then numbered and
written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Text,
    bindparam,
    cast,
    exists,
    func,
    select,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from odesk.core.integrity import effective_meeting, is_signed_note
from odesk.core.merge import resolve
from odesk.server import push_plan
from odesk.server.auditlog import record_audit
from odesk.server.db import is_sqlite, read_snapshot_tx, write_tx
from odesk.server.directory import Access, all_teams
from odesk.server.push_plan import (
    Device,
    Known,
    Plan,
    Prepared,
    Refs,
    Wanted,
    audit_detail,
    number,
    wanted_ids,
)
from odesk.server.schema import device_marks, meta, revisions

_COLUMNS = tuple(c.name for c in revisions.columns)
_ROW_VALUES = itemgetter(*_COLUMNS)  # a row's values in _COLUMNS' order, as one tuple
_INSERT_SQLITE = (
    f"INSERT INTO revisions ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
)


@dataclass
class _Locked:
    epoch: str
    top: int  # newest server_seq, read under the lock
    mark: int  # the device's stored high-water mark in this epoch
    moved: bool  # something the plan read has changed since its snapshot


def _upsert(conn: Connection, table: Any, rows: list[dict], key: str) -> None:
    if not rows:
        return
    insert = sqlite_insert if is_sqlite(conn) else pg_insert
    stmt = insert(table)
    update_cols = {c.name: stmt.excluded[c.name] for c in table.columns if c.name != key}
    conn.execute(stmt.on_conflict_do_update(index_elements=[key], set_=update_cols), rows)


def _among(conn: Connection, column: Any, values: Iterable[str]) -> ColumnElement[bool]:
    """``column IN values``, the values bound as one JSON array and read back by the database
    (json_each, jsonb_array_elements_text). A push's lists hold hundreds of ids: as an IN list
    SQLAlchemy built and rendered one parameter a value on every statement, a fifth of the
    server's CPU on a push of 500 notes; as one JSON text the statement is the same each time."""
    ids = bindparam(None, orjson.dumps(sorted(values)).decode(), type_=Text)
    if is_sqlite(conn):
        table = func.json_each(ids).table_valued("value")
    else:
        table = func.jsonb_array_elements_text(cast(ids, JSONB)).table_valued("value")
    return column.in_(select(table.c.value))


def read_refs(conn: Connection, prepared: list[Prepared]) -> Refs:
    records = [p.record for p in prepared if p.record is not None]
    note_ids = sorted(
        {
            r["note_id"]
            for r in records
            if r["kind"] == "review" and isinstance(r.get("note_id"), str)
        }
    )
    refs = Refs()
    if note_ids:
        notes: dict[str, list[dict]] = {}
        for row in conn.execute(
            select(revisions.c.record_id, revisions.c.json).where(
                _among(conn, revisions.c.record_id, note_ids), revisions.c.kind == "note"
            )
        ):
            notes.setdefault(row.record_id, []).append(orjson.loads(row.json))
        for note_id, tree in notes.items():
            current = resolve(tree).record
            if current is not None and current.get("state") == "signed":
                refs.signed_notes.add(note_id)
    if any(r["kind"] == "supervision" for r in records):
        refs.team_map = all_teams(conn)
    meetings = {r["id"]: r.get("network_id") for r in records if r["kind"] == "meeting"}
    meetings |= {  # a correction is only of a meeting with a signed note
        r["meeting_id"]: r.get("network_id")
        for r in records
        if r["kind"] == "meeting_correction" and isinstance(r.get("meeting_id"), str)
    }
    held_meetings = _held_meetings(conn, meetings) if meetings else {}
    networks = sorted({n for n in held_meetings.values() if isinstance(n, str)})
    if networks:
        # The notes of those meetings' networks (ix_revisions_network_kind): is any of them a
        # signed note of one of those meetings?
        for row in conn.execute(
            select(revisions.c.json).where(
                _among(conn, revisions.c.network_id, networks), revisions.c.kind == "note"
            )
        ):
            note = orjson.loads(row.json)
            if note.get("meeting_id") in held_meetings and is_signed_note(note):
                refs.sealed_meetings.add(note["meeting_id"])
    corrected = sorted(
        {
            r["meeting_id"]
            for r in records
            if r["kind"] == "meeting_correction" and isinstance(r.get("meeting_id"), str)
        }
    )
    if corrected:
        refs.meeting_facts = _corrected_meetings(conn, corrected)
    return refs


def _held_meetings(conn: Connection, meetings: dict[str, Any]) -> dict[str, str | None]:
    """Which of these meetings the server holds -> the network it holds them in.

    Only those can have a signed note stored: a note is accepted only once its meeting is known
    (odesk.core.reference_rules.meeting_fault), and a meeting new to the server is sealed only
    by a note later in the same push, which `decide` sees itself. Without this, a push of new
    meetings read and parsed every note of their networks, which grew with each push (a laptop
    pushing 2,000 meetings and 10,000 notes spent a third of the server's time there)."""
    return {
        row.record_id: row.network_id
        for row in conn.execute(
            select(revisions.c.record_id, revisions.c.network_id)
            .distinct()
            .where(_among(conn, revisions.c.record_id, meetings), revisions.c.kind == "meeting")
        )
    }


def _corrected_meetings(conn: Connection, meeting_ids: list[str]) -> dict[str, dict]:
    """Each meeting's current facts (its revisions resolved) with the corrections held applied:
    what a new correction's "old" values must match."""
    trees: dict[str, list[dict]] = {}
    for row in conn.execute(
        select(revisions.c.record_id, revisions.c.json).where(
            _among(conn, revisions.c.record_id, meeting_ids), revisions.c.kind == "meeting"
        )
    ):
        trees.setdefault(row.record_id, []).append(orjson.loads(row.json))
    current = {m: r for m, tree in trees.items() if (r := resolve(tree).record) is not None}
    networks = sorted({str(r.get("network_id")) for r in current.values()})
    corrections = [  # one read for every corrected meeting (effective_meeting keeps its own)
        orjson.loads(row.json)
        for row in conn.execute(
            select(revisions.c.json).where(
                _among(conn, revisions.c.network_id, networks),
                revisions.c.kind == "meeting_correction",
            )
        )
    ]
    return {m: effective_meeting(r, corrections) for m, r in current.items()}


def _read(conn: Connection, wanted: Wanted) -> Known:
    change_ids, record_ids, linked, revs = wanted
    epoch_row = conn.execute(
        select(
            select(meta.c.value).where(meta.c.key == "epoch").scalar_subquery(),
            select(func.max(revisions.c.server_seq)).scalar_subquery(),
        )
    ).one()
    known = Known(epoch_row[0] or "", int(epoch_row[1] or 0), {}, {}, {})
    if change_ids:
        for row in conn.execute(
            select(revisions.c.change_id, revisions.c.server_seq, revisions.c.device_id).where(
                _among(conn, revisions.c.change_id, change_ids)
            )
        ):
            known.changes[row.change_id] = (row.server_seq, row.device_id)
    # A record's kind, network and team are in every revision of it: the push's own records
    # get them from the revisions read for the merge, linked ones from any one revision.
    scope = (revisions.c.record_id, revisions.c.kind, revisions.c.network_id, revisions.c.team_id)
    if record_ids:
        for stored in conn.execute(
            select(*scope, revisions.c.json).where(_among(conn, revisions.c.record_id, record_ids))
        ):
            known.held[stored.record_id] = (stored.kind, stored.network_id, stored.team_id)
            known.revisions.setdefault(stored.record_id, []).append(orjson.loads(stored.json))
    if revs:
        for owned in conn.execute(
            select(revisions.c.rev, revisions.c.record_id).where(
                _among(conn, revisions.c.rev, revs)
            )
        ):
            known.rev_owners[owned.rev] = owned.record_id
    linked_only = linked - record_ids
    if linked_only:
        for found in conn.execute(
            select(*scope).distinct().where(_among(conn, revisions.c.record_id, linked_only))
        ):
            known.held[found.record_id] = (found.kind, found.network_id, found.team_id)
    return known


def _plan(conn: Connection, access: Access, device: Device, prepared: list[Prepared]) -> Plan:
    """Decide every change's fate and the rows to write, from what ``conn`` sees."""
    wanted = wanted_ids(prepared)
    refs = read_refs(conn, prepared)
    # push_plan.decide, looked up at each call: tests interpose between the plan and the write.
    return push_plan.decide(_read(conn, wanted), wanted, access, device, prepared, refs)


def _locked_state(conn: Connection, device_id: str, plan: Plan, change_ids: list[str]) -> _Locked:
    """Under the lock: epoch, newest server_seq, the device's mark, and whether any push
    committed after the plan's snapshot touched what the plan read. That last probe runs only
    when some push did commit since (the newest server_seq moved): on SQLite, one writer at a
    time, it rarely has, and the probe of every record and change id cost a twentieth of a push.
    """
    row = conn.execute(
        select(
            select(meta.c.value).where(meta.c.key == "epoch").scalar_subquery(),
            select(func.max(revisions.c.server_seq)).scalar_subquery(),
            select(device_marks.c.epoch)
            .where(device_marks.c.device_id == device_id)
            .scalar_subquery(),
            select(device_marks.c.high_water)
            .where(device_marks.c.device_id == device_id)
            .scalar_subquery(),
        )
    ).one()
    epoch, top = row[0] or "", int(row[1] or 0)
    mark = int(row[3]) if row[3] is not None and row[2] == epoch else 0
    moved = epoch != plan.epoch or (top != plan.seen and _touched(conn, plan, change_ids))
    return _Locked(epoch, top, mark, moved)


def _touched(conn: Connection, plan: Plan, change_ids: list[str]) -> bool:
    """Whether a push committed after the plan's snapshot wrote one of the records or linked
    records it read, or one of its change ids."""
    newer_record = exists().where(
        _among(conn, revisions.c.record_id, plan.watched), revisions.c.server_seq > plan.seen
    )
    newer_change = exists().where(
        _among(conn, revisions.c.change_id, change_ids), revisions.c.server_seq > plan.seen
    )
    return bool(conn.execute(select(newer_record | newer_change)).scalar())


def _write(
    conn: Connection, access: Access, device: Device, plan: Plan, state: _Locked, pushed: int
) -> dict[str, Any]:
    """Number the plan's rows after the newest server_seq and write them (under the lock)."""
    number(plan, state.top)
    high_water = max(state.mark, plan.high_water)
    if plan.rows and is_sqlite(conn):
        # The driver's executemany of plain tuples: SQLAlchemy's own pass over each row's
        # parameters cost a tenth of the insert of a push of 500 notes.
        conn.exec_driver_sql(_INSERT_SQLITE, list(map(_ROW_VALUES, plan.rows)))
    elif plan.rows:
        conn.execute(revisions.insert(), plan.rows)
    if pushed:
        _upsert(
            conn,
            device_marks,
            [{"device_id": device.id, "epoch": state.epoch, "high_water": high_water}],
            "device_id",
        )
        record_audit(conn, "push", actor=access.user_id, device_id=device.id, **audit_detail(plan))
    return {"results": plan.results, "epoch": state.epoch, "device_high_water": high_water}


def read_refs_now(engine: Engine, prepared: list[Prepared]) -> Refs:
    """What the reference rules read, just before a PostgreSQL plan's own read. Signing is
    one-way (a signed note stays signed), so a stale read could only refuse a review, and a
    supervisor reviews a note only after pulling it signed; or let through a meeting edit
    pushed at the very moment a colleague's signature of it arrives, as if it had come first."""
    with read_snapshot_tx(engine) as conn:
        return read_refs(conn, prepared)


def push_locked(
    engine: Engine,
    access: Access,
    device: Device,
    prepared: list[Prepared],
    plan: Plan | None = None,
) -> dict[str, Any]:
    """Write a push through SQLAlchemy under the sequence lock: SQLite's only path (one writer
    at a time), and PostgreSQL's for an empty push or a plan that went stale. ``plan`` is made
    from a snapshot when not given, and made again under the lock if what it read has moved."""
    if plan is None:
        with read_snapshot_tx(engine) as conn:
            plan = _plan(conn, access, device, prepared)
    change_ids = [p.change["change_id"] for p in prepared]
    with write_tx(engine) as conn:
        state = _locked_state(conn, device.id, plan, change_ids)
        if state.moved:
            # Planned again under the lock, the plan sees every committed push: nothing can move.
            plan = _plan(conn, access, device, prepared)
            mark = state.mark if plan.epoch == state.epoch else 0
            state = _Locked(plan.epoch, plan.seen, mark, False)
        return _write(conn, access, device, plan, state, len(prepared))
