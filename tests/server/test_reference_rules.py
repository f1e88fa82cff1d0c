"""References stay in scope on SQLite and PostgreSQL (issue 15 item 5), pushed over HTTP: a note's
or rating's meeting is a meeting of its own network; a rating's instrument and items are those of
a scale the server serves, with scores in its range. Refused with a reason; nothing stored."""

from __future__ import annotations

from tests.server.helpers import World


def test_a_note_or_rating_of_another_networks_meeting_is_rejected(world: World) -> None:
    ana, ben, cara = world.enrol("ana"), world.enrol("ben"), world.enrol("cara")
    mine, other = ana.network(world.teams["a"]), ana.network(world.teams["a"])
    theirs = cara.network(world.teams["b"])
    cara.push_ok(theirs)
    their_meeting = cara.meeting(theirs)
    cara.push_ok(their_meeting)
    other_meeting = ana.meeting(other)
    ana.push_ok(mine, other, other_meeting)
    same_team = {**ana.note(other_meeting), "network_id": mine["id"]}
    other_team = {**ana.note(their_meeting), "network_id": mine["id"]}
    unknown = {**ana.note(ana.meeting(mine))}
    not_a_meeting = {**ana.note(other_meeting), "meeting_id": mine["id"], "network_id": mine["id"]}
    rating = {**ana.rating(other_meeting), "network_id": mine["id"]}
    results = ana.push(same_team, other_team, unknown, not_a_meeting, rating)
    assert [r["status"] for r in results] == ["rejected"] * 5, results
    assert "the meeting belongs to another network" in results[0]["reason"]
    assert "the meeting belongs to another network" in results[1]["reason"]
    assert "is not known (push the meeting first)" in results[2]["reason"]
    assert "is a network, not a meeting" in results[3]["reason"]
    assert "the meeting belongs to another network" in results[4]["reason"]
    assert {c["record"]["id"] for c in ben.pull_all()} == {
        mine["id"],
        other["id"],
        other_meeting["id"],
    }
    # The right network's meeting, pushed in the same push as the note, is fine.
    meeting = ana.meeting(mine)
    ana.push_ok(meeting, ana.note(meeting), ana.rating(meeting))


def test_a_rating_names_a_served_scale_its_items_and_its_range(world: World) -> None:
    ana = world.enrol("ana")
    net = ana.network(world.teams["a"])
    meeting = ana.meeting(net)
    ana.push_ok(net, meeting)
    unknown_scale = {**ana.rating(meeting), "instrument": "made-up-scale"}
    unknown_item = {**ana.rating(meeting), "scores": {"1": 2, "99": 1}}
    too_high = {**ana.rating(meeting), "scores": {"1": 7}}
    results = ana.push(unknown_scale, unknown_item, too_high)
    assert [r["status"] for r in results] == ["rejected"] * 3, results
    assert (
        "instrument: made-up-scale is not a rating scale this server serves" in results[0]["reason"]
    )
    assert "scores.99: is not an item of scale dialogic-practice-12" in results[1]["reason"]
    assert "scores.1: is above the scale's maximum 3" in results[2]["reason"]
    ana.push_ok(ana.rating(meeting))
    assert len(ana.pull_all()) == 3
