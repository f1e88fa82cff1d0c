"""A push's plan, shared by both ways of writing it (odesk.server.push explains the two steps):
each change's fate and the rows to write, decided from what the server holds (`Known`, `Refs`)
by `decide`, which reads nothing itself. The SQLAlchemy path (push_sql) and PostgreSQL's own
statements (push_pg) read those and write the plan, each its own way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson

from odesk.core.clinical_rules import clinical_fault
from odesk.core.ids import utc_now
from odesk.core.integrity import (
    apply_correction,
    correction_fault,
    is_signed_note,
    signed_content,
)
from odesk.core.merge import RevisionTree, resolve
from odesk.core.records import ValidationError, validate
from odesk.core.reference_rules import meeting_fault, scale_fault
from odesk.core.revision_rules import metadata_fault
from odesk.server.db import canonical_bytes, dumps
from odesk.server.directory import Access, with_descendants
from odesk.server.policy import scales
from odesk.server.rules import (
    Rejected,
    check_change,
    check_meeting_frozen,
    check_references,
    scope_of,
)

MAX_RECORD_BYTES = 256 * 1024
_LINK_FIELDS = ("network_id", "note_id", "meeting_id")


@dataclass
class Device:
    id: str
    user_id: str


@dataclass
class Prepared:
    change: dict
    record: dict | None  # None: rejected before planning
    reason: str | None
    encoded: str  # canonical JSON of the record, stored as is


@dataclass
class Plan:
    """What a push will write, worked out from one snapshot (seen = its newest server_seq)."""

    epoch: str
    seen: int
    results: list[dict[str, Any]]
    rows: list[dict[str, Any]]  # new revisions, in order; server_seq filled in at write time
    result_of_row: list[int]  # index into results of each row
    high_water: int  # highest device_seq this push settles (before the stored mark)
    received_at: str  # when the server took the push in (every new row's received_at)
    watched: set[str] = field(default_factory=set)  # record ids whose change voids the plan


def prevalidate(change: dict) -> Prepared:
    record = change["record"]
    try:
        raw = canonical_bytes(record)
    except orjson.JSONEncodeError:
        return Prepared(change, None, "record holds an integer outside the 64-bit range", "")
    if len(raw) > MAX_RECORD_BYTES:
        return Prepared(change, None, "record is larger than 256 KiB", "")
    encoded = raw.decode()
    try:
        validate(record)
    except ValidationError as exc:
        return Prepared(change, None, str(exc), "")
    return Prepared(change, record, None, encoded)


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


def wanted_ids(prepared: list[Prepared]) -> Wanted:
    """The change ids, record ids, linked record ids (the records a record links to by
    network_id, note_id, meeting_id or, for supervision, network_ids) and revs a plan reads."""
    change_ids = [p.change["change_id"] for p in prepared]
    record_ids: set[str] = set()
    revs: set[str] = set()
    linked: set[str] = set()
    for p in prepared:
        record = p.record
        if record is None:
            continue
        record_ids.add(record["id"])
        revs.add(record["rev"])
        for name in _LINK_FIELDS:
            value = record.get(name)
            if isinstance(value, str):
                linked.add(value)
        if record["kind"] == "supervision":
            linked |= {v for v in record.get("network_ids") or () if isinstance(v, str)}
    return change_ids, record_ids, linked, revs


def decide(
    known: Known,
    wanted: Wanted,
    access: Access,
    device: Device,
    prepared: list[Prepared],
    refs: Refs | None = None,
) -> Plan:
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
    served_scales = scales()

    # Per record, for a push holding many revisions of one record (each is checked against
    # the record's revisions so far): its revisions by rev, its revision tree kept as they
    # come (resolve would build it again for every revision), and each revision's signed
    # content (a signed note's every revision is compared with every signed one). Keyed by
    # id(): every revision here lives in `trees` or `prepared` until decide returns, unchanged.
    by_rev: dict[str, dict[str, dict]] = {
        rid: {r["rev"]: r for r in revs} for rid, revs in trees.items() if revs
    }
    revision_trees: dict[str, RevisionTree] = {}
    contents: dict[int, str] = {}

    def signed(revision: dict) -> str:
        found = contents.get(id(revision))
        if found is None:
            found = contents[id(revision)] = signed_content(revision)
        return found

    def team_subtree(team_id: str) -> set[str]:
        return with_descendants([team_id], refs.team_map)

    now = utc_now()
    clock = datetime.now(UTC)
    rev_owners = dict(known.rev_owners)
    plan = Plan(epoch, seen, [], [], [], 0, now, watched=lookup_ids)
    results = plan.results
    high_water = 0
    seen_in_batch: set[str] = set()
    # Asked once a change: bound once (the sets grow in place as the push goes).
    note_signed, meeting_sealed = signed_notes.__contains__, sealed.__contains__
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
        # The first held revision of that rev: a record holds each rev once (the server's
        # unique (record_id, rev), and a revision of this push only joins when it is new).
        same_rev = by_rev[record["id"]].get(record["rev"]) if existing else None
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
            parents = []  # nothing held of the record: none of its parents to find
            if existing:
                held_revs = by_rev.get(record["id"], {})
                parents = [held_revs[r] for r in record["parent_revs"] if r in held_revs]
            clinical = clinical_fault(record, parents, clock)
            if clinical is not None:
                raise Rejected(f"{clinical[0]}: {clinical[1]}")
            reference = meeting_fault(record, held_kind) or scale_fault(record, served_scales)
            if reference is not None:
                raise Rejected(reference)
            scope = scope_of(record, existing, network_team, note_info)
            check_change(record, existing, access, scope, signed=signed)
            check_references(
                record,
                scope,
                network_team,
                note_signed,
                team_subtree,
                meeting_network,
            )
            check_meeting_frozen(record, existing, meeting_sealed)
            facts = corrected_facts.get(str(record.get("meeting_id"))) if corrected_facts else None
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
        by_rev.setdefault(record["id"], {})[record["rev"]] = record
        tree = revision_trees.get(record["id"])
        if tree is not None:
            tree.add(record)
        elif len(existing) > 1:
            tree = revision_trees[record["id"]] = RevisionTree(existing)
        if tree is None:
            # The record's lone revision (no tree is kept until a second one): what
            # resolve([record]) gives, read here without its copy of the record.
            current = None if record.get("deleted") else record
            conflict = False
        else:
            # resolve(existing) as it stands, without building its tree again.
            resolution = resolve(tree)
            current, conflict = resolution.record, resolution.conflict
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
        status = "conflict" if conflict else "applied"
        results.append({"change_id": change_id, "status": status})
        high_water = max(high_water, change["device_seq"])
    plan.high_water = high_water
    return plan


def number(plan: Plan, top: int) -> None:
    """Give the plan's rows the server_seq numbers after ``top``, in order."""
    for offset, row in enumerate(plan.rows):
        seq = top + 1 + offset
        row["server_seq"] = seq
        plan.results[plan.result_of_row[offset]]["server_seq"] = seq


def audit_detail(plan: Plan) -> dict[str, Any]:
    """Which records a push touched and how many changes had each outcome; never content."""
    counts: dict[str, int] = {}
    for result in plan.results:
        counts[result["status"]] = counts.get(result["status"], 0) + 1
    return {"records": sorted({r["record_id"] for r in plan.rows}), **counts}


def needs_refs(prepared: list[Prepared]) -> bool:
    return any(
        p.record is not None
        and p.record["kind"] in ("review", "supervision", "meeting", "meeting_correction")
        for p in prepared
    )
