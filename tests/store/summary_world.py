"""A small fictional world touching everything the network list summarises, and the list's rows
as the app computed them before the store kept summary rows (the oracle the summaries are
compared with).

`build_world` is also what made tests/store/data/store-v2 with the code of schema 2 (commit
0ffd8ed): `python -m tests.store.summary_world DIR` run on that commit.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from odesk.core.ids import parse_time
from tests.store.conftest import meeting, network, note
from tests.store.test_sync_support import pushed, remote

AUTHOR = "u-practitioner-1"


def _concern_note(store: Any, network_id: str, *, concern: bool = True, **extra: Any) -> dict:
    held = store.save(
        meeting(network_id, start="2026-11-03T10:00:00+00:00", end="2026-11-03T11:00:00+00:00")
    )
    return store.save(
        note(
            network_id,
            held["id"],
            AUTHOR,
            **{
                "state": "signed",
                "signed_at": "2026-11-03T12:00:00+00:00",
                "safety": {"discussed": True, "text": "Worry", "safeguarding_concern": concern},
                **extra,
            },
        )
    )


def build_world(store: Any) -> dict[str, str]:
    """Networks in every state the list shows; returns their ids by a short label."""
    ids: dict[str, str] = {}
    # open, urgent, a preferred name; one held meeting, one planned; an unaddressed concern
    flagged = store.save(network("Flagged Fictional"))
    store.save(
        meeting(
            flagged["id"],
            status="planned",
            start="2026-11-01T10:00:00+00:00",
            end="2026-11-01T11:00:00+00:00",
        )
    )
    _concern_note(store, flagged["id"])
    ids["flagged"] = flagged["id"]
    # closed, its concern addressed by a supervisor's review
    addressed = store.save(
        network(
            "Addressed Fictional",
            status="closed",
            closed_reason="Moved away.",
            referral={"received_at": "2026-10-01T09:00:00+00:00", "urgency": "routine"},
        )
    )
    concern = _concern_note(store, addressed["id"])
    store.save(
        {
            "kind": "review",
            "note_id": concern["id"],
            "network_id": addressed["id"],
            "reviewer_id": "u-supervisor",
            "status": "seen",
            "safeguarding_addressed": True,
        }
    )
    ids["addressed"] = addressed["id"]
    # very urgent, waiting for its first meeting, no preferred name
    waiting = store.save(
        {
            "kind": "network",
            "team_id": "team-south",
            "person": {"name": "Waiting Fictional"},
            "referral": {"received_at": "2026-11-05T08:00:00+00:00", "urgency": "very_urgent"},
            "status": "open",
            "key_practitioner_ids": [AUTHOR],
        }
    )
    ids["waiting"] = waiting["id"]
    # a draft note in conflict: the concern ticked on the other laptop's side only
    split = store.save(network("Split Fictional"))
    draft = _concern_note(store, split["id"], concern=False, state="draft", signed_at=None)
    pushed(store)
    store.save({**draft, "summary": "Here"})
    theirs = remote(draft, summary="There")
    theirs["safety"] = {**draft["safety"], "safeguarding_concern": True}
    store.apply_remote([{"server_seq": 1, "record": theirs}], 1)
    ids["split"] = split["id"]
    # removed: not listed
    gone = store.save(network("Gone Fictional"))
    store.delete(gone["id"])
    ids["gone"] = gone["id"]
    # pulled from the server: a network whose held meeting has only a planned start
    pulled = remote(None, **network("Pulled Fictional"))
    held = remote(
        None,
        kind="meeting",
        network_id=pulled["id"],
        status="held",
        planned_start="2026-11-02T09:30:00+01:00",
    )
    store.apply_remote([{"server_seq": 2, "record": pulled}, {"server_seq": 3, "record": held}], 3)
    ids["pulled"] = pulled["id"]
    return ids


def old_rows(store: Any) -> list[tuple[Any, ...]]:
    """The list's rows as odesk computed them before summary rows (commit 0ffd8ed: ui
    network_list._build_rows with ui.safeguarding.open_concerns and
    ui.referral_clock.first_meeting_at), from the records' current views."""

    def raised(n: dict) -> bool:
        return (n.get("safety") or {}).get("safeguarding_concern") is True

    conflicts = set(store.conflicts())

    def has_concern(n: dict) -> bool:
        if raised(n):
            return True
        if n.get("id") not in conflicts:
            return False
        by_rev = {r["rev"]: r for r in store.history(n["id"])}
        leaves = (by_rev.get(leaf) for leaf in store.resolution(n["id"]).leaves)
        return any(x is not None and not x.get("deleted") and raised(x) for x in leaves)

    notes = store.flagged_records("note", "safety.safeguarding_concern")
    seen = {n["id"] for n in notes}
    for record_id in conflicts:
        n = store.get(record_id)
        if record_id not in seen and n is not None and n["kind"] == "note" and has_concern(n):
            notes.append(n)
    addressed = {
        str(r.get("note_id")) for r in store.flagged_records("review", "safeguarding_addressed")
    }
    concerns: dict[str, list[str]] = {}
    for n in notes:
        if n["id"] not in addressed:
            concerns.setdefault(str(n.get("network_id") or ""), []).append(n["id"])

    def first_meeting_at(meetings: list[dict]) -> datetime | None:
        times = []
        for m in meetings:
            if m.get("status") != "held":
                continue
            at = m.get("start") or m.get("planned_start")
            if at:
                try:
                    times.append(parse_time(at))
                except ValueError:
                    continue
        return min(times) if times else None

    meetings: dict[str, list[dict]] = {}
    for m in store.records("meeting", status="held"):
        meetings.setdefault(m.get("network_id"), []).append(m)
    rows = []
    for n in store.records("network"):
        person = n.get("person") or {}
        referral = n.get("referral") or {}
        name = person.get("name") or ""
        if person.get("preferred_name"):
            name = f"{name} ({person['preferred_name']})"
        rows.append(
            (
                n["id"],
                name,
                n.get("status") or "open",
                referral.get("urgency") or "routine",
                referral.get("received_at") or "",
                n.get("team_id") or "",
                tuple(n.get("key_practitioner_ids") or ()),
                n.get("created_by") or "",
                first_meeting_at(meetings.get(n["id"], [])),
                len(concerns.get(n["id"], ())),
            )
        )
    rows.sort(key=lambda r: r[4], reverse=True)
    return rows


if __name__ == "__main__":
    from odesk.store import Store
    from odesk.vault import TEST_PARAMS
    from tests.store.conftest import PASSPHRASE

    made = Store.create(Path(sys.argv[1]), PASSPHRASE, kdf_params=TEST_PARAMS, allow_weak_kdf=True)
    print(build_world(made))
    made.close()
