"""A push is planned from a snapshot without the sequence lock and written under it: when another
push commits in between and touches what the plan read (the same record, a linked record, the
same change id) or the epoch changes, the push is planned again under the lock, so the answer and
the record's heads are the same as if the two pushes had run one after the other."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from odesk.core.ids import new_id
from odesk.core.revs import new_rev
from odesk.server import admin, push, push_plan
from odesk.server.db import read_tx
from odesk.server.directory import Access, access_for, get_user
from tests.server.helpers import Device, World, stored_record


def _access(world: World, user: str) -> Access:
    with read_tx(admin.connect(world.db_url)) as conn:
        found = get_user(conn, world.users[user])
        assert found is not None
        return access_for(conn, found)


def _change(device: Device, record: dict) -> dict:
    device.seq += 1
    return {"change_id": new_id(), "device_seq": device.seq, "record": record}


@pytest.fixture
def between_plan_and_write(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Run a callable (appended to the yielded list) once, right after the first plan is made;
    the yielded list then also records how many plans each push made."""
    calls: list[Any] = []
    real_decide = push_plan.decide

    def plan_then_interleave(*args: Any) -> Any:
        plan = real_decide(*args)
        calls.append("plan")
        pending = [c for c in calls if callable(c)]
        if pending:
            calls.remove(pending[0])
            pending[0]()
        return plan

    monkeypatch.setattr(push_plan, "decide", plan_then_interleave)
    yield calls


def _push(world: World, device: Device, user: str, *records: dict) -> dict:
    engine = admin.connect(world.db_url)
    changes = [_change(device, r) for r in records]
    return push.push_changes(
        engine, _access(world, user), push.Device(device.device_id, device.user_id), changes
    )


def test_an_edit_committed_between_plan_and_write_is_merged_into_the_head(
    world: World, between_plan_and_write: list[Any]
) -> None:
    ana, ben = world.enrol("ana"), world.enrol("ben")
    net = ana.network(world.teams["a"])
    ana.push_ok(net)
    mine = ben.edit(net, status="closed", closed_reason="Fictional ending.")
    theirs = ana.edit(net, person={"name": "Robin Renamed"})
    answers: list[dict] = []
    between_plan_and_write.clear()  # plans of the set-up pushes above
    between_plan_and_write.append(lambda: answers.append(_push(world, ana, "ana", theirs)))

    answer = _push(world, ben, "ben", mine)

    assert between_plan_and_write.count("plan") == 3  # ben's, ana's, ben's again under the lock
    (theirs_result,) = answers[0]["results"]
    (mine_result,) = answer["results"]
    assert theirs_result["status"] == "applied"
    assert mine_result["status"] == "applied"  # different fields: merged, no conflict
    assert mine_result["server_seq"] == theirs_result["server_seq"] + 1
    stored = stored_record(world.db_url, net["id"])
    assert stored.last_seq == mine_result["server_seq"]
    assert sorted(stored.heads.leaves) == sorted([mine["rev"], theirs["rev"]])
    assert not stored.heads.conflict
    view = stored.heads.record
    assert view is not None
    assert view["status"] == "closed" and view["person"]["name"] == "Robin Renamed"
    pulled = [c["record"]["rev"] for c in ana.pull_all()]
    assert pulled == [net["rev"], theirs["rev"], mine["rev"]]


def test_the_same_change_committed_between_plan_and_write_is_a_duplicate(
    world: World, between_plan_and_write: list[Any]
) -> None:
    ana = world.enrol("ana")
    net = ana.network(world.teams["a"])
    change = _change(ana, net)
    engine = admin.connect(world.db_url)
    access = _access(world, "ana")
    device = push.Device(ana.device_id, ana.user_id)
    first: list[dict] = []
    between_plan_and_write.append(
        lambda: first.append(push.push_changes(engine, access, device, [change]))
    )

    again = push.push_changes(engine, access, device, [change])

    assert first[0]["results"][0]["status"] == "applied"
    assert again["results"][0]["status"] == "duplicate"
    assert again["results"][0]["server_seq"] == first[0]["results"][0]["server_seq"]
    assert again["device_high_water"] == change["device_seq"]
    assert [c["record"]["rev"] for c in ana.pull_all()] == [net["rev"]]


def test_the_same_new_revision_committed_between_plan_and_write_is_a_duplicate(
    world: World, between_plan_and_write: list[Any]
) -> None:
    # Sent twice under two change ids (a retry after a lost answer, say): the second push's
    # plan saw a new record, and the check under the lock finds the revision the first one made.
    ana = world.enrol("ana")
    net = ana.network(world.teams["a"])
    between_plan_and_write.append(lambda: _push(world, ana, "ana", net))

    answer = _push(world, ana, "ana", net)

    assert between_plan_and_write.count("plan") == 3  # this push's, the other's, this one's again
    assert answer["results"][0]["status"] == "duplicate"
    assert answer["device_high_water"] == ana.seq
    assert [c["record"]["rev"] for c in ana.pull_all()] == [net["rev"]]
    assert stored_record(world.db_url, net["id"]).heads.leaves == [net["rev"]]


def test_another_first_revision_committed_between_plan_and_write_makes_a_conflict(
    world: World, between_plan_and_write: list[Any]
) -> None:
    # A device whose answer was lost amends the record it thinks unsent and sends the amended
    # first revision under a new change id, while the first is still being written: planned
    # as a new record, the second would answer "applied" over a record now in conflict.
    ana = world.enrol("ana")
    net = ana.network(world.teams["a"])
    amended = {**net, "rev": new_rev([]), "person": {"name": "Robin Amended"}}
    between_plan_and_write.append(lambda: _push(world, ana, "ana", net))

    answer = _push(world, ana, "ana", amended)

    assert between_plan_and_write.count("plan") == 3  # this push's, the other's, this one's again
    assert answer["results"][0]["status"] == "conflict"
    stored = stored_record(world.db_url, net["id"])
    assert stored.heads.conflict
    assert sorted(stored.heads.leaves) == sorted([net["rev"], amended["rev"]])


def test_a_linked_record_committed_between_plan_and_write_is_seen(
    world: World, between_plan_and_write: list[Any]
) -> None:
    ana, ben = world.enrol("ana"), world.enrol("ben")
    net = ana.network(world.teams["a"])
    member = ben.member(net)
    between_plan_and_write.append(lambda: _push(world, ana, "ana", net))

    answer = _push(world, ben, "ben", member)

    # Planned before the network was known, the member would have been refused; planned again
    # under the lock it is accepted, in the team of the network that is now there.
    assert answer["results"][0]["status"] == "applied"
    assert stored_record(world.db_url, member["id"]).team_id == world.teams["a"]


def test_a_new_epoch_between_plan_and_write_is_answered(
    world: World, between_plan_and_write: list[Any]
) -> None:
    ana = world.enrol("ana")
    ana.push_ok(ana.network(world.teams["a"]))
    new_epoch: list[str] = []
    between_plan_and_write.append(lambda: new_epoch.append(admin.new_epoch(world.db_url)))

    answer = _push(world, ana, "ana", ana.network(world.teams["a"]))

    assert answer["epoch"] == new_epoch[0]
    assert answer["results"][0]["status"] == "applied"
    assert answer["device_high_water"] == ana.seq
