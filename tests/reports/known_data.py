"""A hand-built fictional data set with known figures, and canary strings for the exports.

Team "team-north" (a service) has a podlet "pod-a"; "team-south" is another service. The
reporting period is March-April 2026 (British Summer Time starts on 29 March 2026).
Every record is validated with odesk.core, so the figures are computed on real records.
"""

from __future__ import annotations

import uuid
from typing import Any

from odesk.core.records import validate
from odesk.core.revs import new_rev

TEAMS = [
    {"id": "team-north", "name": "North", "kind": "service", "parent_id": None},
    {"id": "pod-a", "name": "Podlet A", "kind": "podlet", "parent_id": "team-north"},
    {"id": "team-south", "name": "South", "kind": "service", "parent_id": None},
]

CANARIES = [
    "Zebrafinch Quillfeather",  # the person's name
    "Zeb",  # preferred name (checked as a whole word below)
    "07700 900123",
    "canary.mother@example.org",
    "1 Canarywharf Lane",
    "9434765919",  # NHS number (valid check digit)
    "1987-06-15",  # exact date of birth
    "Marigold Quillfeather",  # the mother's name
    "Dr Bramble Partridge",  # the GP
    "Auntie Periwinkle",  # a name-only attendee
    "Canary Cafe",  # location detail
    "CANARY-REASON",
    "CANARY-SHARING",
    "CANARY-CLOSED",
    "CANARY-MEMBER-NOTE",
    "CANARY-SUMMARY",
    "CANARY-VOICE",
    "CANARY-REFLECTION",
    "CANARY-OPTION",
    "CANARY-AGREEMENT",
    "CANARY-UNCERTAIN",
    "CANARY-SAFETY",
    "CANARY-NEXT-PLACE",
    "CANARY-RATING-COMMENT",
    "CANARY-REVIEW-COMMENT",
    "CANARY-INNER",
    "CANARY-OUTER",
    "CANARY-ACTIONS",
    "CANARY-PARTICIPANT",
    "CANARY-ADDENDUM",
]

_ids: dict[str, str] = {}


def rid(name: str) -> str:
    """A stable UUID for a readable name used in this file."""
    return _ids.setdefault(name, str(uuid.uuid5(uuid.NAMESPACE_URL, "odesk-test/" + name)))


def _record(kind: str, key: str, /, **fields: Any) -> dict:
    rev = new_rev([])
    record = {
        "id": rid(key),
        "kind": kind,
        "rev": rev,
        "parent_revs": [],
        "deleted": False,
        "created_at": "2026-01-01T00:00:00.000+00:00",
        "created_by": "u-ana",
        "updated_at": "2026-01-01T00:00:00.000+00:00",
        "updated_by": "u-ana",
        "device_id": "dev-test",
        "hlc": "0000000000001-00000-dev-test",
        **fields,
    }
    validate(record)
    return record


def network(name: str, team: str, received: str, urgency: str, **extra: Any) -> dict:
    fields: dict[str, Any] = {
        "team_id": team,
        "person": {"name": f"Person {name}"},
        "referral": {"received_at": received, "urgency": urgency, "source": "SPA"},
        "status": "open",
    }
    fields.update(extra)
    return _record("network", name, **fields)


def meeting(name: str, network_name: str, status: str, start: str, /, **extra: Any) -> dict:
    return _record(
        "meeting", name, network_id=rid(network_name), status=status, start=start, **extra
    )


def practitioner(user: str, facilitator: bool = False) -> dict:
    return {"user_id": user, "role": "practitioner", "facilitator": facilitator}


PERSON = {"name": "Zebrafinch Quillfeather", "role": "person"}


def build() -> list[dict]:
    """Every record of the known data set."""
    n1 = network(
        "N1",
        "team-north",
        "2026-03-02T10:00:00+00:00",
        "urgent",
        key_practitioner_ids=["u-ana"],
        person={
            "name": "Zebrafinch Quillfeather",
            "preferred_name": "Zeb",
            "date_of_birth": "1987-06-15",
            "nhs_number": "9434765919",
            "phone": "07700 900123",
            "address": "1 Canarywharf Lane",
        },
        referral={
            "received_at": "2026-03-02T10:00:00+00:00",
            "urgency": "urgent",
            "source": "Single Point of Access",
            "reason": "CANARY-REASON",
        },
        sharing_note="CANARY-SHARING",
        trial={"participant_id": "CANARY-PARTICIPANT", "consent": True, "arm": "open_dialogue"},
    )
    mother = _record(
        "member",
        "mother",
        network_id=rid("N1"),
        name="Marigold Quillfeather",
        relationship="mother",
        category="family",
        phone="07700 900123",
        email="canary.mother@example.org",
        notes="CANARY-MEMBER-NOTE",
    )
    gp = _record(
        "member",
        "gp",
        network_id=rid("N1"),
        name="Dr Bramble Partridge",
        relationship="GP",
        category="professional",
    )
    friend = _record("member", "friend", network_id=rid("N1"), name="Friend One", category="friend")
    records = [n1, mother, gp, friend]
    records += [
        meeting(
            "M1a",
            "N1",
            "held",
            "2026-03-02T20:00:00+00:00",
            end="2026-03-02T21:30:00+00:00",
            location="home",
            location_detail="Canary Cafe",
            attendees=[
                PERSON,
                practitioner("u-ana", True),
                practitioner("u-cal"),
                {"member_id": rid("mother"), "role": "network"},
                {"member_id": rid("gp"), "role": "network"},
                {"user_id": "u-dee", "role": "peer_worker"},
            ],
        ),
        meeting("M1b", "N1", "cancelled", "2026-03-05T10:00:00+00:00", location="home"),
        meeting(
            "M1c",
            "N1",
            "held",
            "2026-03-09T10:00:00+00:00",
            location="home",
            attendees=[
                PERSON,
                practitioner("u-cal"),
                practitioner("u-eve"),
                {"member_id": rid("mother"), "role": "network", "present": False},
            ],
        ),
        meeting(
            "M1d",
            "N1",
            "held",
            "2026-04-06T10:00:00+01:00",
            location="clinic",
            attendees=[
                PERSON,
                practitioner("u-ana"),
                {"member_id": rid("friend"), "role": "network"},
                {"member_id": rid("mother"), "role": "network"},
            ],
        ),
        # N2 belongs to the podlet: very urgent, 4 h target, first held meeting after 6 h.
        network(
            "N2",
            "pod-a",
            "2026-03-10T08:00:00+00:00",
            "very_urgent",
            key_practitioner_ids=["u-ben"],
        ),
        meeting("M2a", "N2", "did_not_attend", "2026-03-10T10:00:00+00:00"),
        meeting(
            "M2b",
            "N2",
            "held",
            "2026-03-10T14:00:00+00:00",
            location="video",
            attendees=[PERSON, practitioner("u-ben"), practitioner("u-cal")],
        ),
        # N3: referral at 23:59 local time on the period's last day; met 9 h 01 min later.
        network("N3", "team-north", "2026-04-30T23:59:00+01:00", "routine"),
        meeting("M3a", "N3", "held", "2026-05-01T09:00:00+01:00", location="home"),
        # N4: no meeting, target long passed at as_of -> overdue.
        network("N4", "team-north", "2026-04-20T09:00:00+01:00", "urgent"),
        # N5: no meeting yet, still inside 24 h at as_of -> waiting.
        network("N5", "team-north", "2026-04-30T20:00:00+01:00", "urgent"),
        # N6: closed before any meeting was held (the only one was cancelled).
        network(
            "N6",
            "team-north",
            "2026-03-15T09:00:00+00:00",
            "urgent",
            status="closed",
            closed_at="2026-03-20T12:00:00+00:00",
            closed_reason="CANARY-CLOSED",
        ),
        meeting("M6a", "N6", "cancelled", "2026-03-16T10:00:00+00:00"),
        # N7: 23:30 UTC on 30 April is 00:30 on 1 May in London: outside the period.
        network("N7", "team-north", "2026-04-30T23:30:00+00:00", "urgent"),
        # N8: another team's network.
        network("N8", "team-south", "2026-03-03T09:00:00+00:00", "urgent"),
        meeting(
            "M8a",
            "N8",
            "held",
            "2026-03-03T11:00:00+00:00",
            location="community",
            attendees=[PERSON, practitioner("u-zed")],
        ),
        # N9: referred before the period, no key practitioner named.
        network("N9", "team-north", "2026-01-05T09:00:00+00:00", "routine"),
        meeting("M9a", "N9", "held", "2026-02-25T10:00:00+00:00", location="home"),
        meeting(
            "M9b",
            "N9",
            "held",
            "2026-03-04T10:00:00+00:00",
            location="home",
            attendees=[
                practitioner("u-eve"),
                {"user_id": "u-fay", "role": "peer_worker"},
                {"name": "Auntie Periwinkle", "role": "network"},
            ],
        ),
    ]
    note = _record(
        "note",
        "note-M1a",
        meeting_id=rid("M1a"),
        network_id=rid("N1"),
        author_id="u-ana",
        state="signed",
        signed_at="2026-03-02T22:00:00+00:00",
        summary="CANARY-SUMMARY",
        voices=[{"attendee": "Zebrafinch Quillfeather", "text": "CANARY-VOICE"}],
        reflections="CANARY-REFLECTION",
        options=["CANARY-OPTION"],
        agreements="CANARY-AGREEMENT",
        uncertainties="CANARY-UNCERTAIN",
        safety={"discussed": True, "text": "CANARY-SAFETY", "safeguarding_concern": False},
        next_meeting={"at": "2026-03-09T10:00:00+00:00", "location": "CANARY-NEXT-PLACE"},
    )
    records += [
        note,
        _record(
            "addendum",
            "add-1",
            note_id=rid("note-M1a"),
            network_id=rid("N1"),
            author_id="u-ana",
            reason="clarification",
            text="CANARY-ADDENDUM",
        ),
        _record(
            "review",
            "rev-1",
            note_id=rid("note-M1a"),
            network_id=rid("N1"),
            reviewer_id="u-sue",
            status="seen",
            comment="CANARY-REVIEW-COMMENT",
        ),
        _record(
            "supervision",
            "sup-1",
            team_id="team-north",
            at="2026-03-20T14:00:00+00:00",
            facilitator_id="u-sue",
            attendee_ids=["u-ana", "u-cal"],
            network_ids=[rid("N1")],
            inner_reflections="CANARY-INNER",
            outer_reflections="CANARY-OUTER",
            actions="CANARY-ACTIONS",
        ),
    ]

    def rating(name: str, meeting_name: str, network_name: str, scores: dict, **kw: Any) -> dict:
        return _record(
            "rating",
            name,
            meeting_id=rid(meeting_name),
            network_id=rid(network_name),
            instrument=kw.pop("instrument", "dialogic-practice-12"),
            rater_id=kw.pop("rater_id", "u-sue"),
            rater_role=kw.pop("rater_role", "supervisor"),
            scores=scores,
            **kw,
        )

    records += [
        rating("R1", "M1a", "N1", {"a": 3, "b": 4, "c": None}, comment="CANARY-RATING-COMMENT"),
        rating("R2", "M1c", "N1", {"a": 2, "b": 2}, rater_id="u-cal", rater_role="self"),
        rating("R3", "M1d", "N1", {"a": 4}),
        rating("R4", "M1a", "N1", {"a": None, "b": None}, rater_role="co_facilitator"),
        rating("R5", "M8a", "N8", {"a": 1}),
        rating("R6", "M2b", "N2", {"p1": 1}, instrument="principles-7"),
    ]
    # A deleted network never counts.
    gone = network("N10", "team-north", "2026-03-05T09:00:00+00:00", "urgent")
    gone["deleted"] = True
    records.append(gone)
    return records


def extra_notes() -> list[dict]:
    """More signed and draft notes for the review queue (N1 and N2 are team North's)."""

    def note(name: str, meeting: str, network: str, author: str, state: str, signed: str | None):
        fields: dict[str, Any] = {
            "meeting_id": rid(meeting),
            "network_id": rid(network),
            "author_id": author,
            "state": state,
            "summary": f"Summary of {name}",
        }
        if signed:
            fields["signed_at"] = signed
        return _record("note", name, **fields)

    return [
        note("note-M1c", "M1c", "N1", "u-cal", "signed", "2026-03-09T12:00:00+00:00"),
        note("note-M2b", "M2b", "N2", "u-ben", "signed", "2026-03-10T16:00:00+00:00"),
        note("note-M1d", "M1d", "N1", "u-ana", "draft", None),
        note("note-M8a", "M8a", "N8", "u-zed", "signed", "2026-03-03T13:00:00+00:00"),
        note("note-M1d-sue", "M1d", "N1", "u-sue", "signed", "2026-04-06T12:00:00+01:00"),
    ]
