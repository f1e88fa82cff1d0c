"""A team's figures for a period: the dashboard's and the PDF report's single source.

``team_report(records, team_id, start, end)`` takes current views of records (as a store or the
server holds them) and returns a ``TeamReport``; ``summary_lines()`` gives the figures as plain
sentences for a printed report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from odesk.reports.attendance import AttendanceSummary, attendance_figures
from odesk.reports.continuity import ContinuitySummary, continuity_figures
from odesk.reports.dataset import Dataset
from odesk.reports.fidelity import FidelitySummary, fidelity_figures
from odesk.reports.meetings import MeetingSummary, meeting_figures
from odesk.reports.period import DEFAULT_TZ, Period
from odesk.reports.timings import TimingSummary, first_meetings


@dataclass
class TeamReport:
    team_id: str
    period: Period
    as_of: datetime
    networks: int  # networks of the team (and its podlets), whatever their status
    open_networks: int
    timings: TimingSummary
    meetings: MeetingSummary
    continuity: ContinuitySummary
    attendance: AttendanceSummary
    fidelity: FidelitySummary

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready figures (derived shares included)."""
        out: dict[str, Any] = {
            "team_id": self.team_id,
            "period": {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()},
            "as_of": self.as_of.isoformat(),
            "networks": self.networks,
            "open_networks": self.open_networks,
        }
        for name in ("timings", "meetings", "continuity", "attendance", "fidelity"):
            part = getattr(self, name)
            values = asdict(part)
            for attr in dir(type(part)):
                if isinstance(getattr(type(part), attr), property):
                    values[attr] = getattr(part, attr)
            out[name] = values
        return _jsonable(out)

    def summary_lines(self) -> list[str]:
        t, m, c, a = self.timings, self.meetings, self.continuity, self.attendance
        lines = [
            f"Period: {self.period.label()}",
            f"Networks: {self.networks} ({self.open_networks} open)",
            f"Referrals received: {t.referrals}; first meeting held for {t.with_first_meeting}",
            f"First meeting within target (24 h; 4 h if very urgent): {t.met} of "
            f"{t.with_first_meeting} ({_pct(t.share_met)}); missed {t.missed}",
            f"Median hours from referral to first meeting: {_num(t.median_hours)}",
            f"No first meeting yet: {t.waiting} waiting, {t.overdue} overdue; "
            f"closed without a meeting: {t.closed_without_meeting}",
            f"Meetings held: {m.held} with {m.networks_met} networks "
            f"(cancelled {m.cancelled}, did not attend {m.did_not_attend})",
            f"Median days between meetings: {_num(m.median_interval_days)}",
            f"Meetings with reflections recorded in a signed note: {m.with_reflection} "
            f"({_pct(m.share_with_reflection)})",
            "Venues: "
            + (", ".join(f"{k} {v}" for k, v in m.venues.items()) if m.venues else "none"),
            f"Meetings with a key practitioner present: {c.with_key_practitioner} of "
            f"{c.meetings} ({_pct(c.share_with_key_practitioner)})",
            f"Distinct staff per network (mean): {_num(c.mean_staff_per_network)}",
            f"Network members (not professionals) per meeting: "
            f"{_num(a.network_attendees_per_meeting)}; meetings with any: "
            f"{_pct(a.share_with_network)}",
            f"Meetings with two or more practitioners: {_pct(a.share_with_two_practitioners)}; "
            f"with a peer worker: {_pct(a.share_with_peer_worker)}",
            f"Fidelity ratings: {self.fidelity.ratings}",
        ]
        for instrument, points in self.fidelity.by_instrument.items():
            series = ", ".join(f"{p.month} {p.mean:.2f} (n={p.ratings})" for p in points)
            lines.append(f"  {instrument}: {series}")
        return lines


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.0f}%"


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def team_report(
    records: Iterable[Mapping],
    team_id: str,
    start: date,
    end: date,
    *,
    teams: Iterable[Mapping] = (),
    as_of: datetime | None = None,
    tz: tzinfo = DEFAULT_TZ,
) -> TeamReport:
    """Figures for ``team_id`` (and its podlets, given ``teams``) over days start..end included."""
    period = Period(start, end, tz)
    data = Dataset.of(records, team_id, teams)
    networks = data.all("network")
    return TeamReport(
        team_id=team_id,
        period=period,
        as_of=as_of or datetime.now(UTC),
        networks=len(networks),
        open_networks=sum(1 for n in networks if n.get("status") == "open"),
        timings=first_meetings(data, period, as_of or datetime.now(UTC)),
        meetings=meeting_figures(data, period),
        continuity=continuity_figures(data, period),
        attendance=attendance_figures(data, period),
        fidelity=fidelity_figures(data, period),
    )
