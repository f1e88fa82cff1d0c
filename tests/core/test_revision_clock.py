"""A revision's clocks are refused when more than MAX_CLOCK_SKEW ahead of the checker's
(odesk.core.revision_rules.future_fault) with the very verdict of the rule as first written:
the hlc's milliseconds made a datetime (`_hlc_time`) and compared with the limit. The server
now answers most hlcs with whole microseconds instead (`_hlc_clearly_before`); these tests hold
that shortcut to the datetime answer at its edges (an hlc at the limit, a millisecond either
side, inside the float-rounding slack, huge, malformed, non-ASCII digits, clocks in other
offsets or naive) and over drawn clocks, so a drift of the shortcut fails here."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from odesk.core.ids import parse_time
from odesk.core.revision_rules import (
    _AHEAD,
    _TIMES,
    MAX_CLOCK_SKEW,
    _hlc_clearly_before,
    _hlc_time,
    future_fault,
)

NOW = datetime(2026, 12, 7, 9, 0, 0, 123456, tzinfo=UTC)
LIMIT_MS = int((NOW + MAX_CLOCK_SKEW).timestamp() * 1000)  # NOW has 123.456 ms: below the limit


def _reference(record: dict, now: datetime) -> str | None:
    """future_fault as first written: every hlc through _hlc_time's datetime."""
    limit = now + MAX_CLOCK_SKEW
    for name in _TIMES:
        value = record.get(name)
        if isinstance(value, str):
            try:
                if parse_time(value) > limit:
                    return f"{name} is in the future ({_AHEAD})"
            except ValueError:
                continue
    stamp = _hlc_time(record.get("hlc"))
    if stamp is not None and stamp > limit:
        return f"hlc is in the future ({_AHEAD})"
    return None


def _same(record: dict, now: datetime) -> str | None:
    expected = _reference(record, now)
    assert future_fault(record, now) == expected
    return expected


def _hlc(ms: int | str) -> dict:
    return {"hlc": f"{ms}-00000-laptop"}


def _arabic(ms: int) -> str:
    return str(ms).translate({ord("0") + d: 0x0660 + d for d in range(10)})


HLC_FUTURE = f"hlc is in the future ({_AHEAD})"


@pytest.mark.parametrize(
    ("hlc", "fault"),
    [
        (f"{LIMIT_MS}-00000-laptop", None),  # 123 ms: under the limit's 123.456
        (f"{LIMIT_MS + 1}-00000-laptop", HLC_FUTURE),  # one millisecond over
        (f"{LIMIT_MS - 1}-00000-laptop", None),
        (f"{LIMIT_MS - 2}-00000-laptop", None),  # within the shortcut's slack: the datetime way
        (f"{LIMIT_MS - 10_000}-00000-laptop", None),
        ("0000000000001-00000-laptop", None),
        ("0-00000-laptop", None),
        ("9" * 15 + "-00000-laptop", HLC_FUTURE),  # past the year 9999
        ("9" * 30 + "-0-laptop", HLC_FUTURE),  # too large for a float
        ("1" * 5000 + "-0-laptop", HLC_FUTURE),  # too many digits for int()
        ("²³-0-laptop", HLC_FUTURE),  # digits int() refuses: "beyond any calendar"
        (_arabic(LIMIT_MS - 10_000) + "-0-laptop", None),  # Arabic-Indic digits int() reads
        (_arabic(LIMIT_MS + 1) + "-0-laptop", HLC_FUTURE),
        ("abc-0-laptop", None),
        ("-0-laptop", None),
        ("", None),
        (17966378992240, None),  # not a string
        (None, None),
    ],
)
def test_an_hlc_is_ahead_exactly_as_its_datetime_says(hlc: object, fault: str | None) -> None:
    assert _same({"hlc": hlc}, NOW) == fault


def test_an_hlc_exactly_at_a_whole_millisecond_limit_is_not_ahead() -> None:
    now = datetime(2026, 12, 7, 9, 0, 0, 5000, tzinfo=UTC)  # the limit falls on 5 ms
    at = int((now + MAX_CLOCK_SKEW - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds() * 1000)
    assert _same(_hlc(at), now) is None
    assert _same(_hlc(at + 1), now) == HLC_FUTURE
    assert _same(_hlc(at - 1), now) is None


def test_clocks_in_other_offsets_and_the_calendars_ends_agree() -> None:
    for now in (
        NOW.astimezone(timezone(timedelta(hours=5, minutes=30))),
        NOW.astimezone(timezone(-timedelta(hours=11))),
        datetime(1969, 12, 31, 23, 0, tzinfo=UTC),  # a limit before the epoch
        datetime(9999, 12, 31, 23, 54, 59, 999000, tzinfo=UTC),  # the calendar's last limit
        datetime(1, 1, 1, tzinfo=UTC),
    ):
        limit_ms = (now + MAX_CLOCK_SKEW - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(
            milliseconds=1
        )
        for ms in (limit_ms - 2, limit_ms - 1, limit_ms, limit_ms + 1, limit_ms + 2, 0, 1):
            if ms >= 0:
                _same(_hlc(ms), now)
        _same(_hlc("9" * 15), now)


def test_far_clocks_whose_float_rounds_a_millisecond_agree() -> None:
    """fromtimestamp reads these milliseconds (years 7000-9000) 15 µs late or 1 µs late: a
    limit between the exact time and _hlc_time's says "ahead", as _hlc_time always did."""
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    for ms, late_us in ((238865554777640, 15), (149629125200028, 15), (218214146429707, 1)):
        exact = epoch + timedelta(milliseconds=ms)
        assert _hlc_time(f"{ms}-0-laptop") == exact + timedelta(microseconds=late_us)
        for after in range(late_us + 2):
            now = exact + timedelta(microseconds=after) - MAX_CLOCK_SKEW
            expected = HLC_FUTURE if after < late_us else None
            assert _same(_hlc(ms), now) == expected


def test_a_naive_clock_fails_as_it_always_did() -> None:
    naive = NOW.replace(tzinfo=None)
    assert not _hlc_clearly_before(f"{LIMIT_MS - 10_000}-0-laptop", naive + MAX_CLOCK_SKEW)
    with pytest.raises(TypeError):
        future_fault(_hlc(LIMIT_MS - 10_000), naive)
    with pytest.raises(TypeError):
        _reference(_hlc(LIMIT_MS - 10_000), naive)
    assert future_fault({"hlc": "abc"}, naive) is None


@pytest.mark.parametrize(
    "stamp",
    [
        "2026-12-07T09:04:00Z",
        "2026-12-07T09:06:00.5Z",
        "2026-12-07T09:05:00.123456+00:00",  # the limit itself: not ahead
        "2026-12-07T09:05:00.123457+00:00",  # a microsecond over
        "2026-12-07T10:05:00+01:00",
        "2026-12-07T14:36:00+05:30",
        "2026-12-07T09:04:00",  # no offset: the shape check's to refuse
        "not a time",
    ],
)
def test_times_and_hlc_together(stamp: str) -> None:
    for name in ("created_at", "updated_at", "signed_at"):
        _same({name: stamp, "hlc": f"{LIMIT_MS + 5}-0-laptop"}, NOW)
        _same({name: stamp, "hlc": f"{LIMIT_MS - 5000}-0-laptop"}, NOW)


def test_a_revisions_times_are_judged_in_order_each_once() -> None:
    """future_fault skips a time whose text equals the one before (a first revision's
    updated_at is its created_at): the verdict and the field it names stay the reference's."""
    stamps = [
        "2026-12-07T09:04:00Z",
        "2026-12-07T09:06:00+00:00",
        "2026-12-07T09:06:00.000+00:00",
        "2026-12-07T10:06:00+01:00",
        "not a time",
        None,
    ]
    for created in stamps:
        for updated in stamps:
            for signed in stamps:
                record = {"created_at": created, "updated_at": updated, "signed_at": signed}
                _same({**record, "hlc": f"{LIMIT_MS - 5000}-0-laptop"}, NOW)
                _same({**record, "hlc": f"{LIMIT_MS + 5}-0-laptop"}, NOW)


@given(
    now=st.datetimes(
        min_value=datetime(1970, 1, 2),
        max_value=datetime(9999, 12, 31, 23, 50),
        timezones=st.sampled_from(
            [UTC, timezone(timedelta(hours=-8)), timezone(timedelta(hours=9))]
        ),
    ),
    delta=st.integers(-5_000, 5_000) | st.integers(-(10**12), 10**12),
)
def test_drawn_clocks_agree(now: datetime, delta: int) -> None:
    limit_ms = (now + MAX_CLOCK_SKEW - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(
        milliseconds=1
    )
    ms = limit_ms + delta
    if ms >= 0:
        _same(_hlc(ms), now)
