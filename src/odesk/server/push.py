"""Push: store each accepted revision once, in server_seq order, and recompute the record's head.

The whole batch runs in one serialised write transaction (see odesk.server.db.write_tx): the
duplicate check, the rules that read what the server already holds, the sequence numbers and the
commit all happen under the lock, so concurrent pushes on any number of workers commit in
server_seq order. Schema validation runs before the lock.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from odesk.core.ids import utc_now
from odesk.core.merge import resolve
from odesk.core.records import ValidationError, validate
from odesk.server.auditlog import record_audit
from odesk.server.db import dumps, is_sqlite, write_tx
from odesk.server.directory import Access
from odesk.server.rules import Rejected, check_change, scope_of
from odesk.server.schema import device_marks, get_epoch, heads, revisions

MAX_RECORD_BYTES = 256 * 1024


@dataclass
class Device:
    id: str
    user_id: str


def _prevalidate(change: dict) -> tuple[dict | None, str | None, str]:
    """(record, rejection reason, canonical json) before taking the lock."""
    record = change["record"]
    encoded = dumps(record)
    if len(encoded.encode()) > MAX_RECORD_BYTES:
        return None, "record is larger than 256 KiB", ""
    try:
        validate(record)
    except ValidationError as exc:
        return None, str(exc), ""
    return record, None, encoded


def _mark(conn: Connection, device_id: str, epoch: str) -> int:
    row = conn.execute(
        select(device_marks.c.epoch, device_marks.c.high_water).where(
            device_marks.c.device_id == device_id
        )
    ).first()
    return int(row.high_water) if row is not None and row.epoch == epoch else 0


def _upsert(conn: Connection, table: Any, rows: list[dict], key: str) -> None:
    if not rows:
        return
    insert = sqlite_insert if is_sqlite(conn) else pg_insert
    stmt = insert(table)
    update_cols = {c.name: stmt.excluded[c.name] for c in table.columns if c.name != key}
    conn.execute(stmt.on_conflict_do_update(index_elements=[key], set_=update_cols), rows)


def push_changes(
    engine: Engine, access: Access, device: Device, changes: list[dict]
) -> dict[str, Any]:
    prepared = [(change, *_prevalidate(change)) for change in changes]
    results: list[dict[str, Any]] = []
    with write_tx(engine) as conn:
        epoch = get_epoch(conn)
        high_water = _mark(conn, device.id, epoch)
        change_ids = [c["change_id"] for c in changes]
        known_changes: dict[str, tuple[int, str]] = {}
        if change_ids:
            for row in conn.execute(
                select(revisions.c.change_id, revisions.c.server_seq, revisions.c.device_id).where(
                    revisions.c.change_id.in_(change_ids)
                )
            ):
                known_changes[row.change_id] = (row.server_seq, row.device_id)

        record_ids = {r["id"] for _, r, _, _ in prepared if r is not None}
        linked: set[str] = set()
        for _, r, _, _ in prepared:
            if r is not None:
                linked.update(
                    v for k in ("network_id", "note_id") if isinstance(v := r.get(k), str)
                )
        trees: dict[str, list[dict]] = {rid: [] for rid in record_ids}
        if record_ids:
            for row2 in conn.execute(
                select(revisions.c.record_id, revisions.c.json).where(
                    revisions.c.record_id.in_(record_ids)
                )
            ):
                trees[row2.record_id].append(json.loads(row2.json))
        head_info: dict[str, tuple[str, str | None, str]] = {}  # id -> (kind, network_id, team)
        lookup_ids = linked | record_ids
        if lookup_ids:
            for row3 in conn.execute(
                select(heads.c.record_id, heads.c.kind, heads.c.network_id, heads.c.team_id).where(
                    heads.c.record_id.in_(lookup_ids)
                )
            ):
                head_info[row3.record_id] = (row3.kind, row3.network_id, row3.team_id)

        def network_team(network_id: str) -> str | None:
            info = head_info.get(network_id)
            return info[2] if info and info[0] == "network" else None

        def note_info(note_id: str) -> tuple[str | None, str] | None:
            info = head_info.get(note_id)
            return (info[1], info[2]) if info and info[0] == "note" else None

        next_seq = int(conn.execute(select(func.max(revisions.c.server_seq))).scalar() or 0) + 1
        now = utc_now()
        new_revisions: list[dict] = []
        touched: dict[str, tuple[str, str | None, int]] = {}  # record id -> (team, network, seq)
        seen_in_batch: set[str] = set()
        resolutions: dict[str, Any] = {}
        for change, record, reason, encoded in prepared:
            change_id = change["change_id"]
            if change_id in known_changes or change_id in seen_in_batch:
                seq, from_device = known_changes.get(change_id, (None, None))
                results.append({"change_id": change_id, "status": "duplicate", "server_seq": seq})
                if from_device in (None, device.id):
                    high_water = max(high_water, change["device_seq"])
                continue
            if record is None:
                results.append({"change_id": change_id, "status": "rejected", "reason": reason})
                continue
            existing = trees[record["id"]]
            same_rev = next((r for r in existing if r["rev"] == record["rev"]), None)
            if same_rev is not None:
                if dumps(same_rev) == encoded:
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
                    raise Rejected(
                        f"record {record['id']} is a {known_kind}, not a {record['kind']}"
                    )
                scope = scope_of(record, existing, network_team, note_info)
                check_change(record, existing, access, scope)
            except Rejected as exc:
                results.append({"change_id": change_id, "status": "rejected", "reason": exc.reason})
                continue
            seq = next_seq
            next_seq += 1
            seen_in_batch.add(change_id)
            existing.append(record)
            new_revisions.append(
                {
                    "server_seq": seq,
                    "record_id": record["id"],
                    "rev": record["rev"],
                    "change_id": change_id,
                    "kind": record["kind"],
                    "json": encoded,
                    "network_id": scope.network_id,
                    "team_id": scope.team_id,
                    "device_id": device.id,
                    "device_seq": change["device_seq"],
                    "user_id": access.user_id,
                    "received_at": now,
                }
            )
            head_info[record["id"]] = (record["kind"], scope.network_id, scope.team_id)
            touched[record["id"]] = (scope.team_id, scope.network_id, seq)
            resolution = resolve(existing)
            resolutions[record["id"]] = resolution
            status = "conflict" if resolution.conflict else "applied"
            results.append({"change_id": change_id, "status": status, "server_seq": seq})
            high_water = max(high_water, change["device_seq"])

        if new_revisions:
            conn.execute(revisions.insert(), new_revisions)
            head_rows = []
            for record_id, (team_id, network_id, seq) in touched.items():
                resolution = resolutions[record_id]
                head_rows.append(
                    {
                        "record_id": record_id,
                        "kind": trees[record_id][0]["kind"],
                        "team_id": team_id,
                        "network_id": network_id,
                        "view": dumps(resolution.record) if resolution.record else None,
                        "leaves": dumps(resolution.leaves),
                        "conflict": bool(resolution.conflict),
                        "deleted": resolution.record is None,
                        "updated_seq": seq,
                    }
                )
            _upsert(conn, heads, head_rows, "record_id")
        if changes:
            _upsert(
                conn,
                device_marks,
                [{"device_id": device.id, "epoch": epoch, "high_water": high_water}],
                "device_id",
            )
            counts: dict[str, int] = {}
            for result in results:
                counts[result["status"]] = counts.get(result["status"], 0) + 1
            record_audit(
                conn,
                "push",
                actor=access.user_id,
                device_id=device.id,
                records=sorted({r["record_id"] for r in new_revisions}),
                **counts,
            )
    return {"results": results, "epoch": epoch, "device_high_water": high_water}
