"""Who may push which revision: scope (which team a record belongs to) and each kind's rules.

Pure functions over the revision being pushed, the revisions the server already holds of that
record, and lookups of networks and notes; the push transaction calls them under its lock.
A refusal raises Rejected whose reason is shown to the user beside the kept local change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from odesk.core.records import content_of
from odesk.server.directory import Access

# Who "owns" a revision of these kinds: only they write it (notes have one more rule: co-signing).
OWNER_FIELD = {
    "note": "author_id",
    "addendum": "author_id",
    "rating": "rater_id",
    "review": "reviewer_id",
}
PRACTITIONER_KINDS = frozenset({"network", "member", "meeting", "note", "addendum"})


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


def _cosigns(revision: dict) -> set[tuple[Any, Any]]:
    return {
        (c.get("user_id"), c.get("at"))
        for c in revision.get("cosigned_by") or ()
        if isinstance(c, dict)
    }


def _strip(revision: dict) -> dict:
    content = content_of(revision)
    content.pop("cosigned_by", None)
    return content


def _check_note(record: dict, existing: list[dict], access: Access, author: str | None) -> None:
    by_rev = {r["rev"]: r for r in existing}
    parents = [by_rev[p] for p in record.get("parent_revs") or () if p in by_rev]
    signed_parents = [p for p in parents if p.get("state") == "signed" and not p.get("deleted")]
    if any(r.get("state") == "signed" for r in existing) and existing and not parents:
        raise Rejected("a signed note never changes (add an addendum)")
    if not signed_parents:
        if access.user_id != author:
            raise Rejected("only the note's author edits it")
        return
    if record.get("deleted"):
        raise Rejected("a signed note is never deleted (add an addendum)")
    if record.get("state") != "signed":
        raise Rejected("a signed note never changes (add an addendum)")
    stripped = _strip(record)
    base = next((p for p in signed_parents if _strip(p) == stripped), None)
    if base is None:
        raise Rejected("a signed note never changes (add an addendum)")
    mine = _cosigns(record)
    earlier = set().union(*(_cosigns(p) for p in parents))
    if not _cosigns(base) <= mine:
        raise Rejected("a co-signature cannot be removed")
    added = mine - earlier
    if not added:
        return  # a merge of co-signed leaves by anyone who may write here
    if access.user_id == author:
        raise Rejected("the author does not co-sign their own note")
    if any(user_id != access.user_id for user_id, _ in added):
        raise Rejected("a practitioner adds only their own co-signature")


def check_change(record: dict, existing: list[dict], access: Access, scope: Scope) -> None:
    """Raise Rejected unless this user may push this revision of this record."""
    kind = record["kind"]
    user = access.user_id
    if record.get("updated_by") != user:
        raise Rejected("updated_by must be the user this device belongs to")
    if existing:
        creators = {r.get("created_by") for r in existing}
        if record.get("created_by") not in creators:
            raise Rejected("created_by must stay the record's creator")
    elif not record.get("parent_revs") and record.get("created_by") != user:
        raise Rejected("created_by must be the user this device belongs to")

    team = scope.team_id
    if kind in PRACTITIONER_KINDS:
        if not access.may_write(team):
            raise Rejected(f"you may not write {kind} records for team {team}")
    elif kind == "rating":
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
    elif kind in ("review", "supervision") and not access.may_supervise(team):
        raise Rejected(f"only supervisors of team {team} write {kind} records")

    owner_field = OWNER_FIELD.get(kind)
    owner: str | None = None
    if owner_field:
        known_owners = [r.get(owner_field) for r in existing if r.get(owner_field)]
        owner = known_owners[0] if known_owners else record.get(owner_field)
        if record.get(owner_field) is not None and record.get(owner_field) != owner:
            raise Rejected(f"{owner_field} cannot change")
        if not existing and owner != user and not (record.get("deleted") and owner is None):
            raise Rejected(f"{owner_field} must be the user this device belongs to")
    if kind == "addendum" and existing:
        raise Rejected("an addendum never changes after it is written")
    if kind == "note":
        _check_note(record, existing, access, owner)
    elif owner_field and owner != user:
        raise Rejected(f"only its {owner_field.removesuffix('_id')} changes a {kind}")


def check_references(
    record: dict,
    scope: Scope,
    network_team: NetworkLookup,
    note_signed: Callable[[str], bool],
    team_subtree: Callable[[str], set[str]],
) -> None:
    """Raise Rejected when a record points at something its readers must not be led to.

    A review is of a signed note (a draft still changes under the comment); a supervision
    session discusses networks of its own team or that team's podlets.
    """
    if record.get("deleted"):
        return
    kind = record["kind"]
    if kind == "review":
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
