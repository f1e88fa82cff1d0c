"""When a safeguarding concern is open: the rule every screen and the store's summary rows share.

A note with ``safety.safeguarding_concern`` raises a concern on its network; it stays open until a
supervisor's review of that note says ``safeguarding_addressed: true``. A note in conflict keeps
the concern if any live side of it raised one: a note is never merged by the machine, so the
side shown may be the one without it, and a flag is never lowered without a person (DESIGN §5).
"""

from __future__ import annotations

from collections.abc import Iterable

CONCERN_PATH = "safety.safeguarding_concern"
ADDRESSED_FIELD = "safeguarding_addressed"


def raised(note: dict) -> bool:
    """The note's own words: a safeguarding concern ticked."""
    return (note.get("safety") or {}).get("safeguarding_concern") is True


def raised_on_any_side(note: dict, leaves: Iterable[dict | None]) -> bool:
    """A concern in the note as shown or in any live leaf of its conflict (``leaves``: the
    revisions of its leaves, None for one not held)."""
    if raised(note):
        return True
    return any(leaf is not None and not leaf.get("deleted") and raised(leaf) for leaf in leaves)


def addresses(review: dict) -> bool:
    """The review marks its note's concern addressed."""
    return review.get(ADDRESSED_FIELD) is True


def open_by_network(notes: Iterable[dict], addressed_note_ids: set[str]) -> dict[str, list[str]]:
    """Network id → ids of ``notes`` (each with a concern) that no review has addressed."""
    out: dict[str, list[str]] = {}
    for note in notes:
        if note["id"] not in addressed_note_ids:
            out.setdefault(str(note.get("network_id") or ""), []).append(note["id"])
    return out
