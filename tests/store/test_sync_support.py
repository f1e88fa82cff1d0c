"""Remote revisions: one transaction per page, conflicts kept side by side, merges, quarantine."""

from __future__ import annotations

import json
import time

import pytest

from odesk.core.ids import new_id, utc_now
from odesk.core.revs import new_rev
from odesk.store import Store

from .conftest import meeting, network, note


def remote(parent: dict | None, **fields: object) -> dict:
    """A revision as another device would have made it."""
    base = dict(parent) if parent else {}
    parents = [parent["rev"]] if parent else []
    now = utc_now()
    revision = {
        **base,
        **fields,
        "rev": new_rev(parents),
        "parent_revs": parents,
        "deleted": bool(fields.get("deleted", False)),
        "updated_at": now,
        "updated_by": "user-bo",
        "device_id": "device-other",
        "hlc": f"{int(time.time() * 1000) + 5:013d}-00000-device-other",
    }
    revision.setdefault("id", new_id())
    revision.setdefault("created_at", now)
    revision.setdefault("created_by", "user-bo")
    return revision


def pushed(store: Store) -> None:
    changes = store.outbox_pending(100)
    store.mark_inflight([c["change_id"] for c in changes])
    store.mark_acknowledged([{"change_id": c["change_id"], "status": "applied"} for c in changes])


def test_apply_remote_adds_revisions_and_saves_the_cursor(store: Store) -> None:
    net = remote(None, **network("Remote Fictional"))
    changed = store.apply_remote([{"server_seq": 1, "record": net}], "cursor-1")
    assert changed == {net["id"]}
    assert store.get(net["id"]) == net
    assert store.meta_get("cursor") == "cursor-1"
    assert store.outbox_pending(10) == []  # remote revisions are not pushed back
    # Re-delivery changes nothing.
    assert store.apply_remote([{"server_seq": 1, "record": net}], "cursor-2") == set()
    assert store.history(net["id"]) == [net]
    assert store.meta_get("cursor") == "cursor-2"
    assert store.search("Remote")[0]["record_id"] == net["id"]


def test_apply_remote_is_one_transaction(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.meta_set("cursor", "before")
    a = remote(None, **network("A Fictional"))
    b = remote(None, **network("B Fictional"))
    real_meta_put = store._db.meta_put

    def failing_meta_put(key: str, value: object) -> None:
        if key == "cursor":  # the last write of a page: every revision and head is in by now
            raise OSError("power cut")
        real_meta_put(key, value)

    monkeypatch.setattr(store._db, "meta_put", failing_meta_put)
    with pytest.raises(OSError):
        store.apply_remote(
            [{"server_seq": 1, "record": a}, {"server_seq": 2, "record": b}], "after"
        )
    monkeypatch.undo()
    assert store.get(a["id"]) is None and store.get(b["id"]) is None
    assert store.history(a["id"]) == [] and store.search("Fictional") == []
    assert store.meta_get("cursor") == "before"
    assert store.apply_remote(
        [{"server_seq": 1, "record": a}, {"server_seq": 2, "record": b}], "after"
    ) == {a["id"], b["id"]}


def test_invalid_remote_revision_is_kept_aside_not_applied(store: Store) -> None:
    good = remote(None, **network("Good Fictional"))
    bad = remote(None, **network("Bad Fictional"))
    bad["status"] = "sideways"
    changed = store.apply_remote(
        [{"server_seq": 1, "record": bad}, {"server_seq": 2, "record": good}, {"x": 1}], 2
    )
    assert changed == {good["id"]}
    kept = store.quarantined()
    assert [q["server_seq"] for q in kept] == [1, None]
    assert "status" in kept[0]["reason"] and kept[0]["record"] == bad
    assert store.get(bad["id"]) is None
    assert store.check().quarantined == 2


def test_concurrent_note_edits_stay_in_conflict_until_merged(store: Store) -> None:
    net = store.save(network())
    meet = store.save(meeting(net["id"]))
    draft = store.save(note(net["id"], meet["id"], store.user_id, summary="base text"))
    pushed(store)
    mine = store.save({**draft, "summary": "my words"})
    theirs = remote(draft, summary="their words")
    assert store.apply_remote([{"server_seq": 9, "record": theirs}], 9) == {draft["id"]}
    assert store.conflicts() == [draft["id"]]
    res = store.resolution(draft["id"])
    assert res.conflict and sorted(res.leaves) == sorted([mine["rev"], theirs["rev"]])
    assert "summary" in res.conflict_fields
    # Both texts are kept and both are found by search.
    assert {r["record_id"] for r in store.search("my words")} == {draft["id"]}
    assert {r["record_id"] for r in store.search("their words")} == {draft["id"]}
    report = store.check()
    assert report.conflicts == [draft["id"]] and report.ok
    merged = store.save(
        {
            **note(net["id"], meet["id"], store.user_id, summary="my words; their words"),
            "id": draft["id"],
            "parent_revs": list(res.leaves),
        }
    )
    assert sorted(merged["parent_revs"]) == sorted(res.leaves)
    assert store.conflicts() == []
    assert store.get(draft["id"])["summary"] == "my words; their words"
    assert len(store.history(draft["id"])) == 4


def test_edit_of_an_automatically_merged_view_merges_every_leaf(store: Store) -> None:
    net = store.save(network())
    pushed(store)
    mine = store.save({**net, "status": "closed", "closed_reason": "Moved away."})
    theirs = remote(net, sharing_note="GP may be told")
    store.apply_remote([{"server_seq": 3, "record": theirs}], 3)
    view = store.get(net["id"])
    res = store.resolution(net["id"])
    assert not res.conflict and len(res.leaves) == 2
    assert view["status"] == "closed" and view["sharing_note"] == "GP may be told"
    assert store.conflicts() == []
    edited = store.save({**view, "person": {**view["person"], "pronouns": "they/them"}})
    assert sorted(edited["parent_revs"]) == sorted([mine["rev"], theirs["rev"]])
    assert store.resolution(net["id"]).leaves == [edited["rev"]]


def test_edit_concurrent_with_delete_wins_and_is_flagged(store: Store) -> None:
    net = store.save(network())
    pushed(store)
    store.delete(net["id"])
    assert store.get(net["id"]) is None
    theirs = remote(net, status="closed")
    store.apply_remote([{"server_seq": 4, "record": theirs}], 4)
    assert store.get(net["id"])["status"] == "closed"
    assert "delete_conflict" in store.resolution(net["id"]).flags


def test_remote_tombstone_deletes_and_missing_records_are_kept(store: Store) -> None:
    keep = store.save(network("Keep Fictional"))
    gone = store.save(network("Gone Fictional"))
    pushed(store)
    store.apply_remote([{"server_seq": 5, "record": remote(gone, deleted=True)}], 5)
    assert store.get(gone["id"]) is None
    assert store.get(keep["id"]) is not None  # absent remotely is not deleted
    store.apply_remote([], 6)
    assert store.get(keep["id"]) is not None and store.meta_get("cursor") == 6


def test_own_revision_echoed_back_changes_nothing(store: Store) -> None:
    net = store.save(network())
    pushed(store)
    assert store.apply_remote([{"server_seq": 1, "record": net}], 1) == set()
    assert store.history(net["id"]) == [net]


def test_remote_revision_with_a_different_kind_is_quarantined(store: Store) -> None:
    net = store.save(network())
    odd = remote(None, **meeting(net["id"]))
    odd["id"] = net["id"]
    assert store.apply_remote([{"server_seq": 1, "record": odd}], 1) == set()
    assert store.get(net["id"])["kind"] == "network"
    assert "kind" in store.quarantined()[0]["reason"]


def test_outbox_take_hands_out_stored_json_in_order_after_a_point_and_marks_it_in_flight(
    store: Store,
) -> None:
    saved = [store.save(network(f"Take Fictional {i}")) for i in range(4)]
    first = store.outbox_take(0, 2)
    assert [json.loads(text) for _, _, text in first] == saved[:2]  # the stored text as is
    assert [change_id for change_id, _, _ in first] == [r["rev"] for r in saved[:2]]
    assert store.outbox_counts()["inflight"] == 2 and store.outbox_counts()["pending"] == 2
    # Taken means frozen: the next edit of a taken revision is a new revision.
    edited = store.save({**saved[0], "sharing_note": "after it was taken"})
    assert edited["rev"] != saved[0]["rev"]
    rest = store.outbox_take(first[-1][1], 10)
    assert [c for c, _, _ in rest] == [saved[2]["rev"], saved[3]["rev"], edited["rev"]]
    store.mark_acknowledged([{"change_id": c, "status": "applied"} for c, _, _ in first + rest])
    assert store.outbox_take(0, 10) == [] and store.pending_count() == 0
