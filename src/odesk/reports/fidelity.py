"""Fidelity ratings over time: the mean item score of each rating, per instrument per month.

Scales differ in range, so instruments are never mixed. A rating's score is the mean of its
answered items (null = not rated, left out); a rating with no answered item is counted as
empty. A rating belongs to the month of the meeting it rates (else of its creation).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from odesk.reports.dataset import Dataset, meeting_time
from odesk.reports.period import Period, parse


def rating_mean(rating: dict) -> float | None:
    scores = rating.get("scores") or {}
    values = [v for v in scores.values() if isinstance(v, int | float) and not isinstance(v, bool)]
    return sum(values) / len(values) if values else None


@dataclass
class FidelityPoint:
    month: str
    ratings: int
    mean: float


@dataclass
class FidelitySummary:
    ratings: int = 0
    empty: int = 0
    by_instrument: dict[str, list[FidelityPoint]] = field(default_factory=dict)
    by_rater_role: dict[str, int] = field(default_factory=dict)
    per_rating: dict[str, float] = field(default_factory=dict)


def fidelity_figures(data: Dataset, period: Period) -> FidelitySummary:
    summary = FidelitySummary()
    buckets: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for rating in sorted(data.all("rating"), key=lambda r: r.get("id") or ""):
        meeting = data.get("meeting", rating.get("meeting_id"))
        when = (meeting_time(meeting) if meeting else None) or parse(rating.get("created_at"))
        if not period.contains(when):
            continue
        assert when is not None
        summary.ratings += 1
        role = rating.get("rater_role") or "unknown"
        summary.by_rater_role[role] = summary.by_rater_role.get(role, 0) + 1
        mean = rating_mean(rating)
        if mean is None:
            summary.empty += 1
            continue
        summary.per_rating[rating["id"]] = mean
        buckets[rating.get("instrument") or "unknown"][period.month_of(when)].append(mean)
    for instrument, months in sorted(buckets.items()):
        summary.by_instrument[instrument] = [
            FidelityPoint(m, len(v), sum(v) / len(v)) for m, v in sorted(months.items())
        ]
    return summary
