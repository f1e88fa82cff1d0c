"""Builders of valid fictional records for core tests."""

from __future__ import annotations

from odesk.core.ids import new_id, utc_now
from odesk.core.revs import new_rev

TEAM = "team-north"
USER = "user-ana"


def envelope(kind: str, record_id: str | None = None, parents: list[str] | None = None) -> dict:
    now = utc_now()
    parents = parents or []
    return {
        "id": record_id or new_id(),
        "kind": kind,
        "rev": new_rev(parents),
        "parent_revs": parents,
        "deleted": False,
        "created_at": now,
        "created_by": USER,
        "updated_at": now,
        "updated_by": USER,
        "device_id": "dev-1",
        "hlc": "0000000000001-00000-dev-1",
    }


def network(**overrides: object) -> dict:
    record = envelope("network")
    record.update(
        team_id=TEAM,
        person={
            "name": "Robin Fictional",
            "nhs_number": "9434765919",
            "date_of_birth": "1990-02-03",
        },
        referral={"received_at": "2026-11-01T09:00:00+00:00", "urgency": "urgent"},
        status="open",
    )
    record.update(overrides)
    return record


def child(parent: dict, **changes: object) -> dict:
    """A new revision of ``parent`` with some fields changed."""
    record = {**parent, **changes}
    record["parent_revs"] = [parent["rev"]]
    record["rev"] = new_rev([parent["rev"]])
    return record


def merge_of(*leaves: dict, **changes: object) -> dict:
    parents = [leaf["rev"] for leaf in leaves]
    record = {**leaves[-1], **changes}
    record["parent_revs"] = parents
    record["rev"] = new_rev(parents)
    return record
