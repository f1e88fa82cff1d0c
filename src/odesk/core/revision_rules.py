"""A revision's metadata, checked rather than trusted (docs/protocol.md, "Revision metadata").

The same function answers for the trust server (the authority, with the pushing user and
device from the token), for the store (a local edit, at once and offline) and for tests: a
revision's parents are revisions of that record already held, the first revision has none,
``created_by``/``created_at`` are those of the record's first revision, ``updated_by`` and
``device_id`` are the writer's own, and no clock in it runs ahead of the checker's by more than
MAX_CLOCK_SKEW. The generation (highest parent's + 1) is part of the revision's shape and is
checked by odesk.core.records.validate.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from odesk.core.ids import parse_time

# How far ahead of the checker's clock a revision's own times may be: laptops' clocks drift,
# but a revision "made" further in the future would stay on top of every ordering by clock.
MAX_CLOCK_SKEW = timedelta(minutes=5)

# Times a writer sets from its own clock; each must not be in the future (a note's signing
# time too: "signed at" is what a reader trusts).
_TIMES = ("created_at", "updated_at", "signed_at")
_AHEAD = (
    f"more than {int(MAX_CLOCK_SKEW.total_seconds() // 60)} minutes ahead of the clock checking it"
)


def first_revision(existing: Iterable[dict]) -> dict | None:
    """The record's first revision (no parents) among those held, or None."""
    return next((r for r in existing if not r.get("parent_revs")), None)


def _hlc_time(hlc: object) -> datetime | None:
    if not isinstance(hlc, str):
        return None
    head = hlc.split("-", 1)[0]
    if not head.isdigit():
        return None
    try:
        return datetime.fromtimestamp(int(head) / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return datetime.max.replace(tzinfo=UTC)  # beyond any calendar: in the future


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
# How far an hlc's milliseconds, as microseconds, may be from _hlc_time's datetime of them:
# fromtimestamp's float rounding, under 16 µs up to the year 9999 (seconds < 2**38, whose
# floats are 2**-15 s apart). An hlc this many microseconds below the limit is not ahead.
_HLC_SLACK_US = 1000


def _hlc_clearly_before(hlc: object, limit: datetime) -> bool:
    """True when the hlc's time is certainly not after ``limit``; False: ask _hlc_time.

    _hlc_time builds a datetime from a float for every pushed revision, while every hlc of a
    sane clock is far below the limit, which whole microseconds say exactly (timedelta
    arithmetic). Anything near the limit, malformed, huge or against a naive clock goes the
    datetime way, so the verdict is always _hlc_time's."""
    if type(hlc) is not str:
        return False
    head = hlc.split("-", 1)[0]
    if not (head.isdigit() and head.isascii() and len(head) <= 15):
        return False
    try:
        limit_us = (limit - _EPOCH) // _MICROSECOND
    except TypeError:  # a naive ``limit``: the datetime comparison raises as it always did
        return False
    return int(head) * 1000 < limit_us - _HLC_SLACK_US


def future_fault(record: dict, now: datetime) -> str | None:
    """The first of the revision's own clocks more than MAX_CLOCK_SKEW ahead of ``now``."""
    limit = now + MAX_CLOCK_SKEW
    last = None
    for name in _TIMES:
        value = record.get(name)
        if isinstance(value, str):
            if value == last:
                continue  # the text just judged (a first revision's updated_at): not ahead
            last = value
            try:
                if parse_time(value) > limit:
                    return f"{name} is in the future ({_AHEAD})"
            except ValueError:
                continue  # the shape check names a malformed time
    hlc = record.get("hlc")
    if _hlc_clearly_before(hlc, limit):
        return None
    stamp = _hlc_time(hlc)
    if stamp is not None and stamp > limit:
        return f"hlc is in the future ({_AHEAD})"
    return None


def metadata_fault(
    record: dict,
    existing: list[dict],
    *,
    user_id: str | None,
    device_id: str | None,
    now: datetime,
) -> str | None:
    """Why this revision's metadata cannot be accepted, in one line, or None.

    ``existing``: the revisions of this record already held (not this one); ``user_id`` and
    ``device_id``: who is writing it (for the server, the token's device and its user; None
    where the writer is not known yet, as for a file imported on a laptop, whose revisions
    the server checks when they are pushed).
    """
    # A record's first revision (nearly every pushed one) has nothing held to look through.
    held = {r.get("rev") for r in existing} if existing else frozenset()
    parents = record.get("parent_revs") or []
    for parent in parents:
        if parent not in held:
            return f"parent_revs: {parent} is not a revision of this record (push it first)"
    first = first_revision(existing) if existing else None
    if not parents and first is not None and user_id != first.get("created_by"):
        # Its creator may send a first revision again (amended before an answer was lost: kept
        # beside the other as a conflict); anyone else's revision builds on what is held.
        return "parent_revs: the record already has a first revision; a new one names its parents"
    if user_id is not None and record.get("updated_by") != user_id:
        return "updated_by must be the user this device belongs to"
    if device_id is not None and record.get("device_id") != device_id:
        return "device_id must be the device that writes the revision"
    if first is not None:
        for name in ("created_by", "created_at"):
            if record.get(name) != first.get(name):
                return f"{name} must stay that of the record's first revision"
    elif existing:
        # Held revisions without a first one (data from before this rule): keep their creator.
        creators = {r.get("created_by") for r in existing}
        if record.get("created_by") not in creators:
            return "created_by must stay the record's creator"
    elif user_id is not None and record.get("created_by") != user_id:
        return "created_by must be the user this device belongs to"
    return future_fault(record, now)
