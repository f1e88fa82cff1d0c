"""Push: store each accepted revision once, in server_seq order, deciding each change with the
record's heads computed (core `resolve`) from the revisions the server holds.

A push runs in two steps so that the part serialised by the sequence lock stays short:

1. Plan, in a read-only snapshot and without the lock: the duplicate check, the rules that read
   what the server already holds, the merge of each touched record and every row to write.
   Pushes on any number of workers plan at the same time.
2. Write, under the lock (odesk.server.db.write_tx semantics): check that no push committed since
   the snapshot touched the plan's records, linked records or change ids, and that the epoch did
   not change; number the rows after the newest server_seq, write them and commit, still under
   the lock, so pushes commit in server_seq order and a pull never passes a revision a later
   pull could reveal. On PostgreSQL the read and the write are one statement each
   (odesk.server.push_pg). If something did move, or on SQLite (one writer at a time anyway),
   the check and the write run through SQLAlchemy in `write_tx`, planning again under the lock
   when needed (rare: two devices pushing the same record at the same moment).

Schema validation runs before either step. The server keeps revisions only: a record's heads are
computed when a push needs them, from its revisions, which a plan reads anyway (a table of heads,
kept up to date by every push, cost a fifth of the push rate; schema m7 dropped it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, exists, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from odesk.core.clinical_rules import clinical_fault
from odesk.core.ids import utc_now
from odesk.core.integrity import (
    apply_correction,
    correction_fault,
    effective_meeting,
    is_signed_note,
)
from odesk.core.merge import resolve
from odesk.core.records import ValidationError, validate
from odesk.core.reference_rules import meeting_fault, scale_fault
from odesk.core.revision_rules import metadata_fault
from odesk.server.auditlog import record_audit
from odesk.server.db import canonical_bytes, dumps, is_sqlite, read_snapshot_tx, write_tx
from odesk.server.directory import Access, all_teams, with_descendants
from odesk.server.policy import scales
from odesk.server.rules import (
    Rejected,
    check_change,
    check_meeting_frozen,
    check_references,
    scope_of,
)
from odesk.server.schema import device_marks, meta, revisions

MAX_RECORD_BYTES = 256 * 1024
_LINK_FIELDS = ("network_id", "note_id", "meeting_id")


@dataclass
class Device:
    id: str
    user_id: str


@dataclass
class _Prepared:
    change: dict
    record: dict | None  # None: rejected before planning
    reason: str | None
    encoded: str  # canonical JSON of the record, stored as is


@dataclass
class _Plan:
    """What a push will write, worked out from one snapshot (seen = its newest server_seq)."""

    epoch: str
    seen: int
    results: list[dict[str, Any]]
    rows: list[dict[str, Any]]  # new revisions, in order; server_seq filled in at write time
    result_of_row: list[int]  # index into results of each row
    high_water: int  # highest device_seq this push settles (before the stored mark)
    received_at: str  # when the server took the push in (every new row's received_at)
    watched: set[str] = field(default_factory=set)  # record ids whose change voids the plan


@dataclass
class _Locked:
    epoch: str
    top: int  # newest server_seq, read under the lock
    mark: int  # the device's stored high-water mark in this epoch
    moved: bool  # something the plan read has changed since its snapshot


def prevalidate(change: dict) -> _Prepared:
    record = change["record"]
    try:
        raw = canonical_bytes(record)
    except orjson.JSONEncodeError:
        return _Prepared(change, None, "record holds an integer outside the 64-bit range", "")
    if len(raw) > MAX_RECORD_BYTES:
        return _Prepared(change, None, "record is larger than 256 KiB", "")
    encoded = raw.decode()
    try:
        validate(record)
    except ValidationError as exc:
        return _Prepared(change, None, str(exc), "")
    return _Prepared(change, record, None, encoded)


def _upsert(conn: Connection, table: Any, rows: list[dict], key: str) -> None:
    if not rows:
        return
    insert = sqlite_insert if is_sqlite(conn) else pg_insert
    stmt = insert(table)
    update_cols = {c.name: stmt.excluded[c.name] for c in table.columns if c.name != key}
    conn.execute(stmt.on_conflict_do_update(index_elements=[key], set_=update_cols), rows)


def _linked_ids(record: dict) -> set[str]:
    linked = {v for k in _LINK_FIELDS if isinstance(v := record.get(k), str)}
    if record["kind"] == "supervision":
        linked |= {v for v in record.get("network_ids") or () if isinstance(v, str)}
    return linked


@dataclass
class Refs:
    """What the reference rules read (rules.check_references), only when a push needs it:
    which reviewed notes are signed, the team tree for supervision records, and which pushed
    meetings have a signed note (their facts are frozen)."""

    signed_notes: set[str] = field(default_factory=set)
    team_map: dict[str, dict] = field(default_factory=dict)
    sealed_meetings: set[str] = field(default_factory=set)
    # meeting id -> its facts with the corrections held applied, for the pushed corrections
    meeting_facts: dict[str, dict] = field(default_factory=dict)


def read_refs(conn: Connection, prepared: list[_Prepared]) -> Refs:
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
                revisions.c.record_id.in_(note_ids), revisions.c.kind == "note"
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
                revisions.c.network_id.in_(networks), revisions.c.kind == "note"
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
            .where(revisions.c.record_id.in_(sorted(meetings)), revisions.c.kind == "meeting")
        )
    }


def _corrected_meetings(conn: Connection, meeting_ids: list[str]) -> dict[str, dict]:
    """Each meeting's current facts (its revisions resolved) with the corrections held applied:
    what a new correction's "old" values must match."""
    trees: dict[str, list[dict]] = {}
    for row in conn.execute(
        select(revisions.c.record_id, revisions.c.json).where(
            revisions.c.record_id.in_(meeting_ids), revisions.c.kind == "meeting"
        )
    ):
        trees.setdefault(row.record_id, []).append(orjson.loads(row.json))
    current = {m: r for m, tree in trees.items() if (r := resolve(tree).record) is not None}
    networks = sorted({str(r.get("network_id")) for r in current.values()})
    corrections = [  # one read for every corrected meeting (effective_meeting keeps its own)
        orjson.loads(row.json)
        for row in conn.execute(
            select(revisions.c.json).where(
                revisions.c.network_id.in_(networks), revisions.c.kind == "meeting_correction"
            )
        )
    ]
    return {m: effective_meeting(r, corrections) for m, r in current.items()}


@dataclass
class Known:
    """What the server holds that a push's plan depends on, as one reader saw it.

    `seen` is the newest server_seq when the reading began: anything committed later has a
    higher number, which is what the check under the lock compares against.
    """

    epoch: str
    seen: int
    changes: dict[str, tuple[int, str]]  # change id -> (server_seq, device id)
    # Every record and linked record the server holds -> (kind, network id, team id), the same
    # in all its revisions (odesk.server.rules: linking fields never change).
    held: dict[str, tuple[str, str | None, str]]
    revisions: dict[str, list[dict]]  # record id -> its stored revisions (held records only)
    # Each pushed rev held by some record -> that record (a rev never serves two records).
    rev_owners: dict[str, str] = field(default_factory=dict)


# change ids, record ids, linked record ids, pushed revs
Wanted = tuple[list[str], set[str], set[str], set[str]]


def wanted_ids(prepared: list[_Prepared]) -> Wanted:
    """The change ids, record ids, linked record ids and revs a plan reads."""
    change_ids = [p.change["change_id"] for p in prepared]
    record_ids = {p.record["id"] for p in prepared if p.record is not None}
    revs = {p.record["rev"] for p in prepared if p.record is not None}
    linked: set[str] = set()
    for p in prepared:
        if p.record is not None:
            linked |= _linked_ids(p.record)
    return change_ids, record_ids, linked, revs


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
                revisions.c.change_id.in_(change_ids)
            )
        ):
            known.changes[row.change_id] = (row.server_seq, row.device_id)
    # A record's kind, network and team are in every revision of it: the push's own records
    # get them from the revisions read for the merge, linked ones from any one revision.
    scope = (revisions.c.record_id, revisions.c.kind, revisions.c.network_id, revisions.c.team_id)
    if record_ids:
        for stored in conn.execute(
            select(*scope, revisions.c.json).where(revisions.c.record_id.in_(record_ids))
        ):
            known.held[stored.record_id] = (stored.kind, stored.network_id, stored.team_id)
            known.revisions.setdefault(stored.record_id, []).append(orjson.loads(stored.json))
    if revs:
        for owned in conn.execute(
            select(revisions.c.rev, revisions.c.record_id).where(revisions.c.rev.in_(revs))
        ):
            known.rev_owners[owned.rev] = owned.record_id
    linked_only = linked - record_ids
    if linked_only:
        for found in conn.execute(
            select(*scope).distinct().where(revisions.c.record_id.in_(linked_only))
        ):
            known.held[found.record_id] = (found.kind, found.network_id, found.team_id)
    return known


def _plan(conn: Connection, access: Access, device: Device, prepared: list[_Prepared]) -> _Plan:
    """Decide every change's fate and the rows to write, from what ``conn`` sees."""
    wanted = wanted_ids(prepared)
    refs = read_refs(conn, prepared)
    return decide(_read(conn, wanted), wanted, access, device, prepared, refs)


def decide(
    known: Known,
    wanted: Wanted,
    access: Access,
    device: Device,
    prepared: list[_Prepared],
    refs: Refs | None = None,
) -> _Plan:
    """Each change's fate and the rows to write, given what the server holds."""
    _, record_ids, linked, _ = wanted
    epoch, seen, known_changes, held = known.epoch, known.seen, known.changes, known.held
    lookup_ids = linked | record_ids
    trees: dict[str, list[dict]] = {rid: list(known.revisions.get(rid, ())) for rid in record_ids}

    def network_team(network_id: str) -> str | None:
        info = held.get(network_id)
        return info[2] if info and info[0] == "network" else None

    def held_kind(record_id: str) -> tuple[str, str | None] | None:
        info = held.get(record_id)
        return (info[0], info[1]) if info else None

    def note_info(note_id: str) -> tuple[str | None, str] | None:
        info = held.get(note_id)
        return (info[1], info[2]) if info and info[0] == "note" else None

    def meeting_network(meeting_id: str) -> str | None:
        info = held.get(meeting_id)
        return info[1] if info and info[0] == "meeting" else None

    refs = refs or Refs()
    signed_notes = set(refs.signed_notes)
    sealed = set(refs.sealed_meetings)
    corrected_facts = dict(refs.meeting_facts)
    clock = datetime.now(UTC)

    def team_subtree(team_id: str) -> set[str]:
        return with_descendants([team_id], refs.team_map)

    now = utc_now()
    clock = datetime.now(UTC)
    rev_owners = dict(known.rev_owners)
    plan = _Plan(epoch, seen, [], [], [], 0, now, watched=lookup_ids)
    results = plan.results
    high_water = 0
    seen_in_batch: set[str] = set()
    for p in prepared:
        change, record = p.change, p.record
        change_id = change["change_id"]
        if change_id in known_changes or change_id in seen_in_batch:
            seq, from_device = known_changes.get(change_id, (None, None))
            results.append({"change_id": change_id, "status": "duplicate", "server_seq": seq})
            if from_device in (None, device.id):
                high_water = max(high_water, change["device_seq"])
            continue
        if record is None:
            results.append({"change_id": change_id, "status": "rejected", "reason": p.reason})
            continue
        existing = trees[record["id"]]
        same_rev = next((r for r in existing if r["rev"] == record["rev"]), None)
        if same_rev is not None:
            if dumps(same_rev) == p.encoded:
                results.append({"change_id": change_id, "status": "duplicate"})
                high_water = max(high_water, change["device_seq"])
            else:
                results.append(
                    {
                        "change_id": change_id,
                        "status": "rejected",
                        "reason": f"revision {record['rev']} already exists with other content",
                    }
                )
            continue
        known_kind = existing[0]["kind"] if existing else None
        try:
            if known_kind is not None and known_kind != record["kind"]:
                raise Rejected(f"record {record['id']} is a {known_kind}, not a {record['kind']}")
            owner = rev_owners.get(record["rev"], record["id"])
            if owner != record["id"]:
                # Devices key revisions by rev: a second record under it would hide one of them.
                raise Rejected(f"rev {record['rev']} is already a revision of another record")
            fault = metadata_fault(
                record, existing, user_id=access.user_id, device_id=device.id, now=clock
            )
            if fault is not None:
                raise Rejected(fault)
            parent_revs = set(record["parent_revs"])
            clinical = clinical_fault(
                record, [r for r in existing if r["rev"] in parent_revs], clock
            )
            if clinical is not None:
                raise Rejected(f"{clinical[0]}: {clinical[1]}")
            reference = meeting_fault(record, held_kind) or scale_fault(record, scales())
            if reference is not None:
                raise Rejected(reference)
            scope = scope_of(record, existing, network_team, note_info)
            check_change(record, existing, access, scope)
            check_references(
                record,
                scope,
                network_team,
                signed_notes.__contains__,
                team_subtree,
                meeting_network,
            )
            check_meeting_frozen(record, existing, sealed.__contains__)
            facts = corrected_facts.get(str(record.get("meeting_id")))
            if record["kind"] == "meeting_correction" and not existing and facts is not None:
                fault = correction_fault(record, facts, clock)
                if fault is not None:
                    raise Rejected(fault)
        except Rejected as exc:
            results.append({"change_id": change_id, "status": "rejected", "reason": exc.reason})
            continue
        seen_in_batch.add(change_id)
        rev_owners[record["rev"]] = record["id"]
        existing.append(record)
        resolution = resolve(existing)
        current = resolution.record
        plan.result_of_row.append(len(results))
        plan.rows.append(
            {
                "record_id": record["id"],
                "rev": record["rev"],
                "change_id": change_id,
                "kind": record["kind"],
                "json": p.encoded,
                "network_id": scope.network_id,
                "team_id": scope.team_id,
                "device_id": device.id,
                "device_seq": change["device_seq"],
                "user_id": access.user_id,
                "received_at": now,
            }
        )
        held[record["id"]] = (record["kind"], scope.network_id, scope.team_id)
        if current is not None and current["kind"] == "note" and current.get("state") == "signed":
            signed_notes.add(record["id"])
        if is_signed_note(record) and isinstance(record.get("meeting_id"), str):
            sealed.add(record["meeting_id"])
        if record["kind"] == "meeting_correction" and facts is not None:
            corrected_facts[str(record["meeting_id"])] = apply_correction(facts, record)
        status = "conflict" if resolution.conflict else "applied"
        results.append({"change_id": change_id, "status": status})
        high_water = max(high_water, change["device_seq"])
    plan.high_water = high_water
    return plan


def _locked_state(conn: Connection, device_id: str, plan: _Plan, change_ids: list[str]) -> _Locked:
    """One query under the lock: epoch, newest server_seq, the device's mark, and whether any
    push committed after the plan's snapshot touched what the plan read."""
    newer_record = exists().where(
        revisions.c.record_id.in_(sorted(plan.watched)), revisions.c.server_seq > plan.seen
    )
    newer_change = exists().where(
        revisions.c.change_id.in_(change_ids), revisions.c.server_seq > plan.seen
    )
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
            newer_record | newer_change,
        )
    ).one()
    epoch, top = row[0] or "", int(row[1] or 0)
    mark = int(row[3]) if row[3] is not None and row[2] == epoch else 0
    moved = epoch != plan.epoch or (top != plan.seen and bool(row[4]))
    return _Locked(epoch, top, mark, moved)


def _number(plan: _Plan, top: int) -> None:
    """Give the plan's rows the server_seq numbers after ``top``, in order."""
    for offset, row in enumerate(plan.rows):
        seq = top + 1 + offset
        row["server_seq"] = seq
        plan.results[plan.result_of_row[offset]]["server_seq"] = seq


def _audit_detail(plan: _Plan) -> dict[str, Any]:
    """Which records a push touched and how many changes had each outcome; never content."""
    counts: dict[str, int] = {}
    for result in plan.results:
        counts[result["status"]] = counts.get(result["status"], 0) + 1
    return {"records": sorted({r["record_id"] for r in plan.rows}), **counts}


def _write(
    conn: Connection, access: Access, device: Device, plan: _Plan, state: _Locked, pushed: int
) -> dict[str, Any]:
    """Number the plan's rows after the newest server_seq and write them (under the lock)."""
    _number(plan, state.top)
    high_water = max(state.mark, plan.high_water)
    if plan.rows:
        conn.execute(revisions.insert(), plan.rows)
    if pushed:
        _upsert(
            conn,
            device_marks,
            [{"device_id": device.id, "epoch": state.epoch, "high_water": high_water}],
            "device_id",
        )
        record_audit(conn, "push", actor=access.user_id, device_id=device.id, **_audit_detail(plan))
    return {"results": plan.results, "epoch": state.epoch, "device_high_water": high_water}


def needs_refs(prepared: list[_Prepared]) -> bool:
    return any(
        p.record is not None
        and p.record["kind"] in ("review", "supervision", "meeting", "meeting_correction")
        for p in prepared
    )


def read_refs_now(engine: Engine, prepared: list[_Prepared]) -> Refs:
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
    prepared: list[_Prepared],
    plan: _Plan | None = None,
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


def push_changes(
    engine: Engine, access: Access, device: Device, changes: list[dict]
) -> dict[str, Any]:
    """Apply a push (see the module's docstring), blocking. On PostgreSQL the server's push
    route awaits odesk.server.push_pg.serve_push itself; this runs the same code."""
    if changes and not is_sqlite(engine):
        # Imported here: psycopg is only installed where PostgreSQL is used (the desktop
        # bundle's embedded demo server runs on SQLite).
        from odesk.server.push_pg import push_changes_blocking

        return push_changes_blocking(engine, access, device, changes)
    return push_locked(engine, access, device, [prevalidate(change) for change in changes])
