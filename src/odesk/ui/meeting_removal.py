"""Removing a meeting that should not be there (made by mistake, a duplicate), with a reason.

Removal writes a tombstone revision (`deleted: true`) carrying `deleted_reason`; every earlier
revision stays in the record's history, so the network page's history shows what was removed,
by whom, when and why. A meeting with a signed note is never removed: the note records that it
happened, and a signed note never changes. The remover's own draft note of the meeting goes
with it (its text stays in its history); a colleague's note blocks removal, since only its
author may change it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from odesk.core.records import content_of
from odesk.ui.i18n import Context

if TYPE_CHECKING:
    from odesk.store import Store

MeetingRemoval = Context("MeetingRemoval")


class RemovalRefused(Exception):
    """Why this meeting cannot be removed, in words for the user."""


def removal_blocker(store: Store, meeting_id: str, user_id: str) -> str | None:
    """Why the meeting cannot be removed, or None when it can."""
    for note in store.records("note", meeting_id=meeting_id):
        if note.get("state") == "signed":
            return MeetingRemoval.tr(
                "This meeting has a signed note, so it stays; correct it with an addendum."
            )
        if note.get("author_id") != user_id:
            return MeetingRemoval.tr(
                "A colleague has a note of this meeting; only they can remove their note."
            )
    return None


def remove_meeting(store: Store, meeting_id: str, reason: str, user_id: str) -> dict:
    """Write the tombstones (the meeting and the remover's draft note) in one transaction."""
    reason = reason.strip()
    if not reason:
        raise RemovalRefused(MeetingRemoval.tr("Give the reason for removing this meeting."))
    blocker = removal_blocker(store, meeting_id, user_id)
    if blocker:
        raise RemovalRefused(blocker)
    meeting = store.get(meeting_id)
    if meeting is None:
        raise RemovalRefused(
            MeetingRemoval.tr("This meeting was never saved, or is already removed.")
        )
    with store.transaction():
        for note in store.records("note", meeting_id=meeting_id):
            store.save({**_tombstone(note)})
        return store.save({**_tombstone(meeting), "deleted_reason": reason})


def _tombstone(record: dict) -> dict:
    return {
        **{k: v for k, v in content_of(record).items() if not k.startswith("_")},
        "id": record["id"],
        "kind": record["kind"],
        "rev": record["rev"],
        "deleted": True,
    }
