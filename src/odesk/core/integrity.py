"""The integrity rules of signed notes and the meetings they vouch for (docs/protocol.md §
"Signed notes, co-signatures and meeting corrections"), shared by the store (it refuses at
once, offline), the server (the authority) and import, so all three give the same answer.

- A signed note's content never changes by any path: every later revision equals *every*
  signed revision in the record's history (not only its parents: a fork of an older draft,
  signed and merged, or a revision with made-up parents, is caught the same way), apart from
  co-signatures. A signed note is never deleted.
- A co-signature is its owner's own act: an entry new to the history names the user who
  pushes it (on a pulled revision, its ``updated_by``, which the server fixes to the pusher),
  never the note's author, and one the note asks to co-sign (``cosign_requested``), with a
  time no earlier than the signature and not in the future
  beyond the clock-skew allowance. A co-signature once made is never removed.
- Once any note of a meeting is signed, the meeting's status, start, end, location (and its
  detail) and attendance are frozen; a meeting correction changes them, as a record of its own
  beside the meeting. The meeting's *effective* facts are the meeting with its corrections
  applied in order.

Each check returns the reason in plain words (what the user reads beside a refused change), or
None when the revision may join the history.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from odesk.core.clinical_rules import meeting_fault
from odesk.core.ids import parse_time
from odesk.core.merge import RevisionTree
from odesk.core.records import FROZEN_MEETING_FIELDS, content_of

# How far a device's clock may run ahead of the server's before its times are refused.
CLOCK_SKEW = timedelta(minutes=5)

SIGNED_NOTE_CHANGED = "a signed note never changes (add an addendum)"
# A correction of a meeting no note has signed yet would override every later edit of it.
CORRECTION_UNSIGNED = (
    "this meeting has no signed note yet: edit the meeting itself, not through a correction"
)


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def is_signed_note(revision: dict) -> bool:
    return (
        revision.get("kind") == "note"
        and revision.get("state") == "signed"
        and not revision.get("deleted")
    )


def signed_content(revision: dict) -> str:
    """What a signature covers: the note's fields but its co-signatures (a field left empty
    and a field absent say the same)."""
    content = {
        k: v
        for k, v in content_of(revision).items()
        if k != "cosigned_by" and v is not None and v != []
    }
    return _canon(content)


def cosignatures(revision: dict) -> set[tuple[str, str]]:
    given = revision.get("cosigned_by")
    if not given:  # most notes: none, and no comprehension to set up for it
        return set()
    return {(str(c.get("user_id")), str(c.get("at"))) for c in given if isinstance(c, dict)}


def _time(value: Any) -> datetime | None:
    try:
        return parse_time(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _cosignature_fault(
    revision: dict, added: set[tuple[str, str]], pusher: str, author: Any, now: datetime | None
) -> str | None:
    """Why the co-signatures ``added`` by this revision may not be added; None when they may."""
    if revision.get("state") != "signed" or revision.get("deleted"):
        return "only a signed note is co-signed"
    if any(user_id != pusher for user_id, _ in added):
        return "a co-signature is added only by the co-signer, from her own device"
    if pusher == author:
        return "the author does not co-sign their own note"
    # A co-signature vouches for having been there: only those the note asks (the other
    # practitioners present when it was signed, part of the signed content) give one.
    requested = revision.get("cosign_requested") or ()
    if any(user_id not in requested for user_id, _ in added):
        return "only a practitioner the note asks to co-sign (one who was there) co-signs it"
    signed_at = _time(revision.get("signed_at"))
    for _, at in added:
        when = _time(at)
        if when is None:
            return "a co-signature's time is not a time"
        if now is not None and when > now + CLOCK_SKEW:
            return "a co-signature's time is in the future"
        if signed_at is not None and when < signed_at - CLOCK_SKEW:
            return "a co-signature's time is before the note was signed"
    return None


def note_fault(
    revision: dict,
    history: Iterable[dict],
    pusher: str,
    now: datetime | None = None,
    *,
    content: Callable[[dict], str] = signed_content,
) -> str | None:
    """Why a new revision of a note may not join ``history`` (every revision already held of
    that note), pushed by user ``pusher``; None when it may. ``now`` (the receiver's clock)
    bounds co-signature times; None skips that bound (a pulled revision, already judged).
    ``content``: signed_content, or a caller's memo of it (the server checks a push's many
    revisions of one note against the same history, which would encode each again)."""
    history = list(history)
    if not history:
        # A note's first revision (most pushed ones): no signature or co-signature before it,
        # its own author; what the lines below give for an empty history, without their lists.
        added = cosignatures(revision)
        if added:
            return _cosignature_fault(revision, added, pusher, revision.get("author_id"), now)
        return None
    signed = [r for r in history if is_signed_note(r)]
    authors = [r.get("author_id") for r in history if r.get("author_id")]
    author = authors[0] if authors else revision.get("author_id")
    known = set().union(*(cosignatures(r) for r in history)) if history else set()
    added = cosignatures(revision) - known
    if added:
        fault = _cosignature_fault(revision, added, pusher, author, now)
        if fault is not None:
            return fault
    if not signed:
        return None
    if revision.get("deleted"):
        return "a signed note is never deleted (add an addendum)"
    if revision.get("state") != "signed":
        return SIGNED_NOTE_CHANGED
    mine = content(revision)
    if any(content(s) != mine for s in signed):
        return SIGNED_NOTE_CHANGED
    by_rev = {r["rev"]: r for r in history}
    kept = cosignatures(revision)
    for parent in revision.get("parent_revs") or ():
        if parent in by_rev and not cosignatures(by_rev[parent]) <= kept:
            return "a co-signature cannot be removed"
    return None


# --- meetings ---------------------------------------------------------------------------------


def _fact(record: dict, name: str) -> str:
    value = record.get(name)
    return _canon(None if value in ("", []) else value)


def frozen_changes(before: dict, after: dict) -> list[str]:
    """The frozen facts that differ between two versions of a meeting."""
    return [f for f in FROZEN_MEETING_FIELDS if _fact(before, f) != _fact(after, f)]


FIELD_WORDS = {
    "status": "status",
    "start": "start time",
    "end": "end time",
    "location": "place",
    "location_detail": "place details",
    "attendees": "attendance",
}


def frozen_meeting_fault(revision: dict, history: Iterable[dict]) -> str | None:
    """Why a new revision of a meeting with a signed note may not join ``history``: it must be
    no tombstone and keep the frozen facts of one of the meeting's current versions (its live
    leaves)."""
    history = list(history)
    if not history:
        return None
    if revision.get("deleted"):
        return (
            "this meeting has a signed note, so it is never deleted; record a meeting"
            " correction instead"
        )
    tree = RevisionTree(history)
    leaves = [tree.revisions[r] for r in tree.leaves()]
    live = [leaf for leaf in leaves if not leaf.get("deleted")] or leaves
    changes = [frozen_changes(leaf, revision) for leaf in live]
    if any(not c for c in changes):
        return None
    fields = ", ".join(FIELD_WORDS[f] for f in min(changes, key=len))
    return (
        f"a note of this meeting is signed, so its {fields} can no longer be edited;"
        " record a meeting correction instead"
    )


def meeting_of_note_signed(notes: Iterable[dict], meeting_id: str) -> bool:
    """Whether any of these note revisions is a signed note of the meeting."""
    return any(n.get("meeting_id") == meeting_id and is_signed_note(n) for n in notes)


def ordered_corrections(corrections: Iterable[dict], meeting_id: str) -> list[dict]:
    """A meeting's corrections in the order they apply: by when they were made (then id)."""
    return sorted(
        (c for c in corrections if c.get("meeting_id") == meeting_id and not c.get("deleted")),
        key=lambda c: (str(c.get("created_at") or ""), str(c.get("id") or "")),
    )


def effective_meeting(meeting: dict, corrections: Iterable[dict]) -> dict:
    """The meeting's facts as corrected: the meeting with its corrections applied in order."""
    facts = dict(meeting)
    for correction in ordered_corrections(corrections, str(meeting.get("id"))):
        facts = apply_correction(facts, correction)
    return facts


def apply_correction(facts: dict, correction: dict) -> dict:
    """The meeting's facts after one more correction."""
    after = dict(facts)
    for item in correction.get("fields") or ():
        if isinstance(item, dict) and item.get("field") in FROZEN_MEETING_FIELDS:
            after[item["field"]] = item.get("new")
    return after


def correction_fault(correction: dict, facts: dict, now: datetime) -> str | None:
    """Why a new correction may not apply to a meeting whose corrected facts are ``facts``: an
    "old" value that is not what the meeting now says (the correction would misstate what was
    signed), or facts no meeting can have once it applies (an end before the start, a held
    meeting in the future)."""
    for item in correction.get("fields") or ():
        if not isinstance(item, dict) or item.get("field") not in FROZEN_MEETING_FIELDS:
            continue
        if item.get("old") != facts.get(item["field"]):
            return (
                f"the correction's old {FIELD_WORDS[item['field']]} is not what the meeting now"
                " says; correct the meeting as it stands"
            )
    fault = meeting_fault(apply_correction(facts, correction), now)
    return f"once corrected, {fault[1]}" if fault is not None else None


def correction_from_edit(meeting: dict, edited: dict) -> list[dict]:
    """The ``fields`` of a correction that turns ``meeting``'s frozen facts into ``edited``'s
    (a refused offline edit offered as a correction)."""
    return [
        {"field": f, "old": meeting.get(f), "new": edited.get(f)}
        for f in frozen_changes(meeting, edited)
    ]


def awaiting_cosigners(note: dict) -> list[str]:
    """Who a signed note asked to co-sign and has not co-signed it yet (in the order asked)."""
    if not is_signed_note(note):
        return []
    done = {user_id for user_id, _ in cosignatures(note)}
    return [u for u in note.get("cosign_requested") or () if u not in done]
