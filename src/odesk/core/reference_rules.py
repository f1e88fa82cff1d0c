"""References stay in scope (docs/protocol.md, "References"): what a record points at exists
where it says, checked by the trust server on push (with what it holds) and by the store on a
local save (with what the device holds).

Pure functions over lookups, so the server (SQL) and the store (its records) give the same
answer; a tombstone points at nothing new and is not checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

# record id -> (kind, network id) of a record held, or None when not held
Lookup = Callable[[str], "tuple[str, str | None] | None"]


def meeting_fault(record: dict, lookup: Lookup) -> str | None:
    """A note's or rating's meeting is a meeting of the record's own network."""
    if record.get("deleted") or record.get("kind") not in ("note", "rating"):
        return None
    meeting_id = record.get("meeting_id")
    if not isinstance(meeting_id, str):
        return None
    found = lookup(meeting_id)
    if found is None:
        return f"meeting_id: meeting {meeting_id} is not known (push the meeting first)"
    kind, network_id = found
    if kind != "meeting":
        return f"meeting_id: {meeting_id} is a {kind}, not a meeting"
    if network_id != record.get("network_id"):
        return "meeting_id: the meeting belongs to another network"
    return None


def scale_fault(record: dict, scales: Iterable[Mapping[str, Any]]) -> str | None:
    """A rating's instrument is a scale served to devices, its scores name that scale's items,
    and each score is within the scale's range."""
    if record.get("deleted") or record.get("kind") != "rating":
        return None
    instrument = record.get("instrument")
    scale = next((s for s in scales if s.get("id") == instrument), None)
    if scale is None:
        return f"instrument: {instrument} is not a rating scale this server serves"
    items = {i.get("id") for i in scale.get("items") or () if isinstance(i, Mapping)}
    found_range = scale.get("score")
    score_range: Mapping[str, Any] = found_range if isinstance(found_range, Mapping) else {}
    low, high = score_range.get("min"), score_range.get("max")
    for item_id, value in (record.get("scores") or {}).items():
        if item_id not in items:
            return f"scores.{item_id}: is not an item of scale {instrument}"
        if value is None:
            continue
        if isinstance(low, int | float) and value < low:
            return f"scores.{item_id}: is below the scale's minimum {low}"
        if isinstance(high, int | float) and value > high:
            return f"scores.{item_id}: is above the scale's maximum {high}"
    return None
