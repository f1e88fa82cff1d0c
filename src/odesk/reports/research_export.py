"""The pseudonymised research export: meetings, attendance, timings and ratings as CSV and JSON.

What leaves: counts, categories, durations and months. What never leaves: names, contact
details, addresses, NHS numbers, free text, exact dates of birth (a five-year band of birth year
instead) and exact dates (a month, ``YYYY-MM``, in the service's local time; durations are
measured on exact times first, so nothing is lost for timings). Every id (network, meeting,
member, user, team, rating) is replaced by an HMAC-SHA256 pseudonym under a random key made for
this export and then forgotten: the same id gets the same pseudonym within one export, and no
two exports can be linked. ``data_dictionary.csv`` describes every column.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any

from odesk.core.files import write_atomic
from odesk.reports.attendance import is_network_attendee
from odesk.reports.continuity import STAFF_ROLES
from odesk.reports.dataset import Dataset, meeting_time, present_attendees
from odesk.reports.period import DEFAULT_TZ, Period, parse
from odesk.reports.scales import Scale, load_scales
from odesk.reports.timings import first_meetings

FORMAT = "odesk-research"
VERSION = 1

# file -> [(column, type, meaning)]
DICTIONARY: dict[str, list[tuple[str, str, str]]] = {
    "meetings.csv": [
        ("meeting_pid", "pseudonym", "the meeting (HMAC pseudonym, this export only)"),
        ("network_pid", "pseudonym", "the person's network the meeting belongs to"),
        ("team_pid", "pseudonym", "the team owning the network"),
        (
            "month",
            "YYYY-MM",
            "month of the meeting's start (planned start if not held), local time",
        ),
        ("status", "category", "planned | held | cancelled | did_not_attend"),
        ("location", "category", "home | clinic | community | phone | video | other | blank"),
        ("duration_minutes", "integer", "end minus start, when both are recorded"),
        ("meeting_number", "integer", "1 for the network's first held meeting, 2 for the next..."),
        ("days_since_previous", "number", "days since the network's previous held meeting"),
        ("attendees_present", "integer", "attendees recorded as present"),
        ("person_present", "boolean", "the person at the centre of the network was present"),
        ("network_attendees", "integer", "network members present who are not professionals"),
        ("professional_network_attendees", "integer", "professionals from the network present"),
        ("practitioners", "integer", "team practitioners present"),
        ("peer_workers", "integer", "peer support workers present"),
        (
            "key_practitioner_present",
            "boolean",
            "a named key practitioner was present (blank: none named)",
        ),
        ("facilitators", "integer", "attendees marked as facilitating"),
        ("signed_notes", "integer", "signed notes of the meeting"),
        (
            "has_reflections",
            "boolean",
            "a signed note records reflections (the text is not exported)",
        ),
        ("safety_discussed", "boolean", "a note records that safety was discussed"),
        ("safeguarding_concern", "boolean", "a note records a safeguarding concern"),
        ("late_entry", "boolean", "a note was first written more than 24 h after the meeting"),
        ("ratings", "integer", "fidelity ratings of the meeting"),
    ],
    "attendance.csv": [
        ("meeting_pid", "pseudonym", "the meeting"),
        ("network_pid", "pseudonym", "the network"),
        (
            "attendee_pid",
            "pseudonym",
            "the attendee (member, user or name: same person, same pseudonym)",
        ),
        ("role", "category", "person | network | practitioner | peer_worker | other"),
        (
            "category",
            "category",
            "the network member's category: family | friend | professional | peer | other | blank",
        ),
        ("facilitator", "boolean", "facilitated the meeting"),
        ("present", "boolean", "false when invited but absent"),
    ],
    "timings.csv": [
        ("network_pid", "pseudonym", "the network"),
        ("team_pid", "pseudonym", "the team owning the network"),
        ("referral_month", "YYYY-MM", "month the referral was received, local time"),
        ("urgency", "category", "very_urgent | urgent | routine | blank"),
        ("target_hours", "number", "immediate-help target: 4 if very urgent, else 24"),
        ("first_meeting_pid", "pseudonym", "the first held meeting at or after the referral"),
        (
            "hours_to_first_meeting",
            "number",
            "exact hours from referral to first held meeting (1 decimal)",
        ),
        ("met_target", "boolean", "hours_to_first_meeting <= target_hours (blank: no meeting yet)"),
        (
            "outcome",
            "category",
            "met | missed | before_referral (first meeting recorded before the referral; never"
            " met) | waiting | overdue | closed_without_meeting",
        ),
        ("network_status", "category", "open | closed"),
        ("closed_month", "YYYY-MM", "month the network was closed"),
        ("birth_year_band", "text", "five-year band of the person's year of birth, e.g. 1985-1989"),
        ("trial_arm", "category", "open_dialogue | usual_care | blank"),
        ("trial_consent", "boolean", "consent to the trial recorded"),
        ("key_practitioners", "integer", "number of key practitioners named"),
        ("held_meetings", "integer", "held meetings of the network (whole record)"),
        (
            "distinct_staff",
            "integer",
            "distinct practitioners and peer workers seen at held meetings",
        ),
    ],
    "ratings.csv": [
        ("rating_pid", "pseudonym", "the rating"),
        ("meeting_pid", "pseudonym", "the meeting rated"),
        ("network_pid", "pseudonym", "the network"),
        (
            "instrument",
            "text",
            "id of the rating scale; a pseudonym when the scale is not one the export knows",
        ),
        ("rater_pid", "pseudonym", "the rater"),
        ("rater_role", "category", "self | co_facilitator | supervisor | researcher"),
        ("month", "YYYY-MM", "month of the meeting rated, local time"),
        (
            "item_id",
            "text",
            "the scale item's id; a pseudonym when it is not an item of that scale (a key nobody"
            " declared may carry anything, even a name)",
        ),
        ("score", "number", "the score given (blank: not rated)"),
    ],
}
DICTIONARY["records.json"] = [
    ("tables", "object", "the four tables above, each a list of rows with the same columns"),
    ("date_precision", "text", "always 'month': dates are months, durations exact"),
]


@dataclass
class ExportResult:
    directory: Path
    files: list[Path] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)


class Pseudonyms:
    """HMAC pseudonyms under a key that lives only as long as this object."""

    def __init__(self) -> None:
        self._key = secrets.token_bytes(32)

    def __call__(self, space: str, value: object) -> str:
        if value is None or value == "":
            return ""
        digest = hmac.new(self._key, f"{space}\0{value}".encode(), hashlib.sha256)
        return digest.hexdigest()[:20]


def birth_year_band(date_of_birth: object) -> str:
    if not isinstance(date_of_birth, str) or len(date_of_birth) < 4:
        return ""
    try:
        year = int(date_of_birth[:4])
    except ValueError:
        return ""
    low = year - year % 5
    return f"{low}-{low + 4}"


def _bool(value: object) -> str:
    return "" if value is None else ("true" if value else "false")


def _attendee_pid(pid: Pseudonyms, network_id: str, attendee: Mapping) -> str:
    if attendee.get("user_id"):
        return pid("user", attendee["user_id"])
    if attendee.get("member_id"):
        return pid("member", attendee["member_id"])
    return pid("name", f"{network_id}\0{attendee.get('name') or ''}")


def build_tables(
    data: Dataset,
    period: Period | None,
    as_of: datetime,
    tz: tzinfo = DEFAULT_TZ,
    scales: Mapping[str, Scale] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """The export's rows, already pseudonymised (ids are hashed as the rows are built).

    ``scales`` (default: the shipped ones) says which instruments and item ids are published
    vocabulary; any other is pseudonymised like an id.
    """
    pid = Pseudonyms()
    scales = load_scales() if scales is None else scales
    everything = period or Period(date(1900, 1, 1), date(2999, 12, 31), tz)

    def month(moment: datetime | None) -> str:
        return everything.month_of(moment) if moment else ""

    networks = data.by_kind["network"]
    held = data.held_meetings_by_network()
    order: dict[str, tuple[int, float | None]] = {}
    staff: dict[str, set[str]] = {}
    for network_id, items in held.items():
        previous: datetime | None = None
        for n, (held_at, held_meeting) in enumerate(items, start=1):
            gap: float | None = None
            if previous is not None:
                gap = (held_at - previous).total_seconds() / 86400
            order[held_meeting["id"]] = (n, gap)
            previous = held_at
            staff.setdefault(network_id, set()).update(
                a.get("user_id") or a.get("name") or ""
                for a in present_attendees(held_meeting)
                if a.get("role") in STAFF_ROLES
            )

    notes_by_meeting: dict[str, list[dict]] = {}
    for note in data.all("note"):
        notes_by_meeting.setdefault(note.get("meeting_id") or "", []).append(note)
    ratings_by_meeting: dict[str, int] = {}
    for rating in data.all("rating"):
        key = rating.get("meeting_id") or ""
        ratings_by_meeting[key] = ratings_by_meeting.get(key, 0) + 1

    meetings: list[dict[str, Any]] = []
    attendance: list[dict[str, Any]] = []
    for meeting in sorted(data.all("meeting"), key=lambda m: (meeting_time(m) or as_of, m["id"])):
        when = meeting_time(meeting)
        if not everything.contains(when):
            continue
        network_id = meeting.get("network_id") or ""
        network = networks.get(network_id, {})
        attendees = meeting.get("attendees") or []
        present = present_attendees(meeting)
        keys = set(network.get("key_practitioner_ids") or [])
        start, end = parse(meeting.get("start")), parse(meeting.get("end"))
        number, gap = order.get(meeting["id"], (None, None))
        notes = notes_by_meeting.get(meeting["id"], [])
        signed = [n for n in notes if n.get("state") == "signed"]
        meetings.append(
            {
                "meeting_pid": pid("meeting", meeting["id"]),
                "network_pid": pid("network", network_id),
                "team_pid": pid("team", network.get("team_id")),
                "month": month(when),
                "status": meeting.get("status") or "",
                "location": meeting.get("location") or "",
                "duration_minutes": round((end - start).total_seconds() / 60)
                if start and end and end >= start
                else "",
                "meeting_number": number or "",
                "days_since_previous": round(gap, 1) if gap is not None else "",
                "attendees_present": len(present),
                "person_present": _bool(any(a.get("role") == "person" for a in present)),
                "network_attendees": sum(is_network_attendee(data, a) for a in present),
                "professional_network_attendees": sum(
                    a.get("role") == "network" and data.member_category(a) == "professional"
                    for a in present
                ),
                "practitioners": sum(a.get("role") == "practitioner" for a in present),
                "peer_workers": sum(a.get("role") == "peer_worker" for a in present),
                "key_practitioner_present": _bool(
                    any(a.get("user_id") in keys for a in present) if keys else None
                ),
                "facilitators": sum(bool(a.get("facilitator")) for a in present),
                "signed_notes": len(signed),
                "has_reflections": _bool(any((n.get("reflections") or "").strip() for n in signed)),
                "safety_discussed": _bool(
                    any((n.get("safety") or {}).get("discussed") for n in notes)
                ),
                "safeguarding_concern": _bool(
                    any((n.get("safety") or {}).get("safeguarding_concern") for n in notes)
                ),
                "late_entry": _bool(any(n.get("late_entry") for n in notes)),
                "ratings": ratings_by_meeting.get(meeting["id"], 0),
            }
        )
        for attendee in attendees:
            if not isinstance(attendee, dict):
                continue
            attendance.append(
                {
                    "meeting_pid": pid("meeting", meeting["id"]),
                    "network_pid": pid("network", network_id),
                    "attendee_pid": _attendee_pid(pid, network_id, attendee),
                    "role": attendee.get("role") or "",
                    "category": data.member_category(attendee) or "",
                    "facilitator": _bool(bool(attendee.get("facilitator"))),
                    "present": _bool(attendee.get("present") is not False),
                }
            )

    timings: list[dict[str, Any]] = []
    for item in first_meetings(data, everything, as_of).items:
        network = networks[item.network_id]
        trial = network.get("trial") or {}
        timings.append(
            {
                "network_pid": pid("network", item.network_id),
                "team_pid": pid("team", network.get("team_id")),
                "referral_month": month(item.received_at),
                "urgency": item.urgency or "",
                "target_hours": item.target_hours,
                "first_meeting_pid": pid("meeting", item.first_meeting_id),
                "hours_to_first_meeting": round(item.hours, 1) if item.hours is not None else "",
                "met_target": _bool(item.met),
                "outcome": item.outcome,
                "network_status": network.get("status") or "",
                "closed_month": month(parse(network.get("closed_at"))),
                "birth_year_band": birth_year_band(
                    (network.get("person") or {}).get("date_of_birth")
                ),
                "trial_arm": trial.get("arm") or "",
                "trial_consent": _bool(trial.get("consent")),
                "key_practitioners": len(network.get("key_practitioner_ids") or []),
                "held_meetings": len(held.get(item.network_id, [])),
                "distinct_staff": len(staff.get(item.network_id, set()) - {""}),
            }
        )

    ratings: list[dict[str, Any]] = []
    for rating in sorted(data.all("rating"), key=lambda r: r["id"]):
        rated = data.get("meeting", rating.get("meeting_id"))
        rated_at = (meeting_time(rated) if rated else None) or parse(rating.get("created_at"))
        if not everything.contains(rated_at):
            continue
        instrument = rating.get("instrument") or ""
        scale = scales.get(instrument) if isinstance(instrument, str) else None
        item_ids = {item.id for item in scale.items} if scale else set()
        for item_id, score in sorted((rating.get("scores") or {}).items()):
            ratings.append(
                {
                    "rating_pid": pid("rating", rating["id"]),
                    "meeting_pid": pid("meeting", rating.get("meeting_id")),
                    "network_pid": pid("network", rating.get("network_id")),
                    "instrument": instrument if scale else pid("instrument", instrument),
                    "rater_pid": pid("user", rating.get("rater_id")),
                    "rater_role": rating.get("rater_role") or "",
                    "month": month(rated_at),
                    "item_id": item_id if item_id in item_ids else pid("item", item_id),
                    "score": "" if score is None else score,
                }
            )
    return {
        "meetings.csv": meetings,
        "attendance.csv": attendance,
        "timings.csv": timings,
        "ratings.csv": ratings,
    }


def _csv_text(columns: list[str], rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def research_export(
    records: Iterable[Mapping],
    out_dir: Path | str,
    *,
    team_id: str | None = None,
    teams: Iterable[Mapping] = (),
    start: date | None = None,
    end: date | None = None,
    as_of: datetime | None = None,
    tz: tzinfo = DEFAULT_TZ,
    scales: Mapping[str, Scale] | None = None,
) -> ExportResult:
    """Write the export into ``out_dir`` (made if missing); returns the files and row counts.

    ``team_id`` limits it to a team and its podlets; ``start``/``end`` (days, included) to
    meetings, referrals and ratings in that period.
    """
    directory = Path(out_dir)
    if directory.exists() and not directory.is_dir():
        raise ValueError(f"{directory}: is not a folder")
    if (start is None) != (end is None):
        raise ValueError("give both the start and the end of the period, or neither")
    period = Period(start, end, tz) if start is not None and end is not None else None
    data = Dataset.of(records, team_id, teams)
    tables = build_tables(data, period, as_of or datetime.now(UTC), tz, scales)
    directory.mkdir(parents=True, exist_ok=True)
    result = ExportResult(directory)
    for name, rows in tables.items():
        columns = [c for c, _, _ in DICTIONARY[name]]
        path = directory / name
        write_atomic(path, _csv_text(columns, rows))
        result.files.append(path)
        result.rows[name] = len(rows)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "date_precision": "month",
        "period": {"start": start.isoformat(), "end": end.isoformat()} if start and end else None,
        "tables": {name.removesuffix(".csv"): rows for name, rows in tables.items()},
    }
    write_atomic(directory / "records.json", json.dumps(document, indent=1, ensure_ascii=False))
    result.files.append(directory / "records.json")
    dictionary = [
        {"file": name, "column": column, "type": type_, "meaning": meaning}
        for name, columns in DICTIONARY.items()
        for column, type_, meaning in columns
    ]
    write_atomic(
        directory / "data_dictionary.csv",
        _csv_text(["file", "column", "type", "meaning"], dictionary),
    )
    result.files.append(directory / "data_dictionary.csv")
    return result
