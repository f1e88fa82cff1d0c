"""Current views of records, indexed for reporting: by kind, by network, limited to a team.

Reports take plain record dicts (the current views a store or server holds). Deleted records are
ignored; a meeting is seen with its corrections applied. A team's records are those of networks it owns, including networks owned by its podlets
(sub-teams) when the team list is given.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from odesk.core.integrity import effective_meeting
from odesk.reports.period import parse


def team_and_descendants(team_id: str, teams: Iterable[Mapping] = ()) -> set[str]:
    """``team_id`` and every team below it (podlets of a service)."""
    children: dict[str, list[str]] = defaultdict(list)
    for team in teams:
        parent = team.get("parent_id")
        if isinstance(parent, str) and isinstance(team.get("id"), str):
            children[parent].append(team["id"])
    found = {team_id}
    todo = [team_id]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def meeting_time(meeting: Mapping) -> datetime | None:
    """When a meeting happened (its start, else its planned start)."""
    return parse(meeting.get("start")) or parse(meeting.get("planned_start"))


def present_attendees(meeting: Mapping) -> list[dict]:
    """Attendees who were there (``present: false`` marks someone invited but absent)."""
    attendees = meeting.get("attendees") or []
    return [a for a in attendees if isinstance(a, dict) and a.get("present") is not False]


@dataclass
class Dataset:
    """Live records by kind and id, with the lookups the figures need."""

    by_kind: dict[str, dict[str, dict]] = field(default_factory=lambda: defaultdict(dict))

    @classmethod
    def of(
        cls, records: Iterable[Mapping], team_id: str | None = None, teams: Iterable[Mapping] = ()
    ) -> Dataset:
        data = cls()
        for record in records:
            if not isinstance(record, Mapping) or record.get("deleted"):
                continue
            kind, rid = record.get("kind"), record.get("id")
            if isinstance(kind, str) and isinstance(rid, str):
                data.by_kind[kind][rid] = dict(record)
        corrections = data.by_kind.get("meeting_correction")
        if corrections:
            # Every figure counts a meeting as corrected (odesk.core.integrity).
            meetings = data.by_kind["meeting"]
            for meeting_id, meeting in meetings.items():
                meetings[meeting_id] = effective_meeting(meeting, corrections.values())
        if team_id is not None:
            data = data.for_teams(team_and_descendants(team_id, teams))
        return data

    def for_teams(self, team_ids: set[str]) -> Dataset:
        networks = {
            i: n for i, n in self.by_kind["network"].items() if n.get("team_id") in team_ids
        }
        out = Dataset()
        out.by_kind["network"] = networks
        for kind, items in self.by_kind.items():
            if kind == "network":
                continue
            if kind == "supervision":
                out.by_kind[kind] = {i: r for i, r in items.items() if r.get("team_id") in team_ids}
            elif kind == "addendum":
                notes = self.by_kind["note"]
                out.by_kind[kind] = {
                    i: r
                    for i, r in items.items()
                    if (
                        r.get("network_id")
                        or notes.get(r.get("note_id") or "", {}).get("network_id")
                    )
                    in networks
                }
            else:
                out.by_kind[kind] = {
                    i: r for i, r in items.items() if r.get("network_id") in networks
                }
        return out

    def all(self, kind: str) -> list[dict]:
        return list(self.by_kind[kind].values())

    def get(self, kind: str, record_id: object) -> dict | None:
        return self.by_kind[kind].get(record_id) if isinstance(record_id, str) else None

    def held_meetings_by_network(self) -> dict[str, list[tuple[datetime, dict]]]:
        """Held meetings with a known time, per network, in time order."""
        out: dict[str, list[tuple[datetime, dict]]] = defaultdict(list)
        for meeting in self.by_kind["meeting"].values():
            when = meeting_time(meeting)
            if meeting.get("status") == "held" and when is not None:
                out[meeting.get("network_id") or ""].append((when, meeting))
        for items in out.values():
            items.sort(key=lambda pair: (pair[0], pair[1].get("id") or ""))
        return out

    def member_category(self, attendee: Mapping) -> str | None:
        member = self.get("member", attendee.get("member_id"))
        return member.get("category") if member else None
