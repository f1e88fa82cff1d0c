"""A meeting removed with a reason reaches the team: the server (SQLite and PostgreSQL) accepts
the tombstone with its reason, a colleague's laptop drops the meeting from its lists and keeps
the removal, with its reason, in the meeting's history."""

from __future__ import annotations

from odesk.ui.meeting_removal import remove_meeting

from .conftest import Trust
from .devices import network


def test_a_removed_meeting_and_its_reason_reach_the_colleague(trust: Trust) -> None:
    ana, ben = trust.device("ana"), trust.device("ben")
    store = ana.store
    net = store.save(network(trust.team_a))
    meeting = store.save({"kind": "meeting", "network_id": net["id"], "status": "planned"})
    ana.sync()
    ben.sync()
    assert ben.store.get(meeting["id"]) is not None

    remove_meeting(store, meeting["id"], "a duplicate of Tuesday's meeting", trust.users["ana"])
    report = ana.sync()
    assert store.rejected() == [] and store.pending_count() == 0, report
    ben.sync()
    assert ben.store.get(meeting["id"]) is None
    assert [m["id"] for m in ben.store.records("meeting")] == []
    tomb = ben.store.history(meeting["id"])[-1]
    assert tomb["deleted"] is True
    assert tomb["deleted_reason"] == "a duplicate of Tuesday's meeting"
    assert tomb["updated_by"] == trust.users["ana"]
