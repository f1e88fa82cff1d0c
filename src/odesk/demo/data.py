"""Fictional demo records in the interchange format, deterministic by seed.

`generate(n_networks, seed)` makes one service team's caseload: networks (people referred), their
members, network meetings, signed notes (asking the supervisor to co-sign), a meeting correction, some addenda, supervisors' reviews, fidelity ratings and
supervision sessions. Every name is invented and marked as such, NHS numbers come from the 999
range that is never issued, phone numbers from Ofcom's drama range and e-mail addresses from
example.org. resources/demo/demo-records.json is `generate(20, 1)`; the benchmarks use it for
10,000 networks. Team and user ids are fixed (see resources/demo/README.md) so the demo trust
server can create the same teams and users.

Run `python -m odesk.demo.data [N] [SEED]` to print an odesk-records file.
"""

from __future__ import annotations

import copy
import json
import random
import re
import sys
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from odesk.core.hlc import format_hlc

SERVICE_TEAM_ID = "0190a000-0000-7000-8000-000000000001"
PODLET_IDS = ("0190a000-0000-7000-8000-000000000002", "0190a000-0000-7000-8000-000000000003")
PRACTITIONER_ID = "0190a000-0000-7000-8000-000000000101"
SUPERVISOR_ID = "0190a000-0000-7000-8000-000000000201"
DEVICE_ID = "demo-device"

TEAMS: list[dict[str, Any]] = [
    {
        "id": SERVICE_TEAM_ID,
        "name": "Demo Open Dialogue Service",
        "kind": "service",
        "parent_id": None,
    },
    {
        "id": PODLET_IDS[0],
        "name": "Demo Podlet North",
        "kind": "podlet",
        "parent_id": SERVICE_TEAM_ID,
    },
    {
        "id": PODLET_IDS[1],
        "name": "Demo Podlet South",
        "kind": "podlet",
        "parent_id": SERVICE_TEAM_ID,
    },
]
USERS: list[dict[str, Any]] = [
    {
        "id": PRACTITIONER_ID,
        "name": "Sam Demo-Practitioner",
        "profession": "mental health nurse",
        "roles": ["practitioner"],
        "team_ids": [SERVICE_TEAM_ID, *PODLET_IDS],
        "supervises_team_ids": [],
    },
    {
        "id": SUPERVISOR_ID,
        "name": "Chris Demo-Supervisor",
        "profession": "clinical psychologist",
        "roles": ["practitioner", "supervisor"],
        "team_ids": [SERVICE_TEAM_ID, *PODLET_IDS],
        "supervises_team_ids": [SERVICE_TEAM_ID, *PODLET_IDS],
    },
]

_BASE = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
_FIRST: tuple[str, ...] = (
    "Ash",
    "Bea",
    "Cal",
    "Dara",
    "Eli",
    "Fen",
    "Gale",
    "Hale",
    "Ira",
    "Jude",
    "Kit",
    "Lark",
)
_FIRST += ("Mo", "Nell", "Oak", "Pip", "Quinn", "Rue", "Sol", "Tam", "Una", "Vale", "Wynn", "Zed")
_LAST: tuple[str, ...] = (
    "Fernhollow",
    "Quillbrook",
    "Mossgate",
    "Thistledown",
    "Brackenridge",
    "Wrenfield",
)
_LAST += ("Larkspur", "Hazelmere", "Rookwood", "Sorrelby", "Nettlecombe", "Puddleford")
_RELATIONS = (
    ("mother", "family"),
    ("father", "family"),
    ("sister", "family"),
    ("brother", "family"),
    ("partner", "family"),
    ("friend", "friend"),
    ("neighbour", "friend"),
    ("GP", "professional"),
    ("housing officer", "professional"),
    ("peer group member", "peer"),
)
_LOCATIONS = ("home", "home", "home", "clinic", "community", "video")
_SOURCES = ("Single Point of Access", "GP", "self-referral", "crisis team")
_URGENCY = ("very_urgent", "urgent", "urgent", "routine")
_TOPICS = (
    "sleep", "work", "college", "money worries", "the move", "voices", "family arguments",
    "loneliness", "the hospital stay", "medication", "the dog", "the garden", "music", "football",
)  # fmt: skip
_FEELINGS = ("worried", "hopeful", "tired", "relieved", "unsure", "angry", "calmer", "curious")
_OPTIONS = (
    "meet again at home in two days",
    "invite the GP to the next meeting",
    "try a short walk together each morning",
    "talk with the housing officer about the flat",
    "review medication with the psychiatrist",
    "ask the friend from the allotment to come next time",
    "keep a diary of sleep before the next meeting",
)


class _Gen:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def uuid7(self, at: datetime) -> str:
        ms = int(at.timestamp() * 1000)
        value = (ms & ((1 << 48) - 1)) << 80
        value |= 0x7 << 76
        value |= self.rng.getrandbits(12) << 64
        value |= 0b10 << 62
        value |= self.rng.getrandbits(62)
        return str(uuid.UUID(int=value))

    def envelope(self, kind: str, at: datetime, by: str) -> dict[str, Any]:
        stamp = at.isoformat(timespec="milliseconds")
        return {
            "id": self.uuid7(at),
            "kind": kind,
            "rev": f"1-{self.rng.getrandbits(128):032x}",
            "parent_revs": [],
            "deleted": False,
            "created_at": stamp,
            "created_by": by,
            "updated_at": stamp,
            "updated_by": by,
            "device_id": DEVICE_ID,
            "hlc": format_hlc(int(at.timestamp() * 1000), self.rng.randrange(100), "demo"),
        }

    def name(self) -> str:
        return f"{self.rng.choice(_FIRST)} {self.rng.choice(_LAST)} (fictional)"

    def nhs_number(self) -> str:
        # 999 numbers are reserved for testing and never issued to a patient.
        while True:
            digits = [9, 9, 9] + [self.rng.randrange(10) for _ in range(6)]
            check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
            check = 0 if check == 11 else check
            if check != 10:
                return "".join(map(str, digits)) + str(check)

    def phone(self) -> str:
        return f"07700 900{self.rng.randrange(1000):03d}"  # Ofcom's range for drama

    def sentence(self, who: str) -> str:
        r = self.rng
        return (
            f"{who} talked about {r.choice(_TOPICS)} and {r.choice(_TOPICS)}, "
            f"feeling {r.choice(_FEELINGS)}; {r.choice(_TOPICS)} came up again."
        )


def _iso(at: datetime) -> str:
    return at.isoformat(timespec="milliseconds")


def generate(n_networks: int = 20, seed: int = 1, *, meetings_per_network: int = 3) -> list[dict]:
    """Fictional records for ``n_networks`` networks; the same arguments give the same records."""
    g = _Gen(seed)
    r = g.rng
    out: list[dict] = []
    spread = max(1, min(n_networks, 300))
    networks: list[str] = []
    for i in range(n_networks):
        received = _BASE + timedelta(days=(i % spread), minutes=r.randrange(8 * 60))
        team_id = PODLET_IDS[i % 2]
        person = g.name()
        closed = i % 7 == 6
        network = g.envelope("network", received + timedelta(minutes=10), PRACTITIONER_ID)
        network.update(
            team_id=team_id,
            person={
                "name": person,
                "preferred_name": person.split()[0],
                "date_of_birth": f"{r.randrange(1950, 2006)}-{r.randrange(1, 13):02d}-{r.randrange(1, 29):02d}",
                "nhs_number": g.nhs_number(),
                "pronouns": r.choice(("she/her", "he/him", "they/them")),
                "phone": g.phone(),
                "address": f"{r.randrange(1, 99)} Example Lane, Demoton",
            },
            referral={
                "received_at": _iso(received),
                "source": r.choice(_SOURCES),
                "reason": g.sentence("The referrer"),
                "urgency": r.choice(_URGENCY),
            },
            status="closed" if closed else "open",
            closed_at=_iso(received + timedelta(days=60)) if closed else None,
            closed_reason="The network agreed meetings could stop for now." if closed else None,
            key_practitioner_ids=[PRACTITIONER_ID],
            trial={
                "participant_id": f"DEMO-{i + 1:05d}",
                "consent": True,
                "consented_at": _iso(received + timedelta(hours=30)),
                "arm": "open_dialogue",
            },
            sharing_note="The network agreed the GP may be told about meeting dates.",
        )
        out.append(network)
        networks.append(network["id"])
        members = []
        for _ in range(r.randrange(2, 5)):
            relationship, category = r.choice(_RELATIONS)
            member = g.envelope("member", received + timedelta(minutes=20), PRACTITIONER_ID)
            member.update(
                network_id=network["id"],
                name=g.name(),
                relationship=relationship,
                category=category,
                phone=g.phone(),
                email=f"member{r.randrange(10000)}@example.org",
                may_share=r.random() < 0.7,
                notes=g.sentence("This member") if r.random() < 0.3 else None,
                active=True,
            )
            out.append(member)
            members.append(member)
        start = received + timedelta(hours=r.choice((3, 6, 18, 20, 22, 30)))
        for m in range(meetings_per_network):
            held = m < meetings_per_network - 1 or closed
            end = start + timedelta(minutes=r.choice((60, 75, 90)))
            meeting = g.envelope("meeting", received + timedelta(minutes=30 + m), PRACTITIONER_ID)
            present = [mb for mb in members if r.random() < 0.75]
            attendees = [{"name": person, "role": "person", "facilitator": False, "present": True}]
            attendees += [
                {"member_id": mb["id"], "role": "network", "facilitator": False, "present": True}
                for mb in present
            ]
            attendees += [
                {"user_id": PRACTITIONER_ID, "role": "practitioner", "facilitator": True, "present": True},
                {"user_id": SUPERVISOR_ID, "role": "practitioner", "facilitator": False, "present": True},
            ]  # fmt: skip
            if r.random() < 0.4:
                attendees.append(
                    {"name": "Peer Worker (fictional)", "role": "peer_worker", "present": True}
                )
            meeting.update(
                network_id=network["id"],
                status="held" if held else "planned",
                planned_start=_iso(start),
                start=_iso(start) if held else None,
                end=_iso(end) if held else None,
                location=r.choice(_LOCATIONS),
                location_detail="the family's kitchen" if r.random() < 0.5 else None,
                attendees=attendees,
            )
            out.append(meeting)
            if held:
                out.extend(
                    _note_and_friends(g, network["id"], meeting, person, present, start, end)
                )
            start = end + timedelta(days=r.choice((2, 3, 4, 7)))
    sessions = max(1, n_networks // 10)
    for s in range(sessions):
        at = _BASE + timedelta(days=7 * (s + 1), hours=5)
        session = g.envelope("supervision", at, SUPERVISOR_ID)
        session.update(
            team_id=SERVICE_TEAM_ID,
            at=_iso(at),
            facilitator_id=SUPERVISOR_ID,
            attendee_ids=[PRACTITIONER_ID, SUPERVISOR_ID],
            network_ids=networks[s * 10 : s * 10 + 3],
            inner_reflections="The practitioners reflected on staying with uncertainty.",
            outer_reflections="The wider team noticed every voice had room in the meetings.",
            actions="Invite a peer worker to the next meetings.",
        )
        out.append(session)
    out.extend(_corrections(g, out))
    return out


def _corrections(g: _Gen, records: list[dict]) -> list[dict]:
    """A meeting correction of the first held meeting with a signed note (made after all the
    other records, so they stay as they were): the meeting ran longer than first written."""
    signed = {
        r["meeting_id"]: r for r in records if r["kind"] == "note" and r.get("state") == "signed"
    }
    for meeting in records:
        if meeting["kind"] != "meeting" or meeting["id"] not in signed or not meeting.get("end"):
            continue
        end = datetime.fromisoformat(meeting["end"])
        when = datetime.fromisoformat(signed[meeting["id"]]["signed_at"]) + timedelta(days=1)
        correction = g.envelope("meeting_correction", when, PRACTITIONER_ID)
        correction.update(
            meeting_id=meeting["id"],
            network_id=meeting["network_id"],
            fields=[
                {"field": "end", "old": meeting["end"], "new": _iso(end + timedelta(minutes=15))}
            ],
            reason="The meeting ran a quarter of an hour longer than first written.",
            author_id=PRACTITIONER_ID,
        )
        return [correction]
    return []


def _note_and_friends(
    g: _Gen,
    network_id: str,
    meeting: dict,
    person: str,
    present: list[dict],
    start: datetime,
    end: datetime,
) -> list[dict]:
    r = g.rng
    signed_at = end + timedelta(minutes=r.randrange(20, 180))
    note = g.envelope("note", end + timedelta(minutes=5), PRACTITIONER_ID)
    note["updated_at"] = _iso(signed_at)
    voices = [{"attendee": person, "text": g.sentence(person.split()[0])}]
    voices += [
        {"attendee": mb["id"], "text": g.sentence("The " + mb["relationship"])} for mb in present
    ]
    note.update(
        meeting_id=meeting["id"],
        network_id=network_id,
        author_id=PRACTITIONER_ID,
        state="signed",
        signed_at=_iso(signed_at),
        # Co-signing is the co-signer's own act, on her own laptop: the demo's notes ask the
        # supervisor to co-sign, and she does so in the app (odesk.core.integrity).
        cosign_requested=[SUPERVISOR_ID],
        cosigned_by=[],
        summary=g.sentence("The network"),
        voices=voices,
        reflections=g.sentence(
            "In the reflection the practitioners wondered how " + person.split()[0]
        ),
        options=r.sample(_OPTIONS, 2),
        agreements="To meet again at the time the network chose.",
        uncertainties=g.sentence("Nobody yet knows how the family"),
        safety={
            "discussed": True,
            "text": "Safety was talked about openly; the network knows how to reach the team at night.",
            "safeguarding_concern": False,
        },
        next_meeting={"at": _iso(start + timedelta(days=3)), "location": "home"},
        late_entry=False,
    )
    out = [note]
    if r.random() < 0.15:
        addendum = g.envelope("addendum", signed_at + timedelta(days=1), PRACTITIONER_ID)
        addendum.update(
            note_id=note["id"],
            network_id=network_id,
            author_id=PRACTITIONER_ID,
            reason=r.choice(("correction", "late_information", "clarification")),
            text=g.sentence("Later the practitioner learned that the family"),
        )
        out.append(addendum)
    if r.random() < 0.5:
        review = g.envelope("review", signed_at + timedelta(days=2), SUPERVISOR_ID)
        review.update(
            note_id=note["id"],
            network_id=network_id,
            reviewer_id=SUPERVISOR_ID,
            status=r.choice(("seen", "for_supervision", "discussed")),
            comment="Good to see every voice recorded in the network's own words.",
        )
        out.append(review)
    if r.random() < 0.4:
        rating = g.envelope("rating", signed_at + timedelta(days=2), SUPERVISOR_ID)
        rating.update(
            meeting_id=meeting["id"],
            network_id=network_id,
            instrument="dialogic-practice-12",
            rater_id=SUPERVISOR_ID,
            rater_role="supervisor",
            scores={str(i): r.randrange(0, 4) for i in range(1, 13)},
            comment="Rated from the practitioner's account in supervision.",
        )
        out.append(rating)
    elif r.random() < 0.3:
        rating = g.envelope("rating", signed_at + timedelta(hours=1), PRACTITIONER_ID)
        rating.update(
            meeting_id=meeting["id"],
            network_id=network_id,
            instrument="open-dialogue-principles-7",
            rater_id=PRACTITIONER_ID,
            rater_role="self",
            scores={str(i): r.randrange(0, 4) for i in range(1, 8)},
            comment=None,
        )
        out.append(rating)
    return out


_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T")
_HLC = re.compile(r"^(\d{13})-(\d+-.*)$")


def shift_to(records: list[dict], today: date, *, days_before: int = 3) -> list[dict]:
    """Copies of `records` with every timestamp (and HLC) moved by one whole number of days so
    the newest meeting ends `days_before` days before `today`; dates of birth stay put."""
    ends = [
        datetime.fromisoformat(r["end"])
        for r in records
        if r.get("kind") == "meeting" and r.get("end")
    ]
    if not ends:
        return copy.deepcopy(records)
    delta = timedelta(days=(today - timedelta(days=days_before) - max(ends).date()).days)

    def move(value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {k: move(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [move(v, key) for v in value]
        if isinstance(value, str):
            if _STAMP.match(value):
                return _iso(datetime.fromisoformat(value) + delta)
            hlc = _HLC.match(value) if key == "hlc" else None
            if hlc:
                ms = int(hlc.group(1)) + int(delta.total_seconds() * 1000)
                return f"{ms:013d}-{hlc.group(2)}"
        return value

    return [move(r) for r in records]


def document(records: list[dict]) -> dict:
    """The odesk-records file holding ``records``."""
    return {"format": "odesk-records", "version": 1, "records": records}


def dumps(records: list[dict]) -> str:
    """The committed demo file's exact text for ``records``."""
    return json.dumps(document(records), indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    n = int(args[0]) if args else 20
    seed = int(args[1]) if len(args) > 1 else 1
    sys.stdout.write(dumps(generate(n, seed)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
