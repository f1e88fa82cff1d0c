"""Who may push and pull what: roles x own / other / supervised team x kinds, and the kind rules
(single author, signed notes only co-signed, addenda immutable, reviews from supervisors)."""

from __future__ import annotations

import pytest

from odesk.core.ids import utc_now
from tests.server.helpers import World


def _statuses(results: list[dict]) -> list[str]:
    return [r["status"] for r in results]


def test_access_matrix_push_and_pull(world: World) -> None:
    ana, cara, sam, ida = (world.enrol(u) for u in ("ana", "cara", "sam", "ida"))
    # ana writes the clinical chain in her own team and its podlet.
    net = ana.network(world.teams["a"])
    pod_net = ana.network(world.teams["c"])
    member, meeting = ana.member(net), ana.meeting(net)
    note = ana.note(meeting, state="signed")
    addendum, rating = ana.addendum(note), ana.rating(meeting)
    ana.push_ok(net, pod_net, member, meeting, note, addendum, rating)
    a_ids = {r["id"] for r in (net, pod_net, member, meeting, note, addendum, rating)}

    # A practitioner of another team can neither write into team A nor create there.
    for record in (
        cara.network(world.teams["a"]),
        cara.member(net),
        cara.meeting(net),
        cara.rating(meeting),
        cara.addendum(note),
        cara.review(note),
        cara.supervision(world.teams["a"]),
    ):
        assert _statuses(cara.push(record)) == ["rejected"], record["kind"]
    # Practitioners write no reviews or supervision records, even in their own team.
    assert _statuses(ana.push(ana.review(note), ana.supervision(world.teams["a"]))) == [
        "rejected",
        "rejected",
    ]
    # The supervisor of team A reviews, rates and records supervision, but writes no clinical records.
    review, sup_rating = sam.review(note), sam.rating(meeting, role="supervisor")
    session = sam.supervision(world.teams["a"])
    sam.push_ok(review, sup_rating, session)
    for record in (sam.network(world.teams["a"]), sam.meeting(net), sam.addendum(note)):
        assert _statuses(sam.push(record)) == ["rejected"], record["kind"]
    assert _statuses(sam.push(sam.supervision(world.teams["b"]))) == ["rejected"]
    # A practitioner rates, but not as supervisor.
    assert _statuses(ana.push(ana.rating(meeting, role="supervisor"))) == ["rejected"]
    # An admin-only user writes nothing clinical.
    assert _statuses(ida.push(ida.network(world.teams["a"]))) == ["rejected"]

    # Pull: team A's members and supervisors see team A (and its podlet); others see nothing.
    all_a = a_ids | {review["id"], sup_rating["id"], session["id"]}
    assert world.enrol("ben").visible_ids() == all_a
    assert sam.visible_ids() == all_a
    assert cara.visible_ids() == set()
    assert ida.visible_ids() == set()
    cara_net = cara.network(world.teams["b"])
    cara.push_ok(cara_net)
    assert cara.visible_ids() == {cara_net["id"]}
    assert cara_net["id"] not in ana.visible_ids()


def test_only_the_author_edits_a_draft_note(world: World) -> None:
    ana, ben = world.enrol("ana"), world.enrol("ben")
    net = ana.network(world.teams["a"])
    meeting = ana.meeting(net)
    note = ana.note(meeting)
    ana.push_ok(net, meeting, note)
    assert _statuses(ben.push(ben.edit(note, summary="Not mine."))) == ["rejected"]
    assert _statuses(ben.push(ben.note(meeting) | {"author_id": "ana"})) == ["rejected"]
    ana.push_ok(ana.edit(note, summary="Mine."))


def test_signed_note_changes_only_by_another_practitioners_cosignature(world: World) -> None:
    ana, ben = world.enrol("ana"), world.enrol("ben")
    net = ana.network(world.teams["a"])
    meeting = ana.meeting(net)
    note = ana.note(meeting, state="signed") | {"cosign_requested": ["ben"]}
    ana.push_ok(net, meeting, note)
    now = utc_now()
    edited = ana.push(ana.edit(note, summary="Changed after signing."))
    assert edited[0]["status"] == "rejected" and "addendum" in edited[0]["reason"]
    assert _statuses(ana.push(ana.tombstone(note))) == ["rejected"]
    self_cosign = ana.edit(note, cosigned_by=[{"user_id": "ana", "at": now}])
    assert _statuses(ana.push(self_cosign)) == ["rejected"]
    for_other = ben.edit(note, cosigned_by=[{"user_id": "cara", "at": now}])
    assert _statuses(ben.push(for_other)) == ["rejected"]
    sneaky = ben.edit(
        note,
        summary="Changed while co-signing.",
        cosigned_by=[{"user_id": "ben", "at": now}],
    )
    assert _statuses(ben.push(sneaky)) == ["rejected"]
    cosigned = ben.edit(note, cosigned_by=[{"user_id": "ben", "at": now}])
    ben.push_ok(cosigned)
    removed = ana.edit(cosigned, cosigned_by=[])
    assert _statuses(ana.push(removed)) == ["rejected"]


def test_addendum_never_changes_and_review_belongs_to_its_reviewer(world: World) -> None:
    ana, sam = world.enrol("ana"), world.enrol("sam")
    net = ana.network(world.teams["a"])
    meeting = ana.meeting(net)
    note = ana.note(meeting, state="signed")
    addendum = ana.addendum(note)
    ana.push_ok(net, meeting, note, addendum)
    assert _statuses(ana.push(ana.edit(addendum, text="Changed."))) == ["rejected"]
    assert _statuses(ana.push(ana.tombstone(addendum))) == ["rejected"]
    review = sam.review(note)
    sam.push_ok(review)
    sam.push_ok(sam.edit(review, status="discussed"))


@pytest.mark.parametrize("field", ["updated_by", "created_by"])
def test_authorship_must_be_the_devices_user(world: World, field: str) -> None:
    ana = world.enrol("ana")
    forged = ana.network(world.teams["a"]) | {field: "ben"}
    assert _statuses(ana.push(forged)) == ["rejected"]


def test_records_in_unknown_networks_are_rejected_not_dropped(world: World) -> None:
    ana = world.enrol("ana")
    ghost = ana.network(world.teams["a"])
    result = ana.push(ana.meeting(ghost))[0]
    assert result["status"] == "rejected" and "not known" in result["reason"]
