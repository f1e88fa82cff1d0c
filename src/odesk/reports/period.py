"""The reporting period and calendar bucketing (days and months in the trust's local time).

Figures are bucketed by the calendar of the service (Europe/London by default), so a referral at
23:59 on the last day of the period belongs to that period even though its first meeting falls in
the next one. Durations (hours to first meeting, days between meetings) are always measured
between exact instants, never between calendar buckets.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo

from odesk.core.display import uk_date
from odesk.core.ids import parse_time

try:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        DEFAULT_TZ: tzinfo = ZoneInfo("Europe/London")
    except ZoneInfoNotFoundError:  # a platform without the tz database: UTC is the honest fallback
        DEFAULT_TZ = UTC
except ImportError:  # pragma: no cover - zoneinfo is in the standard library since 3.9
    DEFAULT_TZ = UTC


def parse(value: object) -> datetime | None:
    """An ISO 8601 time as an aware datetime, or None when absent or unreadable."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return parse_time(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class Period:
    """Calendar days ``start`` to ``end``, both included, in ``tz``."""

    start: date
    end: date
    tz: tzinfo = field(default=DEFAULT_TZ, compare=False)

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    def contains(self, moment: datetime | None) -> bool:
        return moment is not None and self.start <= self.local_day(moment) <= self.end

    def month_of(self, moment: datetime) -> str:
        return self.local_day(moment).strftime("%Y-%m")

    def months(self) -> list[str]:
        return list(_months(self.start, self.end))

    def label(self) -> str:
        return f"{uk_date(self.start)} to {uk_date(self.end)}"


def _months(start: date, end: date) -> Iterator[str]:
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        yield f"{year:04d}-{month:02d}"
        month += 1
        if month == 13:
            year, month = year + 1, 1
