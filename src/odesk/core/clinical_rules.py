"""Clinically impossible data, refused with a one-line reason (docs/protocol.md, "Clinical rules").

One function answers for the trust server (on push), the store (on a local save or an import)
and `odesk check` / `odesk-server admin check` (over what is already held, which is listed and
never changed). A rule about a step (signing, closing) applies when the revision takes that step,
so a record written before the rule can still be edited; a rule about a fact (a meeting's end
before its start) applies to every revision that states it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from odesk.core.ids import parse_time
from odesk.core.revision_rules import MAX_CLOCK_SKEW

MAX_AGE_YEARS = 120

# A note's written parts: signing one with none of them says nothing was recorded.
_WRITTEN = ("summary", "reflections", "agreements", "uncertainties")


def _time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return parse_time(value)
    except ValueError:
        return None


def _blank(value: object) -> bool:
    return not (isinstance(value, str) and value.strip())


def note_has_writing(note: dict) -> bool:
    """Whether a note records anything: a written section, a voice, an option or safety text."""
    for name in _WRITTEN:  # a loop, not any() over a generator: asked of every signed note
        if not _blank(note.get(name)):
            return True
    voices = note.get("voices") or []
    if any(isinstance(v, dict) and not _blank(v.get("text")) for v in voices):
        return True
    if any(not _blank(option) for option in note.get("options") or []):
        return True
    safety = note.get("safety") or {}
    return isinstance(safety, dict) and not _blank(safety.get("text"))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _network_fault(record: dict, parents: list[dict], now: datetime) -> tuple[str, str] | None:
    referral = record.get("referral") or {}
    received = _time(referral.get("received_at") if isinstance(referral, dict) else None)
    if received is not None and received > now + MAX_CLOCK_SKEW:
        return "referral.received_at", "a referral cannot be received in the future"
    person = record.get("person") or {}
    born = person.get("date_of_birth") if isinstance(person, dict) else None
    if isinstance(born, str):
        try:
            day = date.fromisoformat(born)
        except ValueError:
            day = None
        today = now.date()
        if day is not None and day > today:
            return "person.date_of_birth", "a date of birth cannot be in the future"
        if day is not None and day < _years_before(today, MAX_AGE_YEARS):
            return "person.date_of_birth", f"is more than {MAX_AGE_YEARS} years ago"
    closing = record.get("status") == "closed" and not any(
        p.get("status") == "closed" for p in parents
    )
    if closing and _blank(record.get("closed_reason")):
        return "closed_reason", "closing a network needs a reason"
    return None


def meeting_fault(record: dict, now: datetime) -> tuple[str, str] | None:
    """(field, reason) when a meeting's facts are clinically impossible (also as corrected)."""
    return _meeting_fault(record, now)


def _meeting_fault(record: dict, now: datetime) -> tuple[str, str] | None:
    start, end = _time(record.get("start")), _time(record.get("end"))
    if start is not None and end is not None and end < start:
        return "end", "a meeting cannot end before it starts"
    if record.get("status") == "held" and start is not None and start > now + MAX_CLOCK_SKEW:
        return "start", "a meeting marked held cannot start in the future"
    return None


def _note_fault(record: dict, parents: list[dict]) -> tuple[str, str] | None:
    signing = record.get("state") == "signed" and not (
        parents and any(p.get("state") == "signed" for p in parents)
    )
    if not signing:
        return None
    if not note_has_writing(record):
        return "state", "a note with nothing written cannot be signed"
    if record.get("late_entry") is True and _blank(record.get("late_reason")):
        return "late_reason", "a late entry needs the reason it is late before it is signed"
    return None


def clinical_fault(record: dict, parents: Iterable[dict], now: datetime) -> tuple[str, str] | None:
    """(field, one-line reason) for the first clinical rule this revision breaks, or None.

    ``parents``: the revision's parent revisions as held (for the rules about a step);
    ``now``: the checker's clock (an aware datetime).
    """
    if record.get("deleted"):
        return None
    kind = record.get("kind")
    held = [p for p in parents if isinstance(p, dict)] if parents else []  # () or [] mostly
    if kind == "network":
        return _network_fault(record, held, now)
    if kind == "meeting":
        return _meeting_fault(record, now)
    if kind == "note":
        return _note_fault(record, held)
    return None


def standing_faults(record: dict, now: datetime) -> list[str]:
    """Every clinical rule a record as held breaks ("field: reason"), for the check commands:
    the rules about a step are asked of the record as if it had just taken it."""
    fault = clinical_fault(record, (), now)
    return [f"{fault[0]}: {fault[1]}"] if fault else []
