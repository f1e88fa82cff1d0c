"""Psychological continuity: the same practitioners stay with the family (principle 5).

Over held meetings in the period:
- share of meetings with at least one of the network's key practitioners present; meetings of
  networks that name no key practitioner are left out of the share and counted apart;
- distinct staff (practitioners and peer workers, by user id, else by name) seen per network.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from odesk.reports.dataset import Dataset, present_attendees
from odesk.reports.period import Period

STAFF_ROLES = ("practitioner", "peer_worker")


@dataclass
class ContinuitySummary:
    meetings: int = 0  # held meetings of networks that name key practitioners
    with_key_practitioner: int = 0
    without_key_named: int = 0
    by_month: dict[str, tuple[int, int]] = field(default_factory=dict)  # month -> (with key, of)
    staff_per_network: dict[str, int] = field(default_factory=dict)
    mean_staff_per_network: float | None = None

    @property
    def share_with_key_practitioner(self) -> float | None:
        return self.with_key_practitioner / self.meetings if self.meetings else None


def staff_key(attendee: dict) -> str | None:
    if attendee.get("role") not in STAFF_ROLES:
        return None
    if attendee.get("user_id"):
        return "u:" + attendee["user_id"]
    return "n:" + attendee["name"] if attendee.get("name") else None


def continuity_figures(data: Dataset, period: Period) -> ContinuitySummary:
    summary = ContinuitySummary()
    staff: dict[str, set[str]] = defaultdict(set)
    months: dict[str, list[int]] = {m: [0, 0] for m in period.months()}
    for network_id, meetings in data.held_meetings_by_network().items():
        network = data.get("network", network_id) or {}
        keys = set(network.get("key_practitioner_ids") or [])
        for when, meeting in meetings:
            if not period.contains(when):
                continue
            attendees = present_attendees(meeting)
            staff[network_id].update(k for a in attendees if (k := staff_key(a)))
            if not keys:
                summary.without_key_named += 1
                continue
            present = any(a.get("user_id") in keys for a in attendees)
            summary.meetings += 1
            summary.with_key_practitioner += present
            bucket = months.setdefault(period.month_of(when), [0, 0])
            bucket[0] += present
            bucket[1] += 1
    summary.by_month = {m: (v[0], v[1]) for m, v in months.items()}
    summary.staff_per_network = {n: len(s) for n, s in sorted(staff.items())}
    if summary.staff_per_network:
        values = list(summary.staff_per_network.values())
        summary.mean_staff_per_network = sum(values) / len(values)
    return summary
