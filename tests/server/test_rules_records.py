"""Reviews must name a note the server holds in their network; self and co-facilitator ratings
come from practitioners of the team (a supervisor outside it rates only as supervisor)."""

from __future__ import annotations

from tests.server.helpers import World


def _signed_note(world: World) -> tuple:
    ana = world.enrol("ana")
    net = ana.network(world.teams["a"])
    meeting = ana.meeting(net)
    note = ana.note(meeting, state="signed")
    ana.push_ok(net, meeting, note)
    return ana, net, meeting, note


def test_review_of_an_unknown_note_or_another_network_is_rejected(world: World) -> None:
    ana, net, _meeting, note = _signed_note(world)
    other = ana.network(world.teams["a"], name="Kit Fictional")
    ana.push_ok(other)
    sam = world.enrol("sam")
    ghost = {**sam.review(note), "note_id": ana.network(world.teams["a"])["id"]}
    misplaced = {**sam.review(note), "network_id": other["id"]}
    good = sam.review(note)
    results = sam.push(ghost, misplaced, good)
    assert [r["status"] for r in results] == ["rejected", "rejected", "applied"]
    assert "not known" in results[0]["reason"]
    assert "network of the reviewed note" in results[1]["reason"]
    assert ana.visible_ids() >= {good["id"]}
    assert not ana.visible_ids() & {ghost["id"], misplaced["id"]}


def test_self_rating_needs_membership_supervisor_rating_needs_supervision(world: World) -> None:
    ana, _net, meeting, _note = _signed_note(world)
    sam = world.enrol("sam")  # supervises team a, is not a member of it
    as_self = sam.rating(meeting, role="self")
    as_cofacilitator = sam.rating(meeting, role="co_facilitator")
    as_supervisor = sam.rating(meeting, role="supervisor")
    results = sam.push(as_self, as_cofacilitator, as_supervisor)
    assert [r["status"] for r in results] == ["rejected", "rejected", "applied"]
    ana_self = ana.rating(meeting, role="self")
    ana_sup = ana.rating(meeting, role="supervisor")
    assert [r["status"] for r in ana.push(ana_self, ana_sup)] == ["applied", "rejected"]
