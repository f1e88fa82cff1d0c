"""A meeting as corrected: the meeting record with its meeting corrections applied in order
(odesk.core.integrity), for every screen, read-back and PDF that shows a meeting's facts."""

from __future__ import annotations

from odesk.core.integrity import effective_meeting, ordered_corrections
from odesk.store import Store


def meeting_facts(store: Store, meeting_id: str) -> tuple[dict | None, list[dict]]:
    """(the meeting with its corrections applied, the corrections in order); (None, []) for a
    meeting this store does not hold."""
    meeting = store.get(meeting_id) if meeting_id else None
    if meeting is None:
        return None, []
    corrections = ordered_corrections(
        store.records("meeting_correction", meeting_id=meeting_id), meeting_id
    )
    return effective_meeting(meeting, corrections), corrections
