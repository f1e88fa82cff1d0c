"""Rules that follow a record's links: a review names a signed note the server holds in its
network; a supervision session names networks of its own team or podlets; self and
co-facilitator ratings come from the team's practitioners, researcher ratings from outside it."""

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


def test_review_needs_a_signed_note(world: World) -> None:
    ana = world.enrol("ana")
    net = ana.network(world.teams["a"])
    meeting = ana.meeting(net)
    draft = ana.note(meeting)
    ana.push_ok(net, meeting, draft)
    sam = world.enrol("sam")
    early = sam.review(draft)
    [result] = sam.push(early)
    assert result["status"] == "rejected"
    assert "signed note" in result["reason"]
    signed = ana.edit(draft, state="signed", signed_at=draft["updated_at"])
    ana.push_ok(signed)
    later = sam.review(draft)
    assert [r["status"] for r in sam.push(later)] == ["applied"]
    assert later["id"] in ana.visible_ids() and early["id"] not in ana.visible_ids()


def test_supervision_names_only_networks_of_its_team_or_podlets(world: World) -> None:
    ana = world.enrol("ana")
    cara = world.enrol("cara")
    in_team = ana.network(world.teams["a"])
    in_podlet = ana.network(world.teams["c"], name="Kit Fictional")
    ana.push_ok(in_team, in_podlet)
    elsewhere = cara.network(world.teams["b"], name="Lee Fictional")
    cara.push_ok(elsewhere)
    sam = world.enrol("sam")
    good = {**sam.supervision(world.teams["a"]), "network_ids": [in_team["id"], in_podlet["id"]]}
    foreign = {**sam.supervision(world.teams["a"]), "network_ids": [elsewhere["id"]]}
    unknown = {**sam.supervision(world.teams["a"]), "network_ids": [sam.network("team-a")["id"]]}
    results = sam.push(good, foreign, unknown)
    assert [r["status"] for r in results] == ["applied", "rejected", "rejected"]
    assert "not a network of team" in results[1]["reason"]
    assert "not known" in results[2]["reason"]
    assert good["id"] in ana.visible_ids()
    assert not cara.visible_ids() & {good["id"], foreign["id"]}


def test_researcher_rating_comes_from_outside_the_team(world: World) -> None:
    ana, _net, meeting, _note = _signed_note(world)
    sam = world.enrol("sam")  # supervises team a without working in it
    assert [r["status"] for r in sam.push(sam.rating(meeting, role="researcher"))] == ["applied"]
    [result] = ana.push(ana.rating(meeting, role="researcher"))
    assert result["status"] == "rejected"
    assert "researcher" in result["reason"]


def test_a_review_marks_a_safeguarding_concern_addressed_and_the_author_receives_it(
    world: World,
) -> None:
    ana = world.enrol("ana")
    net = ana.network(world.teams["a"])
    meeting = ana.meeting(net)
    note = {
        **ana.note(meeting, state="signed"),
        "safety": {"discussed": True, "text": "Worry at home", "safeguarding_concern": True},
    }
    ana.push_ok(net, meeting, note)
    sam = world.enrol("sam")
    addressed = {**sam.review(note), "safeguarding_addressed": True}
    not_a_flag = {**sam.review(note), "safeguarding_addressed": "yes"}
    results = sam.push(addressed, not_a_flag)
    assert [r["status"] for r in results] == ["applied", "rejected"]
    assert "safeguarding_addressed" in results[1]["reason"]
    ana.cursor = None
    [received] = [c["record"] for c in ana.pull_all() if c["record"]["id"] == addressed["id"]]
    assert received["safeguarding_addressed"] is True
