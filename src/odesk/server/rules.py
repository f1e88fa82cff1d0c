"""Who may push which revision: scope (which team a record belongs to) and each kind's rules.

Pure functions over the revision being pushed, the revisions the server already holds of that
record, and lookups of networks and notes; the push transaction calls them under its lock.
A refusal raises Rejected whose reason is shown to the user beside the kept local change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from odesk.core.integrity import (
    CORRECTION_UNSIGNED,
    frozen_meeting_fault,
    is_signed_note,
    note_fault,
    signed_content,
)
from odesk.server.directory import Access

# Who "owns" a revision of these kinds: only they write it (notes have one more rule: co-signing).
OWNER_FIELD = {
    "note": "author_id",
    "addendum": "author_id",
    "rating": "rater_id",
    "review": "reviewer_id",
    "meeting_correction": "author_id",
}
PRACTITIONER_KINDS = frozenset(
    {"network", "member", "meeting", "note", "addendum", "meeting_correction"}
)


class Rejected(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Scope:
    team_id: str
    network_id: str | None


NetworkLookup = Callable[[str], "str | None"]  # network id -> team id
NoteLookup = Callable[[str], "tuple[str | None, str] | None"]  # note id -> (network id, team id)


def _stable(record: dict, existing: list[dict], name: str) -> str | None:
    """A linking field that never changes over a record's life (falls back to known revisions)."""
    if not existing:  # a record's first revision: its own value, as the rest would say
        return record.get(name)
    known = {r.get(name) for r in existing if r.get(name) is not None}
    value = record.get(name)
    if value is None:
        return next(iter(known)) if len(known) == 1 else None
    if known and value not in known:
        raise Rejected(f"{name} cannot change once set")
    return value


def scope_of(
    record: dict, existing: list[dict], network_team: NetworkLookup, note_info: NoteLookup
) -> Scope:
    kind = record["kind"]
    if kind == "network":
        team_id = _stable(record, existing, "team_id")
        if team_id is None:
            raise Rejected("a network needs a team_id")
        return Scope(team_id, record["id"])
    if kind == "supervision":
        team_id = _stable(record, existing, "team_id")
        if team_id is None:
            raise Rejected("a supervision record needs a team_id")
        return Scope(team_id, None)
    if kind == "addendum":
        note_id = _stable(record, existing, "note_id")
        info = note_info(note_id) if note_id else None
        if info is None:
            raise Rejected(f"note {note_id} is not known to the server (push the note first)")
        network_id, team_id = info
        given = _stable(record, existing, "network_id")
        if given is not None and network_id is not None and given != network_id:
            raise Rejected("network_id is not the network of the note")
        return Scope(team_id, network_id)
    network_id = _stable(record, existing, "network_id")
    if network_id is None:
        raise Rejected(f"a {kind} needs a network_id")
    team = network_team(network_id)
    if team is None:
        raise Rejected(f"network {network_id} is not known to the server (push it first)")
    if kind == "review":
        # A review reaches the note's author: it must be of a note the server holds, in the
        # network it names, or it would land beside a note the reviewer was never shown.
        note_id = _stable(record, existing, "note_id")
        info = note_info(note_id) if note_id else None
        if info is None:
            raise Rejected(f"note {note_id} is not known to the server (push the note first)")
        if info[0] is not None and info[0] != network_id:
            raise Rejected("network_id is not the network of the reviewed note")
    return Scope(team, network_id)


def _check_note(
    record: dict,
    existing: list[dict],
    access: Access,
    author: str | None,
    now: datetime,
    content: Callable[[dict], str],
) -> None:
    """The shared rules of signed notes and co-signatures (odesk.core.integrity), then: until a
    note is signed only its author writes it."""
    fault = note_fault(record, existing, access.user_id, now, content=content)
    if fault is not None:
        raise Rejected(fault)
    signed_before = bool(existing) and any(is_signed_note(r) for r in existing)
    if not signed_before and access.user_id != author:
        raise Rejected("only the note's author edits it")


def check_change(
    record: dict,
    existing: list[dict],
    access: Access,
    scope: Scope,
    now: datetime | None = None,
    signed: Callable[[dict], str] = signed_content,
) -> None:
    """Raise Rejected unless this user may push this revision of this record. ``signed``:
    odesk.core.integrity.signed_content, or the caller's memo of it."""
    kind = record["kind"]
    user = access.user_id
    _check_authorship(record, existing, user)

    team = scope.team_id
    if kind in PRACTITIONER_KINDS:
        if not access.may_write(team):
            raise Rejected(f"you may not write {kind} records for team {team}")
    elif kind == "rating":
        _check_rater(record, access, team)
    elif kind in ("review", "supervision") and not access.may_supervise(team):
        raise Rejected(f"only supervisors of team {team} write {kind} records")

    owner_field = OWNER_FIELD.get(kind)
    owner: str | None = None
    if owner_field:
        known_owners = (
            [r.get(owner_field) for r in existing if r.get(owner_field)] if existing else []
        )
        owner = known_owners[0] if known_owners else record.get(owner_field)
        if record.get(owner_field) is not None and record.get(owner_field) != owner:
            raise Rejected(f"{owner_field} cannot change")
        if not existing and owner != user and not (record.get("deleted") and owner is None):
            raise Rejected(f"{owner_field} must be the user this device belongs to")
    if kind == "addendum" and existing:
        raise Rejected("an addendum never changes after it is written")
    if kind == "meeting_correction" and existing:
        raise Rejected("a meeting correction never changes after it is written")
    if kind == "note":
        _check_note(record, existing, access, owner, now or datetime.now(UTC), signed)
    elif owner_field and owner != user:
        raise Rejected(f"only its {owner_field.removesuffix('_id')} changes a {kind}")


def _check_authorship(record: dict, existing: list[dict], user: str) -> None:
    """Raise Rejected unless the revision names its pusher as updater and keeps its creator."""
    if record.get("updated_by") != user:
        raise Rejected("updated_by must be the user this device belongs to")
    if existing:
        creators = {r.get("created_by") for r in existing}
        if record.get("created_by") not in creators:
            raise Rejected("created_by must stay the record's creator")
    elif not record.get("parent_revs") and record.get("created_by") != user:
        raise Rejected("created_by must be the user this device belongs to")


def _check_rater(record: dict, access: Access, team: str) -> None:
    """Raise Rejected unless this user may rate a meeting of ``team`` in the role given."""
    if not (access.may_write(team) or access.may_supervise(team)):
        raise Rejected(f"you may not rate meetings of team {team}")
    role = record.get("rater_role")
    if role == "supervisor" and not access.may_supervise(team):
        raise Rejected("only a supervisor of the team rates as supervisor")
    if role in ("self", "co_facilitator") and not access.may_write(team):
        raise Rejected(f"only practitioners of team {team} rate as {role}")
    if role == "researcher" and (access.may_write(team) or not access.may_supervise(team)):
        # A research rating stands for an independent reading of the meeting.
        raise Rejected(
            f"a researcher rating comes from someone who reads team {team} without working in it"
        )


def check_references(
    record: dict,
    scope: Scope,
    network_team: NetworkLookup,
    note_signed: Callable[[str], bool],
    team_subtree: Callable[[str], set[str]],
    meeting_network: Callable[[str], str | None] | None = None,
) -> None:
    """Raise Rejected when a record points at something its readers must not be led to.

    A review is of a signed note (a draft still changes under the comment); a supervision
    session discusses networks of its own team or that team's podlets; a meeting correction
    corrects a meeting of its own network (``meeting_network``: meeting id -> network id).
    """
    if record.get("deleted"):
        return
    kind = record["kind"]
    if kind == "meeting_correction":
        meeting_id = record.get("meeting_id")
        network = meeting_network(meeting_id) if meeting_network and meeting_id else None
        if network is None:
            raise Rejected(f"meeting {meeting_id} is not known to the server (push it first)")
        if network != scope.network_id:
            raise Rejected("network_id is not the network of the corrected meeting")
    elif kind == "review":
        note_id = record.get("note_id")
        if isinstance(note_id, str) and not note_signed(note_id):
            raise Rejected("a review is of a signed note; this note is still a draft")
    elif kind == "supervision":
        allowed = team_subtree(scope.team_id)
        for network_id in record.get("network_ids") or ():
            team = network_team(network_id)
            if team is None:
                raise Rejected(f"network {network_id} is not known to the server (push it first)")
            if team not in allowed:
                raise Rejected(f"network {network_id} is not a network of team {scope.team_id}")


def check_meeting_frozen(record: dict, existing: list[dict], sealed: Callable[[str], bool]) -> None:
    """A meeting with a signed note keeps its frozen facts, and only such a meeting is corrected
    by a meeting correction (odesk.core.integrity); ``sealed``: meeting id -> has a signed note."""
    if record["kind"] == "meeting" and sealed(record["id"]):
        fault = frozen_meeting_fault(record, existing)
        if fault is not None:
            raise Rejected(fault)
    if record["kind"] == "meeting_correction" and not existing and not record.get("deleted"):
        meeting_id = record.get("meeting_id")
        if not (isinstance(meeting_id, str) and sealed(meeting_id)):
            raise Rejected(CORRECTION_UNSIGNED)
