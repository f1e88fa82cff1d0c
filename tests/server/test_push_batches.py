"""A push holding many revisions of the same records is decided exactly as the same changes
pushed one at a time (odesk.server.push_plan.decide): every change gets the same status and
reason, and the same rows are written. Within one push, decide keeps per record what it has
seen so far (revisions by rev, the revision tree, each signed note's signed content) instead of
working it out again for every revision; this holds those shortcuts to the plain answer, over
drawn histories: chains, forks and merges, tombstones, repeated and conflicting revisions,
revisions naming unknown parents, signed notes edited, co-signed and changed."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odesk.core.ids import new_id, utc_now
from odesk.core.revs import new_rev
from odesk.server.directory import Access
from odesk.server.push_plan import Device, Known, Refs, decide, prevalidate, wanted_ids
from tests.server.helpers import envelope

TEAM = "team-a"
ANA = Access("ana", frozenset({"practitioner"}), frozenset({TEAM}), frozenset())
LAPTOP = Device("laptop-ana", "ana")


def _envelope(kind: str) -> dict:
    return envelope(kind, "ana", LAPTOP.id, hlc="0000000000001-00000-laptop-ana")


def _network() -> dict:
    return {
        **_envelope("network"),
        "team_id": TEAM,
        "person": {"name": "Robin Fictional"},
        "referral": {"received_at": "2026-11-01T09:00:00+00:00", "source": "GP"},
        "status": "open",
    }


def _meeting(network: dict) -> dict:
    return {
        **_envelope("meeting"),
        "network_id": network["id"],
        "status": "held",
        "start": "2026-11-02T10:00:00+00:00",
        "end": "2026-11-02T11:00:00+00:00",
        "location": "home",
    }


def _note(meeting: dict) -> dict:
    return {
        **_envelope("note"),
        "meeting_id": meeting["id"],
        "network_id": meeting["network_id"],
        "author_id": "ana",
        "state": "signed",
        "signed_at": utc_now(),
        "summary": "A fictional summary.",
        "cosign_requested": ["ben"],
        "cosigned_by": [],
    }


# How a drawn revision differs from its parents'.
_NETWORK_EDITS: list[dict[str, Any]] = [
    {"person": {"name": "Robin Renamed"}},
    {"person": {"name": "Robin Other"}},
    {"status": "closed", "closed_reason": "Fictional ending."},
    {"status": "closed"},  # no reason: refused
    {"deleted": True},
    {"created_by": "ben"},  # refused: the creator stays
    {},
]
_NOTE_EDITS: list[dict[str, Any]] = [
    {},
    {"summary": "Changed after signing."},  # refused
    {"cosigned_by": [{"user_id": "ana", "at": "2026-11-02T12:00:00+00:00"}]},  # refused
    {"state": "draft"},  # refused
    {"deleted": True},  # refused
]


@st.composite
def _history(draw: st.DrawFn) -> list[dict]:
    """Revisions of one network and one signed note, in the order a device sends them: each
    builds on one or two revisions drawn before it, or on a rev nobody has, or repeats one."""
    network = _network()
    meeting = _meeting(network)
    note = _note(meeting)
    sent: list[dict] = [network, meeting, note]
    of_record: dict[str, list[dict]] = {network["id"]: [network], note["id"]: [note]}
    for _ in range(draw(st.integers(1, 40))):
        base = draw(st.sampled_from(list(of_record.values())))
        how = draw(st.sampled_from(["edit", "edit", "edit", "merge", "repeat", "orphan"]))
        first = draw(st.sampled_from(base))
        if how == "repeat":
            sent.append(first)
            continue
        parents = [first]
        if how == "merge" and len(base) > 1:
            parents.append(draw(st.sampled_from([r for r in base if r is not first])))
        parent_revs = [p["rev"] for p in parents]
        if how == "orphan":
            parent_revs = [new_rev([first["rev"]])]  # a parent the server never saw
        edits = _NOTE_EDITS if first["kind"] == "note" else _NETWORK_EDITS
        revision = {
            **first,
            **draw(st.sampled_from(edits)),
            "rev": new_rev(parent_revs),
            "parent_revs": parent_revs,
            "updated_at": utc_now(),
        }
        base.append(revision)
        sent.append(revision)
    return sent


def _changes(records: list[dict]) -> list[dict]:
    return [
        {"change_id": new_id(), "device_seq": seq, "record": record}
        for seq, record in enumerate(records, 1)
    ]


def _known(rows: list[dict], changes: dict[str, tuple[int, str]]) -> Known:
    """What the server holds once these rows are written, as a plan's read gives it."""
    known = Known("epoch", len(rows), dict(changes), {}, {})
    for row in rows:
        known.held[row["record_id"]] = (row["kind"], row["network_id"], row["team_id"])
        known.revisions.setdefault(row["record_id"], []).append(row["record"])
        known.rev_owners[row["rev"]] = row["record_id"]
    return known


def _outcome(plan: Any) -> tuple[list[tuple], list[tuple]]:
    results = [(r["change_id"], r["status"], r.get("reason")) for r in plan.results]
    rows = [(r["change_id"], r["rev"], r["json"], r["network_id"]) for r in plan.rows]
    return results, rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_history())
def test_a_batch_is_decided_as_its_changes_one_at_a_time(records: list[dict]) -> None:
    changes = _changes(records)
    prepared = [prevalidate(change) for change in changes]

    batch = decide(_known([], {}), wanted_ids(prepared), ANA, LAPTOP, prepared, Refs())

    rows: list[dict] = []
    held_changes: dict[str, tuple[int, str]] = {}
    one_by_one: list[tuple] = []
    written: list[tuple] = []
    for one in prepared:
        plan = decide(_known(rows, held_changes), wanted_ids([one]), ANA, LAPTOP, [one], Refs())
        results, new_rows = _outcome(plan)
        one_by_one += results
        written += new_rows
        for row in plan.rows:
            held_changes[row["change_id"]] = (len(rows) + 1, LAPTOP.id)
            rows.append({**row, "record": one.record})
    assert _outcome(batch) == (one_by_one, written)
    assert [status for _, status, _ in one_by_one[:3]] == ["applied"] * 3


def test_a_records_lone_revision_is_read_as_resolve_reads_it() -> None:
    """decide takes a record's lone revision as its current view without resolve's copy of
    it: a note first pushed signed is a signed note to review in the same push, one first
    pushed as a tombstone has no current view and so no signature to review."""
    reviewer = Access(
        "ana", frozenset({"practitioner", "supervisor"}), frozenset({TEAM}), frozenset({TEAM})
    )
    draft = "a review is of a signed note; this note is still a draft"
    for deleted, reason in ((False, None), (True, draft)):
        network = _network()
        meeting = _meeting(network)
        note = {**_note(meeting), "deleted": deleted}
        review = {
            **_envelope("review"),
            "note_id": note["id"],
            "network_id": network["id"],
            "reviewer_id": "ana",
            "status": "seen",
        }
        prepared = [prevalidate(change) for change in _changes([network, meeting, note, review])]
        plan = decide(_known([], {}), wanted_ids(prepared), reviewer, LAPTOP, prepared, Refs())
        assert [r.get("reason") for r in plan.results] == [None, None, None, reason]
        assert [r["status"] for r in plan.results][:3] == ["applied"] * 3
