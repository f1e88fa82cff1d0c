"""How often and where networks meet: meetings per network per month, intervals, venue mix,
and how many held meetings have a signed note recording the practitioners' reflections.

Only held meetings count (cancelled and did-not-attend meetings are counted apart). A meeting
belongs to the month of its start in the service's local time.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import median

from odesk.reports.dataset import Dataset, meeting_time
from odesk.reports.period import Period

VENUES = ("home", "clinic", "community", "phone", "video", "other", "unknown")


@dataclass
class MonthFigures:
    month: str
    meetings: int
    networks_met: int

    @property
    def per_network(self) -> float | None:
        """Mean held meetings per network that met that month."""
        return self.meetings / self.networks_met if self.networks_met else None


@dataclass
class MeetingSummary:
    held: int = 0
    cancelled: int = 0
    did_not_attend: int = 0
    networks_met: int = 0
    by_month: list[MonthFigures] = field(default_factory=list)
    per_network: dict[str, int] = field(default_factory=dict)
    per_network_month: dict[str, dict[str, int]] = field(default_factory=dict)
    interval_days: list[float] = field(default_factory=list)
    median_interval_days: float | None = None
    mean_interval_days: float | None = None
    venues: dict[str, int] = field(default_factory=dict)
    with_reflection: int = 0  # held meetings whose signed note records the reflecting talk

    @property
    def share_with_reflection(self) -> float | None:
        return self.with_reflection / self.held if self.held else None

    @property
    def venue_shares(self) -> dict[str, float]:
        total = sum(self.venues.values())
        return {k: v / total for k, v in self.venues.items()} if total else {}


def meeting_figures(data: Dataset, period: Period) -> MeetingSummary:
    summary = MeetingSummary()
    for meeting in data.all("meeting"):
        status = meeting.get("status")
        if status in ("cancelled", "did_not_attend") and period.contains(meeting_time(meeting)):
            setattr(summary, status, getattr(summary, status) + 1)

    reflected = {
        note.get("meeting_id")
        for note in data.all("note")
        if note.get("state") == "signed" and (note.get("reflections") or "").strip()
    }
    per_month: dict[str, Counter[str]] = defaultdict(Counter)
    venues: Counter[str] = Counter()
    for network_id, meetings in data.held_meetings_by_network().items():
        previous = None
        for when, meeting in meetings:
            if period.contains(when):
                summary.held += 1
                per_month[period.month_of(when)][network_id] += 1
                location = meeting.get("location")
                venues[location if location in VENUES else "unknown"] += 1
                summary.with_reflection += meeting.get("id") in reflected
                # The interval ending in this meeting counts even when the previous one was
                # before the period: it is this period's wait.
                if previous is not None:
                    summary.interval_days.append((when - previous).total_seconds() / 86400)
            previous = when

    for month in period.months():
        counts = per_month.get(month, Counter())
        summary.by_month.append(MonthFigures(month, sum(counts.values()), len(counts)))
        for network_id, n in counts.items():
            summary.per_network_month.setdefault(network_id, {})[month] = n
            summary.per_network[network_id] = summary.per_network.get(network_id, 0) + n
    summary.networks_met = len(summary.per_network)
    summary.venues = {v: venues[v] for v in VENUES if venues[v]}
    if summary.interval_days:
        summary.median_interval_days = median(summary.interval_days)
        summary.mean_interval_days = sum(summary.interval_days) / len(summary.interval_days)
    return summary
