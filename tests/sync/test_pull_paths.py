"""A new laptop's first sync gives the same store through the fast path as through the general one.

Records never seen before are written by apply_remote's fast path (heads resolved in memory); the
general path refreshes each record from the database. Over a real server, with small pages so that
records, their later revisions, a conflict and a tombstone land on different pages, both laptops
must end with the same rows, views, search results and conflicts.
"""

from __future__ import annotations

from typing import Any

from odesk.store import Store
from odesk.sync import sync_once
from tests.sync.conftest import Trust
from tests.sync.devices import fast_retry, meeting, member, network, note


def store_state(store: Store) -> dict[str, Any]:
    ids = store.record_ids(include_deleted=True)
    return {
        "records": list(store.db.execute("SELECT * FROM records ORDER BY num").fetchall()),
        "fts": list(store.db.execute("SELECT rowid, body FROM fts ORDER BY rowid").fetchall()),
        "views": {i: store.get(i) for i in ids},
        "resolutions": {i: store.resolution(i) for i in ids},
        "lists": {k: store.records(k) for k in ("network", "member", "meeting", "note")},
        "search": {w: store.search(w) for w in ("Fictional", "garden", "kitchen", "bus")},
        "conflicts": store.conflicts(),
        "network_list": store.network_summaries(),
        "cursor": store.meta_get("cursor"),
    }


def test_first_pull_fast_and_general_paths_agree(trust: Trust) -> None:
    laptop, desktop = trust.device("ana"), trust.device("ana")
    net = laptop.store.save(network(trust.team_a, "Alex Fictional"))
    meet = laptop.store.save(meeting(net["id"]))
    draft = laptop.store.save(
        note(net["id"], meet["id"], laptop.user_id or "", "met in the garden")
    )
    gone = laptop.store.save(member(net["id"], "Kit Fictional"))
    family = [laptop.store.save(member(net["id"], f"Jo Fictional {i}")) for i in range(6)]
    laptop.sync()
    desktop.sync()
    # Offline edits on both: a note conflict, merged member fields, a deletion, new records.
    laptop.store.save({**draft, "summary": "met in the kitchen"})
    desktop.store.save({**desktop.store.get(draft["id"]), "summary": "met on the bus"})
    laptop.store.save({**family[0], "notes": "prefers mornings"})
    desktop.store.save({**desktop.store.get(family[0]["id"]), "name": "Jo Fictional-Smith"})
    laptop.store.delete(gone["id"])
    laptop.store.save({**net, "status": "closed", "closed_reason": "Moved away."})
    for i in range(5):
        desktop.store.save(member(net["id"], f"Lee Fictional {i}"))
    laptop.sync()
    desktop.sync()

    fast, general = trust.device("ana"), trust.device("ana")
    general.store._pulled.new_records_fast = False
    for device in (fast, general):
        report = sync_once(device.store, retry=fast_retry(), page=4)
        assert report.pulled >= 20 and not report.errors
    assert store_state(fast.store) == store_state(general.store)

    # What was compared is the synced work, conflict and deletion included.
    assert fast.store.conflicts() == [draft["id"]]
    texts = {r["record_id"] for w in ("kitchen", "bus") for r in fast.store.search(w)}
    assert texts == {draft["id"]}
    assert fast.store.get(gone["id"]) is None
    assert fast.store.get(net["id"])["status"] == "closed"
    merged = fast.store.get(family[0]["id"])
    assert (merged["name"], merged["notes"]) == ("Jo Fictional-Smith", "prefers mornings")
    assert len(fast.store.records("member")) == 6 + 5
