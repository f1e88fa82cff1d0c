"""`odesk-server admin check` lists data already held that breaks a record rule, with the rule,
on SQLite and PostgreSQL, and changes nothing (issue 15 item 8). Exit 1 when it lists
anything, 0 when the data keeps every rule."""

from __future__ import annotations

import subprocess
import sys

import orjson
from sqlalchemy import func, select

from odesk.core.revs import new_rev
from odesk.server import admin
from odesk.server.db import write_tx
from odesk.server.schema import revisions
from tests.server.helpers import World


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "odesk.server", *args], capture_output=True, text=True, timeout=120
    )


def _store_directly(world: World, *records: dict) -> None:
    """Revisions as an older server kept them, written past today's push rules."""
    engine = admin.connect(world.db_url)
    with write_tx(engine) as conn:
        top = conn.execute(select(func.coalesce(func.max(revisions.c.server_seq), 0))).scalar()
        for offset, record in enumerate(records, start=1):
            conn.execute(
                revisions.insert().values(
                    server_seq=int(top or 0) + offset,
                    record_id=record["id"],
                    rev=record["rev"],
                    change_id=f"old-{record['rev']}",
                    kind=record["kind"],
                    json=orjson.dumps(record).decode(),
                    network_id=record.get("network_id"),
                    team_id=world.teams["a"],
                    device_id="old-device",
                    device_seq=offset,
                    user_id=record["updated_by"],
                    received_at="2026-01-01T00:00:00+00:00",
                )
            )


def test_admin_check_lists_old_data_that_breaks_a_rule_and_keeps_it(world: World) -> None:
    ana = world.enrol("ana")
    net = ana.network(world.teams["a"])
    meeting = ana.meeting(net)
    ana.push_ok(net, meeting)
    clean = _cli("admin", "--db", world.db_url, "check")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "no record breaks a rule" in clean.stdout

    closed = {**ana.edit(net, status="closed"), "closed_reason": None}
    empty = {**ana.note(meeting, state="signed"), "summary": None}
    backwards = ana.edit(meeting, end="2026-11-02T09:00:00+00:00")
    other = ana.network(world.teams["a"])
    other["rev"] = net["rev"]
    made_up = "999999998-" + "ab" * 16
    orphan = {**ana.edit(meeting), "parent_revs": [made_up], "rev": new_rev([made_up])}
    _store_directly(world, closed, empty, backwards, other, orphan)

    result = _cli("admin", "--db", world.db_url, "check")
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert f"record {net['id']} (network): closed_reason: closing a network needs a reason" in out
    assert f"record {empty['id']} (note): state: a note with nothing written" in out
    assert "end: a meeting cannot end before it starts" in out
    assert f"rev {net['rev']} is held by 2 records" in out
    assert f"parent {made_up} is not a revision of this record" in out
    assert "records break a rule" in out.splitlines()[-1]
    # Nothing was changed or removed.
    ids = {c["record"]["rev"] for c in ana.pull_all()}
    assert {closed["rev"], empty["rev"], backwards["rev"], orphan["rev"]} <= ids
