"""Records in conflict, with every leaf, and saving a person's merge of them.

A merge is an ordinary edit whose parents are all the leaves, so every device and the server
then see a single leaf and the conflict ends everywhere once it syncs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from odesk.core.records import ENVELOPE_FIELDS
from odesk.sync.ports import StoreForSync


@dataclass
class ConflictInfo:
    record_id: str
    kind: str
    leaves: list[dict]  # every leaf revision, oldest generation first
    conflict_fields: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    merged: dict | None = None  # the provisional view (auto-merged fields filled in)


def conflict_info(store: StoreForSync, record_id: str) -> ConflictInfo | None:
    resolution = store.resolution(record_id)
    if not resolution.conflict and "delete_conflict" not in resolution.flags:
        return None
    by_rev = {rev["rev"]: rev for rev in store.history(record_id)}
    leaves = [by_rev[r] for r in resolution.leaves if r in by_rev]
    source = resolution.record or (leaves[-1] if leaves else {})
    kind = source.get("kind", "")
    return ConflictInfo(
        record_id=record_id,
        kind=kind,
        leaves=leaves,
        conflict_fields=list(resolution.conflict_fields),
        flags=list(resolution.flags),
        merged=resolution.record,
    )


def conflicts(store: StoreForSync) -> list[ConflictInfo]:
    found = (conflict_info(store, record_id) for record_id in store.conflicts())
    return [info for info in found if info is not None]


def resolve_conflict(store: StoreForSync, record_id: str, merged_fields: dict) -> dict:
    """Save ``merged_fields`` (the kind's fields) as a revision whose parents are every leaf."""
    resolution = store.resolution(record_id)
    if not resolution.leaves:
        raise ValueError(f"record {record_id}: unknown record")
    kind = (resolution.record or {}).get("kind") or merged_fields.get("kind")
    if not kind:
        kind = next((r["kind"] for r in store.history(record_id) if r.get("kind")), None)
    content = {k: v for k, v in merged_fields.items() if k not in ENVELOPE_FIELDS}
    return store.save(
        {**content, "id": record_id, "kind": kind, "parent_revs": list(resolution.leaves)}
    )
