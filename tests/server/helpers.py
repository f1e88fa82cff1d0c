"""A small fictional trust for server tests: teams, users, enrolled devices, record builders.

Teams: A (own), B (another), C (a podlet of A). Users: ana and ben practitioners in A, cara a
practitioner in B, sam a supervisor of A (not a member), ida an admin with no team.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson
from sqlalchemy import select

from odesk.core.ids import new_id, utc_now
from odesk.core.merge import Resolution, resolve
from odesk.core.revs import new_rev
from odesk.server import admin
from odesk.server.db import read_tx
from odesk.server.schema import revisions


def envelope(kind: str, user_id: str, device_id: str, hlc: str | None = None) -> dict:
    """A new record's first revision, written now by ``user_id`` on ``device_id`` (its hlc now,
    unless given)."""
    now = utc_now()
    return {
        "id": new_id(),
        "kind": kind,
        "rev": new_rev([]),
        "parent_revs": [],
        "deleted": False,
        "created_at": now,
        "created_by": user_id,
        "updated_at": now,
        "updated_by": user_id,
        "device_id": device_id,
        "hlc": hlc or f"{int(time.time() * 1000):013d}-00000-{device_id}",
    }


class Device:
    """One enrolled device talking to the server over real HTTP."""

    def __init__(self, base_url: str, enrolment: dict, user_id: str) -> None:
        self.user_id = user_id
        self.device_id = enrolment["device_id"]
        self.token = enrolment["token"]
        self.enrolment = enrolment
        self.http = httpx.Client(
            base_url=base_url, headers={"Authorization": f"Bearer {self.token}"}, timeout=60
        )
        self.seq = 0
        self.cursor: str | None = None

    # ---- record builders -------------------------------------------------------------
    def _envelope(self, kind: str) -> dict:
        return envelope(kind, self.user_id, self.device_id)

    def network(self, team_id: str, name: str = "Robin Fictional") -> dict:
        return {
            **self._envelope("network"),
            "team_id": team_id,
            "person": {"name": name},
            "referral": {"received_at": "2026-11-01T09:00:00+00:00", "urgency": "urgent"},
            "status": "open",
        }

    def member(self, network: dict) -> dict:
        return {
            **self._envelope("member"),
            "network_id": network["id"],
            "name": "Jo Fictional",
            "relationship": "sister",
            "category": "family",
        }

    def meeting(self, network: dict) -> dict:
        return {
            **self._envelope("meeting"),
            "network_id": network["id"],
            "status": "held",
            "start": "2026-11-02T10:00:00+00:00",
            "location": "home",
        }

    def note(self, meeting: dict, *, state: str = "draft") -> dict:
        record = {
            **self._envelope("note"),
            "meeting_id": meeting["id"],
            "network_id": meeting["network_id"],
            "author_id": self.user_id,
            "state": state,
            "summary": "A fictional meeting summary.",
            "cosigned_by": [],
        }
        if state == "signed":
            record["signed_at"] = utc_now()
        return record

    def addendum(self, note: dict) -> dict:
        return {
            **self._envelope("addendum"),
            "note_id": note["id"],
            "author_id": self.user_id,
            "reason": "late_information",
            "text": "A fictional later detail.",
        }

    def rating(self, meeting: dict, role: str = "self") -> dict:
        return {
            **self._envelope("rating"),
            "meeting_id": meeting["id"],
            "network_id": meeting["network_id"],
            "instrument": "dialogic-practice-12",
            "rater_id": self.user_id,
            "rater_role": role,
            "scores": {"1": 3, "2": None},
        }

    def review(self, note: dict) -> dict:
        return {
            **self._envelope("review"),
            "note_id": note["id"],
            "network_id": note["network_id"],
            "reviewer_id": self.user_id,
            "status": "seen",
        }

    def supervision(self, team_id: str) -> dict:
        return {
            **self._envelope("supervision"),
            "team_id": team_id,
            "at": "2026-11-03T14:00:00+00:00",
            "outer_reflections": "Fictional reflections.",
        }

    def edit(self, record: dict, *parents: dict, **changes: Any) -> dict:
        """A new revision by this device's user, based on ``record`` (and other leaves)."""
        parent_revs = [record["rev"], *(p["rev"] for p in parents)]
        return {
            **record,
            **changes,
            "rev": new_rev(parent_revs),
            "parent_revs": parent_revs,
            "updated_at": utc_now(),
            "updated_by": self.user_id,
            "device_id": self.device_id,
        }

    def tombstone(self, record: dict) -> dict:
        return self.edit(record, deleted=True)

    # ---- protocol ------------------------------------------------------------------
    def push_raw(self, records: list[dict]) -> httpx.Response:
        changes = []
        for record in records:
            self.seq += 1
            changes.append({"change_id": new_id(), "device_seq": self.seq, "record": record})
        return self.http.post("/v1/sync/push", json={"changes": changes})

    def push(self, *records: dict) -> list[dict]:
        response = self.push_raw(list(records))
        assert response.status_code == 200, response.text
        return response.json()["results"]

    def push_ok(self, *records: dict) -> None:
        results = self.push(*records)
        assert [r["status"] for r in results] == ["applied"] * len(records), results

    def pull_all(self, *, limit: int = 500) -> list[dict]:
        """Pull from the saved cursor until there is no more; returns the changes."""
        got: list[dict] = []
        while True:
            params: dict[str, Any] = {"limit": limit}
            if self.cursor:
                params["cursor"] = self.cursor
            response = self.http.get("/v1/sync/pull", params=params)
            assert response.status_code == 200, response.text
            body = response.json()
            got.extend(body["changes"])
            self.cursor = body["cursor"]
            if not body["more"]:
                return got

    def visible_ids(self) -> set[str]:
        self.cursor = None
        return {c["record"]["id"] for c in self.pull_all()}

    def close(self) -> None:
        self.http.close()


@dataclass
class World:
    db_url: str
    base_url: str
    teams: dict[str, str]
    users: dict[str, str]
    devices: list[Device] = field(default_factory=list)

    def enrol(self, user: str, name: str = "laptop") -> Device:
        code = admin.make_code(self.db_url, self.users[user])
        response = httpx.post(
            f"{self.base_url}/v1/devices/enroll", json={"code": code, "device_name": name}
        )
        assert response.status_code == 200, response.text
        device = Device(self.base_url, response.json(), self.users[user])
        self.devices.append(device)
        return device

    def close(self) -> None:
        for device in self.devices:
            device.close()


def make_world(db_url: str, base_url: str) -> World:
    a = admin.add_team(db_url, "Team A", team_id="team-a")
    b = admin.add_team(db_url, "Team B", team_id="team-b")
    c = admin.add_team(db_url, "Podlet C", "podlet", a, team_id="team-c")
    users = {
        "ana": admin.add_user(db_url, "Ana Fictional", ["practitioner"], [a], user_id="ana"),
        "ben": admin.add_user(db_url, "Ben Fictional", ["practitioner"], [a], user_id="ben"),
        "cara": admin.add_user(db_url, "Cara Fictional", ["practitioner"], [b], user_id="cara"),
        "sam": admin.add_user(
            db_url, "Sam Fictional", ["supervisor"], [], [a], "psychologist", user_id="sam"
        ),
        "ida": admin.add_user(db_url, "Ida Fictional", ["admin"], [], user_id="ida"),
    }
    return World(db_url, base_url, {"a": a, "b": b, "c": c}, users)


@dataclass
class StoredRecord:
    """A record as the server holds it: its heads computed by the core merge rules from the
    revisions it stores (what its push rules read), the newest server_seq among them, and the
    team of the newest."""

    heads: Resolution
    last_seq: int
    team_id: str


def stored_record(db_url: str, record_id: str) -> StoredRecord:
    with read_tx(admin.connect(db_url)) as conn:
        rows = conn.execute(
            select(revisions.c.server_seq, revisions.c.json, revisions.c.team_id)
            .where(revisions.c.record_id == record_id)
            .order_by(revisions.c.server_seq)
        ).all()
    assert rows, f"the server holds no revision of {record_id}"
    heads = resolve([orjson.loads(row.json) for row in rows])
    return StoredRecord(heads, rows[-1].server_seq, rows[-1].team_id)
