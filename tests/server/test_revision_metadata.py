"""Revision metadata is checked, not trusted (issue 15 item 4), on SQLite and PostgreSQL, through
a real enrolled device pushing over HTTP: each crafted revision is answered `rejected` with its
reason, nothing of it is stored, and another device still pulls every record whole."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from odesk.core.ids import new_id
from odesk.core.revs import new_rev
from tests.server.helpers import Device, World, stored_record


def _far_ahead() -> str:
    return f"{int(time.time() * 1000) + 3_600_000:013d}-00000-x"


def _fabricated_parent(ana: Device, net: dict) -> dict:
    made_up = "999999998-" + "ab" * 16
    return {**ana.edit(net, status="open"), "parent_revs": [made_up], "rev": new_rev([made_up])}


def _generation_jump(ana: Device, net: dict) -> dict:
    edited = ana.edit(net, sharing_note="jump")
    return {**edited, "parent_revs": [net["rev"]], "rev": "7-" + "cd" * 16}


def _forged_creator(ana: Device, net: dict) -> dict:
    return ana.edit(net, created_by="ben")


def _moved_creation_time(ana: Device, net: dict) -> dict:
    return ana.edit(net, created_at="2020-01-01T00:00:00+00:00")


def _another_device(ana: Device, net: dict) -> dict:
    return {**ana.edit(net), "device_id": "some-other-laptop"}


def _future_clock(ana: Device, net: dict) -> dict:
    return ana.edit(net, hlc=_far_ahead())


def _future_time(ana: Device, net: dict) -> dict:
    return {**ana.edit(net), "updated_at": "2099-01-01T00:00:00+00:00"}


CASES: dict[str, tuple[Callable[[Device, dict], dict], str]] = {
    "fabricated parent": (_fabricated_parent, "is not a revision of this record"),
    "generation jump": (_generation_jump, "generation must be 2"),
    "forged created_by": (_forged_creator, "created_by must stay"),
    "moved created_at": (_moved_creation_time, "created_at must stay"),
    "another device's id": (_another_device, "device_id must be the device"),
    "hlc in the future": (_future_clock, "hlc is in the future"),
    "updated_at in the future": (_future_time, "updated_at is in the future"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_crafted_metadata_is_rejected_and_nothing_is_stored(world: World, case: str) -> None:
    ana, ben = world.enrol("ana"), world.enrol("ben")
    net = ana.network(world.teams["a"])
    ana.push_ok(net)
    make, reason = CASES[case]
    bad = make(ana, net)
    [result] = ana.push(bad)
    assert result["status"] == "rejected", result
    assert reason in result["reason"]
    held = stored_record(world.db_url, net["id"])
    assert held.heads.leaves == [net["rev"]]
    # Another device sees the record as it was, and may still edit it.
    assert [c["record"] for c in ben.pull_all()] == [net]
    ben.push_ok(ben.edit(net, sharing_note="still editable"))


def test_a_first_revision_in_the_future_or_by_someone_else_is_rejected(world: World) -> None:
    ana = world.enrol("ana")
    early = ana.network(world.teams["a"])
    early["hlc"] = _far_ahead()
    forged = {**ana.network(world.teams["a"]), "created_by": "ben"}
    [a, b] = ana.push(early, forged)
    assert a["status"] == b["status"] == "rejected"
    assert "hlc is in the future" in a["reason"]
    assert "created_by must be the user" in b["reason"]
    assert ana.visible_ids() == set()


def test_a_note_signed_in_the_future_is_rejected(world: World) -> None:
    ana = world.enrol("ana")
    net = ana.network(world.teams["a"])
    meeting = ana.meeting(net)
    ana.push_ok(net, meeting)
    signed = {**ana.note(meeting, state="signed"), "signed_at": "2099-01-01T00:00:00+00:00"}
    [result] = ana.push(signed)
    assert result["status"] == "rejected"
    assert "signed_at is in the future" in result["reason"]


def test_another_records_rev_is_rejected_and_no_record_disappears(world: World) -> None:
    ana, ben, cara = world.enrol("ana"), world.enrol("ben"), world.enrol("cara")
    net = ana.network(world.teams["a"])
    ana.push_ok(net)
    theirs = cara.network(world.teams["b"])
    theirs["rev"] = net["rev"]
    mine = ana.member(net)
    mine["rev"] = net["rev"]
    [result] = cara.push(theirs)
    assert result["status"] == "rejected"
    assert "already a revision of another record" in result["reason"]
    [result] = ana.push(mine)
    assert result["status"] == "rejected"
    # Within one push too: the second record under one rev is refused.
    one, two = ana.network(world.teams["a"]), ana.network(world.teams["a"])
    two["rev"] = one["rev"]
    assert [r["status"] for r in ana.push(one, two)] == ["applied", "rejected"]
    assert ben.visible_ids() == {net["id"], one["id"]}
    assert cara.visible_ids() == set()


def test_only_the_creator_sends_another_first_revision(world: World) -> None:
    ana, ben = world.enrol("ana"), world.enrol("ben")
    net = ana.network(world.teams["a"])
    ana.push_ok(net)
    root = {**ben.edit(net, sharing_note="root"), "parent_revs": [], "rev": new_rev([])}
    [result] = ben.push(root)
    assert result["status"] == "rejected"
    assert "already has a first revision" in result["reason"]
    assert stored_record(world.db_url, net["id"]).heads.leaves == [net["rev"]]


def test_a_parent_pushed_earlier_in_the_same_push_counts(world: World) -> None:
    ana = world.enrol("ana")
    net = ana.network(world.teams["a"])
    child = ana.edit(net, sharing_note="next")
    ana.push_ok(net, child)
    assert stored_record(world.db_url, net["id"]).heads.leaves == [child["rev"]]
    assert new_id()  # ids stay UUIDs
