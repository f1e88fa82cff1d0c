"""The referral clock: time from referral to the first network meeting (principle 1).

The target is 24 hours, 4 hours for a very urgent referral. Pure logic here; the widget that
counts down once a second lives in network_page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from odesk.core.first_meeting import first_meeting_at, first_meeting_timing
from odesk.core.ids import parse_time
from odesk.ui.i18n import Context

ReferralClock = Context("ReferralClock")

__all__ = ["ClockState", "clock_state", "first_meeting_at", "format_span"]

TARGET_HOURS = {"very_urgent": 4, "urgent": 24, "routine": 24}


@dataclass(frozen=True)
class ClockState:
    target_hours: int
    deadline: datetime
    first_meeting: datetime | None
    remaining: timedelta  # negative when overdue; at the first meeting when it was held
    met: bool  # a first meeting happened in time
    missed: bool  # the deadline passed with no meeting, or the first meeting came late
    before_referral: bool = False  # the first meeting is dated before the referral: never met

    @property
    def waiting(self) -> bool:
        return self.first_meeting is None


def clock_state(
    network: dict, meetings: list[dict], now: datetime | None = None
) -> ClockState | None:
    referral = network.get("referral") or {}
    received = referral.get("received_at")
    if not received:
        return None
    try:
        start = parse_time(received)
    except ValueError:
        return None
    hours = TARGET_HOURS.get(referral.get("urgency") or "routine", 24)
    deadline = start + timedelta(hours=hours)
    first = first_meeting_at(meetings)
    now = now or datetime.now(UTC)
    if first is not None:
        # The same reading as the team figures and the research export.
        timing = first_meeting_timing(start, [first], hours)
        return ClockState(
            hours,
            deadline,
            first,
            deadline - first,
            bool(timing.met),
            first > deadline,
            timing.before_referral,
        )
    remaining = deadline - now
    return ClockState(hours, deadline, None, remaining, False, remaining.total_seconds() < 0)


def format_span(span: timedelta) -> str:
    """'3 h 07 min 12 s' style, always positive."""
    total = abs(int(span.total_seconds()))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    if h >= 48:
        return (
            ReferralClock.tr("%n day(s)", "", h // 24)
            + " "
            + ReferralClock.tr("{h} h").format(h=h % 24)
        )
    return ReferralClock.tr("{h} h {m} min {s} s").format(h=h, m=f"{m:02d}", s=f"{s:02d}")
