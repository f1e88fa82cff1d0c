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
        """The report in plain British English lines (the command line, the text export)."""
        return [template.format(**values) for template, values in self.summary_parts()]

    def summary_parts(self) -> list[tuple[str, dict[str, object]]]:
        """Each line as a template and its values: the desktop shows the translated template
        (context "TeamReport"), filled in with the same values."""
        t, m, c, a = self.timings, self.meetings, self.continuity, self.attendance
        venues = ", ".join(f"{k} {v}" for k, v in m.venues.items()) if m.venues else _NONE
        parts: list[tuple[str, dict[str, object]]] = [
            (QT_TRANSLATE_NOOP("TeamReport", "Period: {period}"), {"period": self.period.label()}),
            (
                QT_TRANSLATE_NOOP("TeamReport", "Networks: {networks} ({open} open)"),
                {"networks": self.networks, "open": self.open_networks},
            ),
            (
                QT_TRANSLATE_NOOP(
                    "TeamReport", "Referrals received: {n}; first meeting held for {held}"
                ),
                {"n": t.referrals, "held": t.with_first_meeting},
            ),
            (
                QT_TRANSLATE_NOOP(
                    "TeamReport",
                    "First meeting within target (24 h; 4 h if very urgent): {met} of {held} "
                    "({share}); missed {missed}; recorded before the referral {before}",
                ),
                {
                    "met": t.met,
                    "held": t.with_first_meeting,
                    "share": _pct(t.share_met),
                    "missed": t.missed,
                    "before": t.before_referral,
                },
            ),
            (
                QT_TRANSLATE_NOOP(
                    "TeamReport", "Median hours from referral to first meeting: {hours}"
                ),
                {"hours": _num(t.median_hours)},
            ),
            (
                QT_TRANSLATE_NOOP(
                    "TeamReport",
                    "No first meeting yet: {waiting} waiting, {overdue} overdue; "
                    "closed without a meeting: {closed}",
                ),
                {"waiting": t.waiting, "overdue": t.overdue, "closed": t.closed_without_meeting},
            ),
            (
                QT_TRANSLATE_NOOP(
                    "TeamReport",
                    "Meetings held: {held} with {networks} networks "
                    "(cancelled {cancelled}, did not attend {dna})",
                ),
                {
                    "held": m.held,
                    "networks": m.networks_met,
                    "cancelled": m.cancelled,
                    "dna": m.did_not_attend,
                },
            ),
            (
                QT_TRANSLATE_NOOP("TeamReport", "Median days between meetings: {days}"),
                {"days": _num(m.median_interval_days)},
            ),
            (
                QT_TRANSLATE_NOOP(
                    "TeamReport",
                    "Meetings with reflections recorded in a signed note: {n} ({share})",
                ),
                {"n": m.with_reflection, "share": _pct(m.share_with_reflection)},
            ),
            (QT_TRANSLATE_NOOP("TeamReport", "Venues: {venues}"), {"venues": venues}),
            (
                QT_TRANSLATE_NOOP(
                    "TeamReport", "Meetings with a key practitioner present: {n} of {of} ({share})"
                ),
                {
                    "n": c.with_key_practitioner,
                    "of": c.meetings,
                    "share": _pct(c.share_with_key_practitioner),
                },
            ),
            (
                QT_TRANSLATE_NOOP("TeamReport", "Distinct staff per network (mean): {mean}"),
                {"mean": _num(c.mean_staff_per_network)},
            ),
            (
                QT_TRANSLATE_NOOP(
                    "TeamReport",
                    "Network members (not professionals) per meeting: {per}; "
                    "meetings with any: {share}",
                ),
                {
                    "per": _num(a.network_attendees_per_meeting),
                    "share": _pct(a.share_with_network),
                },
            ),
            (
                QT_TRANSLATE_NOOP(
                    "TeamReport",
                    "Meetings with two or more practitioners: {two}; with a peer worker: {peer}",
                ),
                {
                    "two": _pct(a.share_with_two_practitioners),
                    "peer": _pct(a.share_with_peer_worker),
                },
            ),
            (
                QT_TRANSLATE_NOOP("TeamReport", "Fidelity ratings: {n}"),
                {"n": self.fidelity.ratings},
            ),
        ]
        for instrument, points in self.fidelity.by_instrument.items():
            series = ", ".join(f"{p.month} {p.mean:.2f} (n={p.ratings})" for p in points)
            parts.append(("  {instrument}: {series}", {"instrument": instrument, "series": series}))
        return parts


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Qt's marker, without Qt: the string stays as it is here, and pyside6-lupdate (which reads
    the marker by name) lists it in the desktop's catalogue, which translates it on screen."""
    return text


_NA = QT_TRANSLATE_NOOP("TeamReport", "n/a")
_NONE = QT_TRANSLATE_NOOP("TeamReport", "none")


def _pct(value: float | None) -> str:
    return _NA if value is None else f"{value * 100:.0f}%"


def _num(value: float | None) -> str:
    return _NA if value is None else f"{value:.1f}"


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
