"""The referral's first meeting against its target: one function for the referral clock, the
team figures (dashboard) and the research export, so they never disagree.

The first meeting is the earliest *held* meeting with a known time. When it is dated before
the referral was received (referrals are sometimes recorded late) it is allowed, but it is
"recorded before the referral": never within target, never a number of hours in the figures,
and shown as such — a late-recorded referral must not make a service look fast.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from odesk.core.ids import parse_time


@dataclass(frozen=True)
class FirstMeetingTiming:
    first_meeting: datetime | None  # the earliest held meeting's time; None: none yet
    before_referral: bool  # that meeting is dated before the referral was received
    hours: float | None  # referral to first meeting; None: none yet, or before the referral
    met: bool | None  # within target; None: none yet; False when before the referral

    @property
    def outcome(self) -> str | None:
        """met | missed | before_referral, or None when no meeting has been held."""
        if self.first_meeting is None:
            return None
        if self.before_referral:
            return "before_referral"
        return "met" if self.met else "missed"


def first_meeting_timing(
    received: datetime, held_times: Iterable[datetime], target_hours: float
) -> FirstMeetingTiming:
    first = min(held_times, default=None)
    if first is None:
        return FirstMeetingTiming(None, False, None, None)
    if first < received:
        return FirstMeetingTiming(first, True, None, False)
    hours = (first - received).total_seconds() / 3600
    return FirstMeetingTiming(first, False, hours, hours <= target_hours)


def first_meeting_at(meetings: Iterable[dict]) -> datetime | None:
    """When the first held meeting started (planned ones do not stop the clock): its start, or
    its planned start when no start was recorded. The network list's summary rows and the
    network page's referral clock both read it here."""
    times = []
    for m in meetings:
        if m.get("status") != "held":
            continue
        at = m.get("start") or m.get("planned_start")
        if at:
            try:
                times.append(parse_time(at))
            except ValueError:
                continue
    return min(times) if times else None
