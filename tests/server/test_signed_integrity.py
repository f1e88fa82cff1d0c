"""Signed means signed, on the server (odesk.core.integrity through odesk.server.rules), over
real HTTP from enrolled devices, on SQLite and PostgreSQL:

- a signed note's content never changes: not by an edit, a fork of an older revision signed
  and merged, a draft pushed after the signature, or made-up parents;
- a co-signature comes only from the co-signer's own device, with her time;
- once a note of a meeting is signed, the meeting's facts are frozen; a meeting correction
  (a record of its own, never changed) carries a change of them.

Each refusal answers `rejected` with a reason, stores nothing, and every device still pulls
the record with its signed content."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from odesk.core.ids import utc_now
from odesk.core.revs import new_rev
from tests.server.helpers import Device, World, stored_record


def _signed(world: World) -> tuple[Device, Device, dict, dict, dict, dict]:
    ana, ben = world.enrol("ana"), world.enrol("ben")
    net = ana.network(world.teams["a"])
    meeting = ana.meeting(net) | {
        "attendees": [
            {"user_id": "ana", "role": "practitioner", "facilitator": True},
            {"user_id": "ben", "role": "practitioner"},
        ]
    }
    draft = ana.note(meeting)
    ana.push_ok(net, meeting, draft)
    signed = ana.edit(draft, state="signed", signed_at=utc_now(), cosign_requested=["ben"])
    ana.push_ok(signed)
    return ana, ben, net, meeting, draft, signed


def _pulled(device: Device, record_id: str) -> list[dict]:
    device.cursor = None
    return [c["record"] for c in device.pull_all() if c["record"]["id"] == record_id]


def _refused(device: Device, record: dict, words: str) -> None:
    [result] = device.push(record)
    assert result["status"] == "rejected", result
    assert words in result["reason"], result["reason"]


def test_a_signed_notes_text_never_changes_by_fork_merge_draft_or_made_up_parents(
    world: World,
) -> None:
    ana, ben, _net, _meeting, draft, signed = _signed(world)
    before = stored_record(world.db_url, signed["id"])
    # a fork of the draft from before the signature, signed with other words
    fork = ana.edit(draft, summary="Other words.", state="signed", signed_at=utc_now())
    _refused(ana, fork, "never changes")
    # the same fork left as a draft, then merged with the signed revision
    draft_fork = ana.edit(draft, summary="Other words.")
    _refused(ana, draft_fork, "never changes")
    merge = ana.edit(signed, draft, summary="Other words.")
    _refused(ana, merge, "never changes")
    # a revision whose parents the server never saw, of an absurd generation
    made_up = {
        **ana.edit(signed, summary="Replaced."),
        "parent_revs": ["90-" + "e" * 32],
        "rev": new_rev(["90-" + "e" * 32]),
    }
    [result] = ana.push(made_up)  # refused for its parents or for its text, never stored
    assert result["status"] == "rejected"
    assert "never changes" in result["reason"] or "not a revision" in result["reason"]
    _refused(ana, ana.tombstone(signed), "never deleted")
    after = stored_record(world.db_url, signed["id"])
    assert after.last_seq == before.last_seq  # nothing stored
    for device in (ana, ben):  # every device still has the note, as signed
        revisions = _pulled(device, signed["id"])
        assert {r["rev"] for r in revisions} == {draft["rev"], signed["rev"]}
    assert after.heads.record is not None
    assert after.heads.record["summary"] == signed["summary"]
    # the same content again, as a merge of its own leaves, is still accepted
    ana.push_ok(ana.edit(signed))


def test_a_cosignature_comes_only_from_the_cosigners_own_device(world: World) -> None:
    ana, ben, _net, _meeting, _draft, signed = _signed(world)
    cara = world.enrol("cara")
    now = utc_now()
    _refused(
        ana,
        ana.edit(signed, cosigned_by=[{"user_id": "ben", "at": now}]),
        "only by the co-signer",
    )
    _refused(ana, ana.edit(signed, cosigned_by=[{"user_id": "ana", "at": now}]), "own note")
    future = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
    _refused(ben, ben.edit(signed, cosigned_by=[{"user_id": "ben", "at": future}]), "future")
    _refused(
        ben,
        ben.edit(signed, cosigned_by=[{"user_id": "ben", "at": "2020-01-01T00:00:00+00:00"}]),
        "before the note was signed",
    )
    [outside] = cara.push(cara.edit(signed, cosigned_by=[{"user_id": "cara", "at": now}]))
    assert outside["status"] == "rejected"
    assert _pulled(ben, signed["id"])[-1].get("cosigned_by") == []
    cosigned = ben.edit(signed, cosigned_by=[{"user_id": "ben", "at": now}])
    ben.push_ok(cosigned)
    [latest] = [r for r in _pulled(ana, signed["id"]) if r["rev"] == cosigned["rev"]]
    assert latest["cosigned_by"] == [{"user_id": "ben", "at": now}]
    _refused(ana, ana.edit(cosigned, cosigned_by=[]), "cannot be removed")


def test_a_draft_cannot_carry_cosignatures(world: World) -> None:
    ana, ben = world.enrol("ana"), world.enrol("ben")
    net = ana.network(world.teams["a"])
    meeting = ana.meeting(net)
    note = ana.note(meeting) | {"cosigned_by": [{"user_id": "ben", "at": utc_now()}]}
    results = ana.push(net, meeting, note)
    assert [r["status"] for r in results] == ["applied", "applied", "rejected"]
    assert note["id"] not in ben.visible_ids()


def test_meeting_facts_freeze_when_a_note_is_signed_and_a_correction_carries_changes(
    world: World,
) -> None:
    ana, ben, net, meeting, _draft, signed = _signed(world)
    before = stored_record(world.db_url, meeting["id"])
    # ben changed the start offline, from the version he had, before he knew of the signature
    [moved] = ben.push(ben.edit(meeting, start="2026-11-02T11:00:00+00:00"))
    assert moved["status"] == "rejected"
    assert "start time can no longer be edited" in moved["reason"]
    assert "meeting correction" in moved["reason"]
    dropped = ben.edit(meeting, attendees=[{"user_id": "ana", "role": "practitioner"}])
    _refused(ben, dropped, "attendance")
    _refused(ana, ana.tombstone(meeting), "never deleted")
    assert stored_record(world.db_url, meeting["id"]).last_seq == before.last_seq
    # a field outside the frozen facts still changes
    ana.push_ok(ana.edit(meeting, planned_start="2026-11-02T10:00:00+00:00"))

    correction = {
        **ben._envelope("meeting_correction"),
        "meeting_id": meeting["id"],
        "network_id": net["id"],
        "fields": [{"field": "start", "old": meeting["start"], "new": "2026-11-02T11:00:00+00:00"}],
        "reason": "The visit began an hour later than first written.",
        "author_id": "ben",
    }
    ben.push_ok(correction)
    assert correction["id"] in ana.visible_ids()
    _refused(ben, ben.edit(correction, reason="Changed my mind."), "never changes")
    _refused(ben, ben.tombstone(correction), "never changes")
    other = ana.network(world.teams["a"], name="Kit Fictional")
    ana.push_ok(other)
    misplaced = {**correction, **ben._envelope("meeting_correction"), "network_id": other["id"]}
    _refused(ben, misplaced, "network of the corrected meeting")
    unknown = {**correction, **ben._envelope("meeting_correction"), "meeting_id": other["id"]}
    _refused(ben, unknown, "not known")
    forged = {**correction, **ben._envelope("meeting_correction"), "author_id": "ana"}
    _refused(ben, forged, "author_id")
    no_reason = {**correction, **ben._envelope("meeting_correction"), "reason": " "}
    _refused(ben, no_reason, "reason")
    assert signed["id"] in ben.visible_ids()


def test_a_meeting_edit_pushed_with_the_signature_is_refused_in_the_same_push(
    world: World,
) -> None:
    ana = world.enrol("ana")
    net = ana.network(world.teams["a"])
    meeting = ana.meeting(net)
    draft = ana.note(meeting)
    ana.push_ok(net, meeting, draft)
    signed = ana.edit(draft, state="signed", signed_at=utc_now())
    moved = ana.edit(meeting, end="2026-11-02T12:00:00+00:00")
    results = ana.push(signed, moved)
    assert [r["status"] for r in results] == ["applied", "rejected"]


def test_only_a_practitioner_the_note_asks_co_signs_it(world: World) -> None:
    """A co-signature says "I was there and this is what happened": a colleague of the team
    who was not asked (not present at the meeting) cannot add one from her own device."""
    ana, ben = world.enrol("ana"), world.enrol("ben")
    net = ana.network(world.teams["a"])
    meeting = ana.meeting(net) | {
        "attendees": [{"user_id": "ana", "role": "practitioner", "facilitator": True}]
    }
    draft = ana.note(meeting)
    ana.push_ok(net, meeting, draft)
    signed = ana.edit(draft, state="signed", signed_at=utc_now(), cosign_requested=[])
    ana.push_ok(signed)
    _refused(
        ben,
        ben.edit(signed, cosigned_by=[{"user_id": "ben", "at": utc_now()}]),
        "asks to co-sign",
    )
    assert all(not r.get("cosigned_by") for r in _pulled(ana, signed["id"]))


def test_a_meeting_correction_needs_a_signed_note_of_the_meeting(world: World) -> None:
    """Before a note is signed the meeting itself is edited; a correction of an unsigned
    meeting would silently override every later edit of it wherever the meeting is shown."""
    ana, ben = world.enrol("ana"), world.enrol("ben")
    net = ana.network(world.teams["a"])
    meeting = ana.meeting(net)
    ana.push_ok(net, meeting, ana.note(meeting))
    correction = {
        **ben._envelope("meeting_correction"),
        "meeting_id": meeting["id"],
        "network_id": net["id"],
        "fields": [{"field": "start", "old": meeting["start"], "new": "2026-11-02T11:00:00+00:00"}],
        "reason": "The visit began an hour later than first written.",
        "author_id": "ben",
    }
    _refused(ben, correction, "no signed note")
    assert correction["id"] not in ana.visible_ids()


def test_a_correction_states_the_facts_as_they_stand_and_leaves_a_possible_meeting(
    world: World,
) -> None:
    """A correction's "old" value is what the meeting says now (with earlier corrections), never a
    made-up one that would misstate what was signed; and the corrected meeting must still be a
    meeting that can be: it cannot end before it starts, nor be held in the future."""
    ana, ben, net, meeting, _draft, signed = _signed(world)

    def correction(*fields: dict, reason: str = "Times checked against the diary.") -> dict:
        return {
            **ben._envelope("meeting_correction"),
            "meeting_id": meeting["id"],
            "network_id": net["id"],
            "fields": list(fields),
            "reason": reason,
            "author_id": "ben",
        }

    start, end = meeting["start"], meeting.get("end")  # no end written at the visit
    made_up = correction({"field": "start", "old": "2026-11-02T07:00:00+00:00", "new": start})
    _refused(ben, made_up, "old start time is not what the meeting now says")
    backwards = correction({"field": "end", "old": end, "new": "2000-01-01T00:00:00+00:00"})
    _refused(ben, backwards, "cannot end before it starts")
    future = correction({"field": "start", "old": start, "new": "2099-01-01T10:00:00+00:00"})
    _refused(ben, future, "future")
    assert {made_up["id"], backwards["id"], future["id"]}.isdisjoint(ana.visible_ids())

    later = "2026-11-02T11:00:00+00:00"
    first = correction({"field": "end", "old": end, "new": "2026-11-02T12:30:00+00:00"})
    ben.push_ok(first)
    # The next correction starts from the corrected end, not from what was first written.
    _refused(ben, correction({"field": "end", "old": end, "new": later}), "old end time")
    ben.push_ok(correction({"field": "start", "old": start, "new": later}))
    assert signed["id"] in ana.visible_ids()
