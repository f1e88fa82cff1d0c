"""Fictional caseloads for the big-device and rush benchmarks, put on a trust server over HTTP.

`caseload(n_records, networks)` makes about ``n_records`` records of odesk.demo.data (networks
with long histories: meetings, signed notes, addenda, reviews, ratings), moved so that the newest
meeting ended a few days ago (the server refuses clocks in the future). `seed(db_url, base,
records)` creates the demo's teams and users on the server and pushes every record through
`/v1/sync/push` from one enrolled device of each author, in batches, as their laptops would have
sent them: notes before the reviews of them. Nothing is measured here.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import httpx

from odesk.core.records import AUTHOR_FIELDS, KINDS
from odesk.demo import data as demo_data
from odesk.server import admin

KIND_ORDER = {k: i for i, k in enumerate(KINDS)}
# A held meeting brings about 3.28 records (its note, sometimes an addendum, a review, a rating).
RECORDS_A_MEETING = 3.28


def caseload(n_records: int, networks: int, seed: int = 1) -> list[dict]:
    """About ``n_records`` fictional records over ``networks`` networks (whole histories)."""
    meetings = max(1, round(n_records / networks / RECORDS_A_MEETING))
    records = demo_data.generate(networks, seed, meetings_per_network=meetings)
    now = datetime.now(UTC)
    moved = demo_data.shift_to(records, now.date())
    # A supervision session a week apart each, for a tenth of the networks, runs past today
    # for a large caseload: those not held yet are left out (nothing refers to them).
    return [r for r in moved if datetime.fromisoformat(r["created_at"]) <= now]


def enroll_device(db_url: str, base: str, user_id: str, name: str) -> dict:
    """A new device of ``user_id``: {"device_id", "token", ...} from the enrolment endpoint."""
    code = admin.make_code(db_url, user_id)
    answer = httpx.post(
        f"{base}/v1/devices/enroll", json={"code": code, "device_name": name}, timeout=60
    )
    answer.raise_for_status()
    return answer.json()


def add_demo_people(db_url: str) -> None:
    """The demo's teams (service before podlets) and its practitioner and supervisor."""
    for team in sorted(demo_data.TEAMS, key=lambda t: t["parent_id"] is not None):
        admin.add_team(db_url, team["name"], team["kind"], team["parent_id"], team_id=team["id"])
    for user in demo_data.USERS:
        admin.add_user(
            db_url,
            user["name"],
            user["roles"],
            user["team_ids"],
            user["supervises_team_ids"],
            user["profession"],
            user_id=user["id"],
        )


def _owner(record: dict) -> str:
    field = AUTHOR_FIELDS.get(record["kind"])
    return str(record.get("updated_by") or (record.get(field) if field else ""))


def seed(db_url: str, base: str, records: list[dict], *, batch: int = 500) -> int:
    """Push ``records`` as their authors' devices would have; returns how many were applied.
    Raises RuntimeError on any answer but "applied" (the bench's data must all be there)."""
    ordered = sorted(records, key=lambda r: (KIND_ORDER.get(r["kind"], 99), r["updated_at"]))
    by_owner: dict[str, list[dict]] = {}
    for record in ordered:
        by_owner.setdefault(_owner(record), []).append(record)
    applied = 0
    # Practitioners first, so that the notes exist before their supervisor's reviews arrive.
    owners = sorted(by_owner, key=lambda u: u == demo_data.SUPERVISOR_ID)
    for owner in owners:
        device = enroll_device(db_url, base, owner, f"seed {owner[-4:]}")
        headers = {"Authorization": f"Bearer {device['token']}"}
        mine = by_owner[owner]
        with httpx.Client(base_url=base, headers=headers, timeout=300) as client:
            for first in range(0, len(mine), batch):
                changes = [
                    {
                        "change_id": str(uuid.uuid4()),
                        "device_seq": first + i + 1,
                        "record": {**record, "device_id": device["device_id"]},
                    }
                    for i, record in enumerate(mine[first : first + batch])
                ]
                answer = client.post("/v1/sync/push", json={"changes": changes})
                answer.raise_for_status()
                results = answer.json()["results"]
                refused = [r for r in results if r["status"] != "applied"]
                if refused:
                    raise RuntimeError(f"seeding refused {len(refused)}: {refused[0]}")
                applied += len(results)
    return applied
