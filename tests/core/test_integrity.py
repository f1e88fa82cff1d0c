"""The shared rules of signed notes, co-signatures and meeting corrections
(odesk.core.integrity, odesk.core.records), as store, server and import all apply them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from odesk.core.integrity import (
    awaiting_cosigners,
    effective_meeting,
    frozen_meeting_fault,
    note_fault,
)
from odesk.core.records import ValidationError, validate
from odesk.core.revs import new_rev

from .factories import envelope

NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)


def _note(**fields: object) -> dict:
    return {
        **envelope("note"),
        "meeting_id": "0190a000-0000-7000-8000-000000000301",
        "network_id": "0190a000-0000-7000-8000-000000000302",
        "author_id": "user-ana",
        "state": "signed",
        "signed_at": "2026-11-02T11:00:00+00:00",
        "summary": "Signed words.",
        **fields,
    }


def _child(parent: dict, **changes: object) -> dict:
    return {**parent, **changes, "rev": new_rev([parent["rev"]]), "parent_revs": [parent["rev"]]}


def test_every_signed_revision_binds_not_only_the_parent() -> None:
    draft = _note(state="draft", signed_at=None)
    signed = _child(draft, state="signed", signed_at="2026-11-02T11:00:00+00:00")
    fork = _child(draft, summary="Other words.", signed_at="2026-11-02T11:30:00+00:00")
    assert note_fault(fork, [draft, signed], "user-ana", NOW) is not None
    assert note_fault(_child(signed), [draft, signed], "user-ana", NOW) is None
    assert "deleted" in str(note_fault(_child(signed, deleted=True), [signed], "user-ana", NOW))


def test_a_cosignature_is_its_owners_with_a_plausible_time() -> None:
    signed = _note(cosign_requested=["user-bo"])
    mine = {"user_id": "user-bo", "at": "2026-11-02T11:30:00+00:00"}
    assert note_fault(_child(signed, cosigned_by=[mine]), [signed], "user-bo", NOW) is None
    assert "co-signer" in str(
        note_fault(_child(signed, cosigned_by=[mine]), [signed], "user-ana", NOW)
    )
    own = {"user_id": "user-ana", "at": "2026-11-02T11:30:00+00:00"}
    assert "own note" in str(
        note_fault(_child(signed, cosigned_by=[own]), [signed], "user-ana", NOW)
    )
    late = {"user_id": "user-bo", "at": "2026-11-02T13:00:00+00:00"}
    assert "future" in str(note_fault(_child(signed, cosigned_by=[late]), [signed], "user-bo", NOW))
    early = {"user_id": "user-bo", "at": "2026-11-01T11:00:00+00:00"}
    assert "before" in str(
        note_fault(_child(signed, cosigned_by=[early]), [signed], "user-bo", NOW)
    )
    cosigned = _child(signed, cosigned_by=[mine])
    assert awaiting_cosigners(signed) == ["user-bo"] and awaiting_cosigners(cosigned) == []
    removed = _child(cosigned, cosigned_by=[])
    assert "removed" in str(note_fault(removed, [signed, cosigned], "user-ana", NOW))


@pytest.mark.parametrize("pusher", ["user-ana", "user-bo"])
@pytest.mark.parametrize(
    "cosigned_by",
    [
        None,
        [],
        "",
        [{"user_id": "user-bo", "at": "2026-11-02T11:30:00+00:00"}],
        [{"user_id": "user-ana", "at": "2026-11-02T11:30:00+00:00"}],
        [{"user_id": "user-bo", "at": "2026-11-02T13:00:00+00:00"}],
        [{"user_id": "user-bo", "at": "not a time"}],
        ["not an entry", {}],
    ],
)
@pytest.mark.parametrize("state", ["signed", "draft"])
def test_a_first_revision_is_judged_as_any_revision_with_nothing_relevant_before_it(
    pusher: str, cosigned_by: object, state: str
) -> None:
    """note_fault answers a note's first revision without the lists it builds for a history;
    its answer is the general one's for a history holding nothing that bears on it (a draft
    with no author and no co-signature)."""
    revision = _note(state=state, cosign_requested=["user-bo"])
    if cosigned_by is not None:
        revision["cosigned_by"] = cosigned_by
    bare = {**_note(state="draft", signed_at=None), "author_id": None}
    expected = note_fault(revision, [bare], pusher, NOW)
    assert note_fault(revision, [], pusher, NOW) == expected
    assert note_fault(revision, iter([]), pusher, NOW) == expected


def test_frozen_facts_and_corrections() -> None:
    meeting = {
        **envelope("meeting"),
        "network_id": "0190a000-0000-7000-8000-000000000302",
        "status": "held",
        "start": "2026-11-02T10:00:00+00:00",
        "location": "home",
    }
    assert frozen_meeting_fault(_child(meeting, planned_start=meeting["start"]), [meeting]) is None
    fault = frozen_meeting_fault(_child(meeting, location="clinic"), [meeting])
    assert fault is not None and "place" in fault and "correction" in fault
    correction = {
        **envelope("meeting_correction"),
        "meeting_id": meeting["id"],
        "network_id": meeting["network_id"],
        "fields": [{"field": "location", "old": "home", "new": "clinic"}],
        "reason": "We met at the clinic.",
        "author_id": "user-ana",
    }
    validate(correction)
    assert effective_meeting(meeting, [correction])["location"] == "clinic"
    for bad in (
        {"fields": []},
        {"reason": "  "},
        {"fields": [{"field": "location", "old": "home", "new": "home"}]},
        {"fields": [{"field": "location", "old": "home", "new": "castle"}]},
        {"fields": [{"field": "summary", "old": "a", "new": "b"}]},
    ):
        with pytest.raises(ValidationError):
            validate({**correction, **bad})
