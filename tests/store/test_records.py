"""Saving, amending, deleting, listing and the record model's rules, on a real SQLCipher store."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from odesk.core.ids import utc_now
from odesk.core.records import ValidationError
from odesk.core.revs import generation
from odesk.store import InvalidEdit, Store, StoreError, records
from odesk.vault import TEST_PARAMS

from .conftest import TEAM, meeting, member, network, note, open_store


def test_save_new_record_fills_the_envelope(store: Store) -> None:
    saved = store.save(network())
    assert saved["kind"] == "network" and generation(saved["rev"]) == 1
    assert saved["parent_revs"] == [] and saved["deleted"] is False
    assert saved["created_by"] == saved["updated_by"] == store.user_id
    assert saved["device_id"] == store.device_id
    assert saved["created_at"] == saved["updated_at"]
    assert saved["person"]["name"] == "Robin Fictional"
    assert store.get(saved["id"]) == saved
    assert store.history(saved["id"]) == [saved]
    [pending] = store.outbox_pending(10)
    assert pending["record"] == saved and pending["device_seq"] == 1


def test_invalid_record_is_refused_and_nothing_is_written(store: Store) -> None:
    bad = network()
    bad["person"] = {"name": "X", "nhs_number": "1234567890"}
    with pytest.raises(ValidationError, match="person.nhs_number"):
        store.save(bad)
    with pytest.raises(ValidationError, match="kind"):
        store.save({"kind": "diary"})
    with pytest.raises(InvalidEdit):
        store.save("not a record")  # type: ignore[arg-type]
    assert store.records("network") == [] and store.outbox_pending(10) == []


def test_unsent_revision_is_amended_in_place(store: Store) -> None:
    first = store.save(network())
    second = store.save({**first, "status": "closed", "closed_reason": "Moved away."})
    assert second["rev"] == first["rev"] and second["parent_revs"] == []
    assert second["created_at"] == first["created_at"]
    assert second["hlc"] > first["hlc"]
    assert len(store.history(first["id"])) == 1
    assert [c["record"]["status"] for c in store.outbox_pending(10)] == ["closed"]


@pytest.mark.parametrize("answer", ["inflight", "applied", "duplicate", "conflict", "rejected"])
def test_after_push_the_next_edit_is_a_new_revision(store: Store, answer: str) -> None:
    first = store.save(network())
    [change] = store.outbox_pending(10)
    store.mark_inflight([change["change_id"]])
    if answer != "inflight":
        store.mark_acknowledged(
            [{"change_id": change["change_id"], "status": answer, "server_seq": 7, "reason": "no"}]
        )
    second = store.save({**first, "status": "closed", "closed_reason": "Moved away."})
    assert second["rev"] != first["rev"] and second["parent_revs"] == [first["rev"]]
    assert generation(second["rev"]) == 2
    assert [r["rev"] for r in store.history(first["id"])] == [first["rev"], second["rev"]]
    assert store.get(first["id"])["status"] == "closed"
    # The new revision is amended in place again until it too is pushed.
    third = store.save({**second, "status": "open"})
    assert third["rev"] == second["rev"]


def test_acknowledgements_and_rejections(store: Store) -> None:
    a = store.save(network("A Fictional"))
    b = store.save(network("B Fictional"))
    changes = store.outbox_pending(10)
    assert [c["record"]["id"] for c in changes] == [a["id"], b["id"]]
    store.mark_inflight([c["change_id"] for c in changes])
    assert len(store.outbox_pending(10)) == 2  # in flight is not yet acknowledged
    store.mark_acknowledged(
        [
            {"change_id": changes[0]["change_id"], "status": "applied", "server_seq": 1},
            {"change_id": changes[1]["change_id"], "status": "rejected", "reason": "out of scope"},
            {"change_id": "unknown", "status": "applied"},
            "garbage",  # type: ignore[list-item]
        ]
    )
    assert store.outbox_pending(10) == []
    assert store.rejected() == [
        {
            "change_id": changes[1]["change_id"],
            "record_id": b["id"],
            "rev": b["rev"],
            "reason": "out of scope",
            "kind": "network",
        }
    ]
    assert store.get(b["id"]) is not None  # a rejected change is kept, never dropped
    assert store.outbox_counts() == {"pending": 0, "inflight": 0, "sent": 1, "rejected": 1}
    report = store.check()
    assert report.rejected == 1 and report.pending == 0


def test_requeue_above_pushes_own_revisions_again(store: Store) -> None:
    saved = [store.save(network(f"P{i} Fictional")) for i in range(4)]
    changes = store.outbox_pending(10)
    store.mark_inflight([c["change_id"] for c in changes])
    store.mark_acknowledged([{"change_id": c["change_id"], "status": "applied"} for c in changes])
    assert store.pending_count() == 0
    assert store.requeue_above(2) == 2
    assert [c["record"]["id"] for c in store.outbox_pending(10)] == [s["id"] for s in saved[2:]]
    # Requeued revisions were pushed once: an edit still makes a new revision.
    edited = store.save({**saved[3], "status": "closed", "closed_reason": "Moved away."})
    assert edited["parent_revs"] == [saved[3]["rev"]]


def test_edit_needs_a_known_base_revision(store: Store) -> None:
    saved = store.save(network())
    with pytest.raises(InvalidEdit, match="rev .* is required"):
        store.save({**network(), "id": saved["id"]})
    with pytest.raises(InvalidEdit, match="not a revision of this record"):
        store.save({**saved, "rev": "1-" + "0" * 32})
    with pytest.raises(InvalidEdit, match="kind cannot change"):
        store.save({**member(saved["id"]), "id": saved["id"], "rev": saved["rev"]})
    assert store.history(saved["id"]) == [saved]


def test_new_record_with_a_chosen_id(store: Store) -> None:
    rid = "01a2b3c4-0000-7000-8000-000000000001"
    saved = store.save({**network(), "id": rid})
    assert saved["id"] == rid and store.get(rid) == saved


def test_delete_writes_a_tombstone(store: Store) -> None:
    net = store.save(network())
    mem = store.save(member(net["id"]))
    tomb = store.delete(mem["id"])
    assert tomb["deleted"] is True and tomb["parent_revs"] == [mem["rev"]]
    assert store.get(mem["id"]) is None
    assert store.records("member", network_id=net["id"]) == []
    assert [r["deleted"] for r in store.history(mem["id"])] == [False, True]
    assert store.search("Sam") == []
    with pytest.raises(InvalidEdit, match="unknown record"):
        store.delete("01a2b3c4-0000-7000-8000-00000000dead")


def test_list_filters(store: Store) -> None:
    a = store.save(network("A Fictional"))
    b = store.save(network("B Fictional", status="closed", closed_reason="Moved away."))
    m1 = store.save(member(a["id"], "M1"))
    store.save(member(b["id"], "M2"))
    assert [n["id"] for n in store.records("network")] == [a["id"], b["id"]]
    assert [n["id"] for n in store.records("network", status="closed")] == [b["id"]]
    assert store.records("member", network_id=a["id"]) == [m1]
    assert store.records("member", network_id=a["id"], name="nobody") == []
    assert store.records("note") == []
    with pytest.raises(StoreError, match="not a record kind"):
        store.records("diary")
    with pytest.raises(StoreError, match="not a field name"):
        store.records("network", **{"x') OR 1=1 --": "y"})
    assert store.records("member", category="family", active=None) == store.records("member")
    assert store.records("member", name="M1", network_id=a["id"]) == [m1]
    assert store.record_ids("member") == [m1["id"], store.records("member")[1]["id"]]


def test_fields_are_those_of_the_whole_records(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Store.fields (the review queue's and dashboard's read) gives, field for field, what the
    whole records hold: nested paths, absent fields as None, text equality, live records only,
    in the order they arrived."""
    a = store.save(network("A Fictional"))
    b = store.save(network("B Fictional", status="closed", closed_reason="Moved away."))
    gone = store.save(network("C Fictional"))
    store.delete(gone["id"])
    paths = ("id", "status", "person.preferred_name", "person.name", "closed_reason", "referral")
    got = store.fields("network", paths)
    assert [row[:5] for row in got] == [
        (n["id"], n["status"], "Rob", n["person"]["name"], n.get("closed_reason"))
        for n in store.records("network")
    ]
    assert got[0][4] is None and json.loads(got[0][5]) == a["referral"]  # an object: its JSON
    assert store.fields("network", ("id",), status="closed") == [(b["id"],)]
    monkeypatch.setattr(records, "FIELDS_SLICE", 1)  # read a record a slice: the same answer
    assert store.fields("network", paths) == got
    assert store.fields("network", ("id",), status="closed") == [(b["id"],)]
    assert store.fields("note", ("id",)) == []
    with pytest.raises(StoreError, match="not a record kind"):
        store.fields("diary", ("id",))
    with pytest.raises(StoreError, match="not a field path"):
        store.fields("network", ("id') FROM records --",))
    with pytest.raises(StoreError, match="not a field path"):
        store.fields("network", ("id",), **{"x') OR 1=1 --": "y"})
    with pytest.raises(StoreError, match="only text"):
        store.fields("network", ("id",), status=None)  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="no field"):
        store.fields("network", ())


def test_the_changes_mark_moves_with_every_write_and_only_then(store: Store) -> None:
    """Store.changes: what a screen compares to know whether it must read again."""
    before = store.changes()
    store.records("network")
    store.fields("network", ("id",))
    assert store.changes() == before  # reading writes nothing
    net = store.save(network())
    after_save = store.changes()
    assert after_save != before
    store.delete(net["id"])
    assert store.changes() != after_save


def test_signed_note_never_changes_and_its_author_never_cosigns(store: Store) -> None:
    net = store.save(network())
    meet = store.save(meeting(net["id"]))
    draft = store.save(note(net["id"], meet["id"], store.user_id))
    signed = store.save({**draft, "state": "signed", "signed_at": "2026-11-02T12:00:00+00:00"})
    assert [e["action"] for e in store.audit_entries()].count("sign") == 1
    store.mark_inflight([c["change_id"] for c in store.outbox_pending(10)])
    with pytest.raises(InvalidEdit, match="signed note never changes"):
        store.save({**signed, "summary": "rewritten"})
    with pytest.raises(InvalidEdit, match="signed note is never deleted"):
        store.delete(signed["id"])
    with pytest.raises(InvalidEdit, match="only by the co-signer"):
        store.save(
            {**signed, "cosigned_by": [{"user_id": "user-bo", "at": "2026-11-02T13:00:00+00:00"}]}
        )
    with pytest.raises(InvalidEdit, match="own note"):
        store.save({**signed, "cosigned_by": [{"user_id": store.user_id, "at": utc_now()}]})
    assert [e["action"] for e in store.audit_entries()].count("sign") == 1
    assert store.get(signed["id"])["summary"] == "The network met at home."
    assert store.history(signed["id"])[-1]["rev"] == signed["rev"]


def test_addendum_is_immutable_once_pushed(store: Store) -> None:
    net = store.save(network())
    meet = store.save(meeting(net["id"]))
    n = store.save(note(net["id"], meet["id"], store.user_id, state="signed"))
    add = store.save(
        {
            "kind": "addendum",
            "note_id": n["id"],
            "author_id": store.user_id,
            "reason": "correction",
            "text": "The meeting began at 10:15.",
        }
    )
    fixed = store.save({**add, "text": "The meeting began at 10:20."})  # still on this device
    assert fixed["rev"] == add["rev"]
    store.mark_inflight([c["change_id"] for c in store.outbox_pending(10)])
    with pytest.raises(InvalidEdit, match="addendum never changes"):
        store.save({**fixed, "text": "again"})
    assert store.search("10:20")[0]["network_id"] == net["id"]  # network found via the note


def test_transaction_is_all_or_nothing(store: Store) -> None:
    with pytest.raises(ValidationError), store.transaction():
        store.save(network("Kept Nowhere"))
        store.save({"kind": "network", "team_id": TEAM})
    assert store.records("network") == [] and store.outbox_pending(10) == []
    with store.transaction():
        store.save(network("One Fictional"))
        store.save(network("Two Fictional"))
    assert len(store.records("network")) == 2


def test_import_revisions_all_or_nothing(store: Store, tmp_path: Path) -> None:
    other = Store.create(tmp_path / "other", "pw", kdf_params=TEST_PARAMS, allow_weak_kdf=True)
    try:
        net = other.save(network())
        net2 = other.save({**net, "status": "closed", "closed_reason": "Moved away."})
        other.mark_inflight([c["change_id"] for c in other.outbox_pending(10)])
        net3 = other.save({**net2, "status": "open"})
        revisions = other.history(net["id"])
    finally:
        other.close()
    assert [r["rev"] for r in revisions] == [net2["rev"], net3["rev"]]
    bad = {**revisions[1], "status": "sideways"}
    with pytest.raises(ValidationError, match="status"):
        store.import_revisions([revisions[0], bad])
    assert store.get(net["id"]) is None and store.outbox_pending(10) == []
    assert store.import_revisions(revisions) == 2
    assert store.import_revisions(revisions) == 0  # known revisions are skipped
    assert store.get(net["id"])["status"] == "open"
    assert [c["record"]["rev"] for c in store.outbox_pending(10)] == [r["rev"] for r in revisions]


def test_set_identity_rewrites_placeholders_in_unsent_revisions(
    data_dir: Path, store: Store
) -> None:
    placeholder = store.user_id
    assert not store.enrolled
    net = store.save(network(key_practitioner_ids=[placeholder]))
    meet = store.save(meeting(net["id"]))
    n = store.save(note(net["id"], meet["id"], placeholder))
    store.set_identity("user-ana", "device-7")
    assert store.enrolled and store.user_id == "user-ana" and store.device_id == "device-7"
    for rid in (net["id"], meet["id"], n["id"]):
        for rev in store.history(rid):
            assert placeholder not in str(rev)
            assert rev["created_by"] == "user-ana" and rev["device_id"] == "device-7"
    assert store.get(n["id"])["author_id"] == "user-ana"
    assert store.get(net["id"])["key_practitioner_ids"] == ["user-ana"]
    later = store.save(network("Later Fictional"))
    assert later["created_by"] == "user-ana" and later["hlc"].endswith("device-7")
    with pytest.raises(StoreError, match="not a valid id"):
        store.set_identity("", "device-7")
    store.close()
    with open_store(data_dir) as again:
        assert again.user_id == "user-ana" and again.device_id == "device-7"


def test_meta_values_round_trip(data_dir: Path, make_store: Callable[..., Store]) -> None:
    store = make_store()
    assert store.meta_get("cursor") is None and store.meta_get("cursor", 0) == 0
    store.meta_set("policy", {"autolock_minutes": 5, "scales": ["a", "b"]})
    store.meta_set("token", "fictional-token")
    store.meta_set("token", "second-token")
    store.close()
    with open_store(data_dir) as again:
        assert again.meta_get("policy") == {"autolock_minutes": 5, "scales": ["a", "b"]}
        assert again.meta_get("token") == "second-token"


def test_record_views_are_audited_only_when_asked(store: Store) -> None:
    net = store.save(network())
    store.get(net["id"])
    assert "view" not in [e["action"] for e in store.audit_entries()]
    entry = store.audit("view", net["id"])
    assert entry["record_id"] == net["id"]
    assert store.audit_entries(after_seq=entry["seq"] - 1) == [entry]
    with pytest.raises(StoreError, match="not an audit action"):
        store.audit("DROP TABLE audit")


def test_revision_handed_out_for_sending_is_never_amended(store: Store) -> None:
    """Autosave racing a sync round: text read for a push is never changed under it."""
    draft = store.save(network())
    [change] = store.outbox_pending(10)  # the sync worker has read it ...
    edited = store.save(
        {**draft, "status": "closed", "closed_reason": "Moved away."}
    )  # ... when autosave fires
    assert edited["rev"] != draft["rev"] and edited["parent_revs"] == [draft["rev"]]
    assert change["record"] == store.history(draft["id"])[0] == draft
    peek = store.outbox_pending(10, for_sending=False)
    assert [c["record"]["rev"] for c in peek] == [draft["rev"], edited["rev"]]
    again = store.save({**edited, "status": "open"})  # only peeked at: still amendable
    assert again["rev"] == edited["rev"]


def test_deleting_twice_adds_nothing(store: Store) -> None:
    net = store.save(network())
    tomb = store.delete(net["id"])
    assert store.delete(net["id"]) == tomb
    assert len(store.history(net["id"])) == 2


def test_unwritable_place_gives_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot"):
        Store.create(blocker / "store", "pw", kdf_params=TEST_PARAMS, allow_weak_kdf=True)


def test_cosigning_does_not_depend_on_key_order_or_empty_fields(store: Store) -> None:
    net = store.save(network())
    meet = store.save(meeting(net["id"]))
    signed = store.save(
        note(
            net["id"],
            meet["id"],
            "user-ana",  # a colleague's note, co-signed here by this store's user
            state="signed",
            safety={"discussed": True, "text": "Talked openly", "safeguarding_concern": False},
            cosign_requested=[store.user_id],
        )
    )
    store.mark_inflight([c["change_id"] for c in store.outbox_pending(10)])
    rebuilt = {
        **signed,
        "safety": {"safeguarding_concern": False, "text": "Talked openly", "discussed": True},
        "late_reason": None,
        "cosigned_by": [{"at": "2026-11-02T13:00:00+00:00", "user_id": store.user_id}],
    }
    cosigned = store.save(rebuilt)
    assert cosigned["cosigned_by"] == rebuilt["cosigned_by"]


def test_save_cannot_delete_an_unknown_record(store: Store) -> None:
    with pytest.raises(InvalidEdit, match="unknown record"):
        store.save({**network(), "deleted": True})
    assert store.records("network") == []
