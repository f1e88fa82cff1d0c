"""The server's own audit log and alerts, and the devices' audit chains it keeps a copy of.

Audit rows say who did what, from which device, to which records, and when; never record content.
Alerts are what the trust should look at first: a device's audit chain that does not continue,
a revoked device still calling.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, select

from odesk.core.auditchain import entry_hash
from odesk.core.ids import utc_now
from odesk.server.schema import alerts, audit, device_audit, devices


def record_audit(
    conn: Connection,
    action: str,
    *,
    actor: str = "admin",
    device_id: str | None = None,
    **detail: Any,
) -> None:
    conn.execute(
        audit.insert().values(
            at=utc_now(),
            actor=actor,
            device_id=device_id,
            action=action,
            detail=json.dumps(detail, separators=(",", ":"), sort_keys=True),
        )
    )


def raise_alert(
    conn: Connection,
    kind: str,
    message: str,
    *,
    device_id: str | None = None,
    user_id: str | None = None,
) -> None:
    conn.execute(
        alerts.insert().values(
            at=utc_now(), kind=kind, device_id=device_id, user_id=user_id, message=message
        )
    )


def _recomputed(entry: dict) -> str | None:
    try:
        return entry_hash(
            entry["prev_hash"], entry["seq"], entry["at"], entry["action"], entry.get("record_id")
        )
    except (KeyError, TypeError):
        return None


def accept_device_audit(
    conn: Connection, device_id: str, user_id: str, entries: Iterable[dict]
) -> int:
    """Append a device's audit entries to its chain; a break is an alert, then the chain goes on.

    Entries at or below what was already accepted are compared with the stored copy (a device
    re-sending after a server restore); a different hash there is an alert too.
    Returns the sequence number accepted through.
    """
    row = conn.execute(
        select(devices.c.audit_seq, devices.c.audit_hash).where(devices.c.id == device_id)
    ).one()
    last_seq, last_hash = int(row.audit_seq or 0), row.audit_hash
    entries = sorted(entries, key=lambda e: e["seq"])
    old = [e["seq"] for e in entries if e["seq"] <= last_seq]
    stored: dict[int, str] = {}
    if old:
        stored = {
            r.seq: r.hash
            for r in conn.execute(
                select(device_audit.c.seq, device_audit.c.hash).where(
                    device_audit.c.device_id == device_id, device_audit.c.seq.in_(old)
                )
            )
        }
    now = utc_now()
    breaks: list[str] = []
    new_rows = []
    for entry in entries:
        seq = entry["seq"]
        if seq <= last_seq:
            if seq in stored and stored[seq] != entry["hash"]:
                breaks.append(f"entry {seq} differs from the copy the server holds")
            continue
        if last_seq and (seq != last_seq + 1 or entry["prev_hash"] != last_hash):
            breaks.append(
                f"entry {seq} does not continue entry {last_seq}"
                if seq != last_seq + 1
                else f"entry {seq} names a previous hash that is not entry {last_seq}'s"
            )
        elif _recomputed(entry) != entry["hash"]:
            breaks.append(f"entry {seq}: its hash does not match its content")
        new_rows.append(
            {
                "device_id": device_id,
                "seq": seq,
                "at": entry.get("at"),
                "action": entry.get("action"),
                "record_id": entry.get("record_id"),
                "prev_hash": entry.get("prev_hash"),
                "hash": entry["hash"],
                "received_at": now,
            }
        )
        last_seq, last_hash = seq, entry["hash"]
    if new_rows:
        conn.execute(device_audit.insert(), new_rows)
        conn.execute(
            devices.update()
            .where(devices.c.id == device_id)
            .values(audit_seq=last_seq, audit_hash=last_hash)
        )
    for message in breaks[:20]:
        raise_alert(
            conn,
            "audit_chain_broken",
            f"device {device_id}: audit chain broken: {message}",
            device_id=device_id,
            user_id=user_id,
        )
    record_audit(
        conn,
        "device_audit",
        actor=user_id,
        device_id=device_id,
        accepted=len(new_rows),
        through=last_seq,
        breaks=len(breaks),
    )
    return last_seq
