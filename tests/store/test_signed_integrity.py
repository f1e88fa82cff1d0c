"""The store refuses at once, offline, what the server would refuse of signed notes and the
meetings they vouch for (odesk.core.integrity), by every path: an edit, an import, a pull.

- a co-signature is added only in the co-signer's own store, never removed;
- a signed note's text stays as signed, even through a fork of an older revision;
- once a note of a meeting is signed, the meeting's facts are frozen, and a meeting correction
  (never changed once written) carries a change;
- a pulled revision that changes a signed note is kept aside in quarantine with its reason,
  never applied."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from odesk.core.ids import utc_now
from odesk.core.revs import new_rev
from odesk.store import InvalidEdit, Store

from .conftest import meeting, network, note


def _signed(store: Store) -> tuple[dict, dict, dict, dict]:
    net = store.save(network())
    meet = store.save(meeting(net["id"]))
    draft = store.save(note(net["id"], meet["id"], store.user_id))
    store.mark_inflight([c["change_id"] for c in store.outbox_pending(10)])
    signed = store.save(
        {**draft, "state": "signed", "signed_at": utc_now(), "cosign_requested": ["user-bo"]}
    )
    return net, meet, draft, signed


def _colleague(make_store: Callable[..., Store], tmp_path: Path, author: Store) -> Store:
    """A colleague's own store holding the author's records, as after a sync."""
    bo = make_store(tmp_path / "bo")
    bo.set_identity("user-bo", "device-bo")
    revisions = [r for rid in author.record_ids() for r in author.history(rid)]
    pulled = [{"server_seq": i + 1, "record": r} for i, r in enumerate(revisions)]
    bo.apply_remote(pulled, "c1")
    return bo


def test_a_cosignature_is_added_only_in_the_cosigners_own_store(
    store: Store, make_store: Callable[..., Store], tmp_path: Path
) -> None:
    _net, _meet, _draft, signed = _signed(store)
    bo = _colleague(make_store, tmp_path, store)
    mine = {"user_id": "user-bo", "at": utc_now()}
    cosigned = bo.save({**bo.get(signed["id"]), "cosigned_by": [mine]})
    assert cosigned["cosigned_by"] == [mine]
    assert cosigned["parent_revs"] == [signed["rev"]]
    bo.mark_inflight([c["change_id"] for c in bo.outbox_pending(10)])
    with pytest.raises(InvalidEdit, match="cannot be removed"):
        bo.save({**cosigned, "cosigned_by": []})
    with pytest.raises(InvalidEdit, match="never changes"):
        bo.save({**cosigned, "summary": "Bo's words instead."})
    # the author's store learns of it only by a pull of bo's revision
    assert not store.get(signed["id"]).get("cosigned_by")
    store.apply_remote([{"server_seq": 10, "record": cosigned}], "c2")
    assert store.get(signed["id"])["cosigned_by"] == [mine]


def test_a_fork_of_an_older_revision_cannot_change_a_signed_note(store: Store) -> None:
    _net, _meet, draft, signed = _signed(store)
    with pytest.raises(InvalidEdit, match="never changes"):
        store.save({**draft, "rev": draft["rev"], "summary": "A second account."})
    with pytest.raises(InvalidEdit, match="never changes"):
        store.save(
            {**signed, "parent_revs": [draft["rev"], signed["rev"]], "summary": "Merged words."}
        )
    assert [r["rev"] for r in store.history(signed["id"])] == [draft["rev"], signed["rev"]]


def test_an_import_cannot_change_a_signed_note(store: Store) -> None:
    _net, _meet, draft, signed = _signed(store)
    fork_rev = new_rev([draft["rev"]])
    fork = {
        **signed,
        "rev": fork_rev,
        "parent_revs": [draft["rev"]],
        "summary": "Imported other words.",
    }
    with pytest.raises(InvalidEdit, match="never changes"):
        store.import_revisions([fork])
    assert fork_rev not in {r["rev"] for r in store.history(signed["id"])}
    forged = {
        **signed,
        "rev": new_rev([signed["rev"]]),
        "parent_revs": [signed["rev"]],
        "cosigned_by": [{"user_id": "user-bo", "at": utc_now()}],
    }
    with pytest.raises(InvalidEdit, match="only by the co-signer"):
        store.import_revisions([forged])
    # the file claims the colleague wrote it: an import is still this laptop's own change,
    # and a colleague's co-signature reaches it only by sync from her device
    claimed = {**forged, "rev": new_rev([signed["rev"]]), "updated_by": "user-bo"}
    with pytest.raises(InvalidEdit, match="only by the co-signer"):
        store.import_revisions([claimed])
    assert not store.get(signed["id"]).get("cosigned_by")


def test_meeting_facts_freeze_once_a_note_is_signed(store: Store) -> None:
    net, meet, _draft, _signed_note = _signed(store)
    current = store.get(meet["id"])
    with pytest.raises(InvalidEdit, match="start time can no longer be edited"):
        store.save({**current, "start": "2026-11-02T10:30:00+00:00"})
    with pytest.raises(InvalidEdit, match="attendance"):
        store.save({**current, "attendees": [{"name": "Someone", "role": "network"}]})
    with pytest.raises(InvalidEdit, match="never deleted"):
        store.delete(meet["id"])
    assert store.get(meet["id"])["start"] == meet["start"]
    correction = store.save(
        {
            "kind": "meeting_correction",
            "meeting_id": meet["id"],
            "network_id": net["id"],
            "fields": [
                {"field": "start", "old": meet["start"], "new": "2026-11-02T10:30:00+00:00"}
            ],
            "reason": "The visit began half an hour later.",
            "author_id": store.user_id,
        }
    )
    store.mark_inflight([c["change_id"] for c in store.outbox_pending(10)])
    with pytest.raises(InvalidEdit, match="never changes"):
        store.save({**correction, "reason": "Another reason."})


def test_a_meeting_without_a_signed_note_still_changes(store: Store) -> None:
    net = store.save(network())
    meet = store.save(meeting(net["id"]))
    store.save(note(net["id"], meet["id"], store.user_id))
    moved = store.save({**meet, "start": "2026-11-02T10:30:00+00:00"})
    assert moved["start"] == "2026-11-02T10:30:00+00:00"
    # and it is edited itself: a correction would override every later edit of it
    correction = {
        "kind": "meeting_correction",
        "meeting_id": meet["id"],
        "network_id": net["id"],
        "fields": [{"field": "start", "old": moved["start"], "new": "2026-11-02T11:00:00+00:00"}],
        "reason": "The visit began later.",
        "author_id": store.user_id,
    }
    with pytest.raises(InvalidEdit, match="no signed note"):
        store.save(correction)
    assert store.records("meeting_correction") == []


def test_only_a_practitioner_the_note_asks_co_signs_it(
    store: Store, make_store: Callable[..., Store], tmp_path: Path
) -> None:
    _net, _meet, _draft, signed = _signed(store)  # asks user-bo only
    cy = make_store(tmp_path / "cy")
    cy.set_identity("user-cy", "device-cy")
    revisions = [r for rid in store.record_ids() for r in store.history(rid)]
    cy.apply_remote([{"server_seq": i + 1, "record": r} for i, r in enumerate(revisions)], "c1")
    with pytest.raises(InvalidEdit, match="asks to co-sign"):
        cy.save({**cy.get(signed["id"]), "cosigned_by": [{"user_id": "user-cy", "at": utc_now()}]})
    assert not cy.get(signed["id"]).get("cosigned_by")


def test_a_pulled_revision_that_changes_a_signed_note_is_quarantined(
    store: Store, make_store: Callable[..., Store], tmp_path: Path
) -> None:
    _net, _meet, _draft, signed = _signed(store)
    bo = _colleague(make_store, tmp_path, store)
    changed = {
        **signed,
        "rev": new_rev([signed["rev"]]),
        "parent_revs": [signed["rev"]],
        "summary": "Rewritten elsewhere.",
        "updated_by": "user-ana",
    }
    forged = {
        **signed,
        "rev": new_rev([signed["rev"]]),
        "parent_revs": [signed["rev"]],
        "cosigned_by": [{"user_id": "user-cy", "at": utc_now()}],
    }
    changed_ids = bo.apply_remote(
        [{"server_seq": 20, "record": changed}, {"server_seq": 21, "record": forged}], "c2"
    )
    assert signed["id"] not in changed_ids
    assert bo.get(signed["id"])["summary"] == signed["summary"]
    reasons = [q["reason"] for q in bo.quarantined()]
    assert any("never changes" in r for r in reasons)
    assert any("only by the co-signer" in r for r in reasons)
    assert bo.check().quarantined == 2


def test_an_import_cannot_change_a_meeting_correction(store: Store) -> None:
    net, meet, _draft, _signed_note = _signed(store)
    correction = store.save(
        {
            "kind": "meeting_correction",
            "meeting_id": meet["id"],
            "network_id": net["id"],
            "fields": [{"field": "location", "old": "home", "new": "clinic"}],
            "reason": "We met at the clinic.",
            "author_id": store.user_id,
        }
    )
    changed = {
        **correction,
        "rev": new_rev([correction["rev"]]),
        "parent_revs": [correction["rev"]],
        "reason": "Another reason.",
    }
    with pytest.raises(InvalidEdit, match="never changes"):
        store.import_revisions([changed])
    assert store.get(correction["id"])["reason"] == "We met at the clinic."


def test_a_correction_states_the_facts_as_they_stand_and_leaves_a_possible_meeting(
    store: Store,
) -> None:
    net, meet, _draft, _signed_note = _signed(store)

    def correction(*fields: dict) -> dict:
        return {
            "kind": "meeting_correction",
            "meeting_id": meet["id"],
            "network_id": net["id"],
            "fields": list(fields),
            "reason": "Times checked against the diary.",
            "author_id": store.user_id,
        }

    start, end = meet["start"], meet["end"]
    with pytest.raises(InvalidEdit, match="old start time is not what the meeting now says"):
        store.save(correction({"field": "start", "old": "2026-11-02T07:00:00+00:00", "new": start}))
    with pytest.raises(InvalidEdit, match="cannot end before it starts"):
        store.save(correction({"field": "end", "old": end, "new": "2026-11-02T09:00:00+00:00"}))
    with pytest.raises(InvalidEdit, match="future"):
        store.save(
            correction(
                {"field": "start", "old": start, "new": "2099-01-01T10:00:00+00:00"},
                {"field": "end", "old": end, "new": "2099-01-01T11:00:00+00:00"},
            )
        )
    assert store.records("meeting_correction") == []
    later_end = "2026-11-02T12:00:00+00:00"
    store.save(correction({"field": "end", "old": end, "new": later_end}))
    # the next correction starts from the corrected end, not from what was first written
    with pytest.raises(InvalidEdit, match="old end time"):
        store.save(correction({"field": "end", "old": end, "new": "2026-11-02T12:30:00+00:00"}))
    store.save(correction({"field": "end", "old": later_end, "new": "2026-11-02T12:30:00+00:00"}))
    assert len(store.records("meeting_correction")) == 2
