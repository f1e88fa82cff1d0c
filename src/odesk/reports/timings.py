"""Hours from referral to the first network meeting, against the immediate-help target.

Principle 1 of Open Dialogue: the first meeting within 24 hours of referral (4 hours when the
referral is very urgent). Counted over networks whose referral was received in the period:

- the first meeting is the earliest *held* meeting (cancelled and did-not-attend meetings never
  count), as odesk.core.first_meeting computes it for the clock and the export too; one dated
  before the referral is counted as *recorded before the referral* (``before_referral``):
  never within target, and not in the share or the hours;
- hours are exact (a referral at 23:59 met at 09:00 next day took 9.02 h);
- a network with no held meeting yet is not in the share: it is counted as *waiting* (still
  inside its target at ``as_of``), *overdue* (past it) or *closed without a meeting*.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from statistics import median

from odesk.core.first_meeting import first_meeting_timing
from odesk.reports.dataset import Dataset
from odesk.reports.period import Period, parse

TARGET_HOURS = {"very_urgent": 4.0}
DEFAULT_TARGET_HOURS = 24.0


def target_hours(urgency: object) -> float:
    return TARGET_HOURS.get(urgency if isinstance(urgency, str) else "", DEFAULT_TARGET_HOURS)


@dataclass(frozen=True)
class FirstMeeting:
    """One referral's way to its first meeting."""

    network_id: str
    received_at: datetime
    urgency: str | None
    target_hours: float
    first_meeting_id: str | None
    hours: float | None  # None: no held meeting yet
    met: bool | None  # None: no held meeting yet
    outcome: str  # met | missed | before_referral | waiting | overdue | closed_without_meeting


@dataclass
class TimingSummary:
    referrals: int = 0
    with_first_meeting: int = 0
    met: int = 0
    missed: int = 0
    before_referral: int = 0  # first meeting dated before the referral: not in the share
    waiting: int = 0
    overdue: int = 0
    closed_without_meeting: int = 0
    median_hours: float | None = None
    mean_hours: float | None = None
    items: list[FirstMeeting] = field(default_factory=list)

    @property
    def share_met(self) -> float | None:
        """Met / networks that have had a first meeting (None when none has)."""
        return self.met / self.with_first_meeting if self.with_first_meeting else None


def first_meetings(data: Dataset, period: Period, as_of: datetime) -> TimingSummary:
    held = data.held_meetings_by_network()
    summary = TimingSummary()
    for network in sorted(data.all("network"), key=lambda n: n.get("id") or ""):
        referral = network.get("referral") or {}
        received = parse(referral.get("received_at"))
        if not period.contains(received):
            continue
        assert received is not None
        urgency = referral.get("urgency")
        target = target_hours(urgency)
        meetings = held.get(network["id"], [])
        timing = first_meeting_timing(received, (when for when, _ in meetings), target)
        first = meetings[0][1] if meetings else None
        hours, met = timing.hours, timing.met
        if timing.outcome is not None:
            outcome = timing.outcome
        else:
            if network.get("status") == "closed":
                outcome = "closed_without_meeting"
            elif (as_of - received).total_seconds() / 3600 > target:
                outcome = "overdue"
            else:
                outcome = "waiting"
        summary.items.append(
            FirstMeeting(
                network_id=network["id"],
                received_at=received,
                urgency=urgency if isinstance(urgency, str) else None,
                target_hours=target,
                first_meeting_id=first.get("id") if first else None,
                hours=hours,
                met=met,
                outcome=outcome,
            )
        )
        setattr(summary, outcome, getattr(summary, outcome) + 1)
    summary.referrals = len(summary.items)
    hours_list = [i.hours for i in summary.items if i.hours is not None]
    summary.with_first_meeting = len(hours_list)
    if hours_list:
        summary.median_hours = median(hours_list)
        summary.mean_hours = sum(hours_list) / len(hours_list)
    return summary
