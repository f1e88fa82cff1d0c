"""Who comes to network meetings (principle 2, the social network perspective).

A *network attendee* is someone from the person's network who is not a professional: an
attendee with role ``network`` whose member record (when linked) is not in the ``professional``
category. The person at the centre is counted apart. Staff are attendees with role
``practitioner`` or ``peer_worker``. Only attendees present count.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from odesk.reports.dataset import Dataset, present_attendees
from odesk.reports.period import Period


@dataclass
class AttendanceSummary:
    meetings: int = 0
    network_attendees: int = 0
    with_person: int = 0
    with_network: int = 0
    with_two_practitioners: int = 0
    with_peer_worker: int = 0
    by_month: dict[str, tuple[int, int]] = field(
        default_factory=dict
    )  # month -> (attendees, meetings)
    by_category: dict[str, int] = field(default_factory=dict)

    def _share(self, n: int) -> float | None:
        return n / self.meetings if self.meetings else None

    @property
    def network_attendees_per_meeting(self) -> float | None:
        return self._share(self.network_attendees)

    @property
    def share_with_person(self) -> float | None:
        return self._share(self.with_person)

    @property
    def share_with_network(self) -> float | None:
        return self._share(self.with_network)

    @property
    def share_with_two_practitioners(self) -> float | None:
        return self._share(self.with_two_practitioners)

    @property
    def share_with_peer_worker(self) -> float | None:
        return self._share(self.with_peer_worker)


def is_network_attendee(data: Dataset, attendee: dict) -> bool:
    return attendee.get("role") == "network" and data.member_category(attendee) != "professional"


def attendance_figures(data: Dataset, period: Period) -> AttendanceSummary:
    summary = AttendanceSummary()
    months: dict[str, list[int]] = {m: [0, 0] for m in period.months()}
    categories: Counter[str] = Counter()
    for meetings in data.held_meetings_by_network().values():
        for when, meeting in meetings:
            if not period.contains(when):
                continue
            attendees = present_attendees(meeting)
            network = [a for a in attendees if is_network_attendee(data, a)]
            practitioners = {
                a.get("user_id") or a.get("name") or str(i)
                for i, a in enumerate(attendees)
                if a.get("role") == "practitioner"
            }
            summary.meetings += 1
            summary.network_attendees += len(network)
            summary.with_person += any(a.get("role") == "person" for a in attendees)
            summary.with_network += bool(network)
            summary.with_two_practitioners += len(practitioners) >= 2
            summary.with_peer_worker += any(a.get("role") == "peer_worker" for a in attendees)
            for a in attendees:
                if a.get("role") == "network":
                    categories[data.member_category(a) or "unknown"] += 1
            bucket = months.setdefault(period.month_of(when), [0, 0])
            bucket[0] += len(network)
            bucket[1] += 1
    summary.by_month = {m: (v[0], v[1]) for m, v in months.items()}
    summary.by_category = dict(sorted(categories.items()))
    return summary
