"""apply_remote's fast path for never-seen records leaves exactly the store the general path does.

A first pull sends every record through the fast path (heads resolved in memory, rows written with
executemany); records seen before are refreshed from what the database holds. Both must give the
same rows, the same views, the same search and the same conflicts, so the fast path cannot drift.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from odesk.core.hlc import parse_hlc
from odesk.core.ids import new_id
from odesk.core.revs import new_rev
from odesk.store import Store

from .conftest import meeting, member, network, note

AT = "2026-11-20T10:00:00.000+00:00"


class Remote:
    """Revisions as other devices made them, with clocks in the order they are made."""

    def __init__(self) -> None:
        self.tick = 0
        # A clock a minute ahead of this one: followed (within odesk.core.revision_rules'
        # MAX_CLOCK_SKEW), so the local clock must move past it.
        self.ms = int(time.time() * 1000) + 60_000

    def make(self, parents: list[dict], **fields: Any) -> dict:
        self.tick += 1
        base = dict(parents[-1]) if parents else {"id": new_id(), "created_at": AT}
        parent_revs = [p["rev"] for p in parents]
        return {
            **base,
            "created_by": base.get("created_by", "user-bo"),
            **fields,
            "rev": new_rev(parent_revs),
            "parent_revs": parent_revs,
            "deleted": bool(fields.get("deleted", False)),
            "updated_at": AT,
            "updated_by": "user-bo",
            "device_id": "device-other",
            "hlc": f"{self.ms:013d}-{self.tick:05d}-device-other",  # a clock ahead
        }


def pages() -> list[list[dict]]:
    r = Remote()
    net = r.make([], **network("Alex Fictional"))
    net2 = r.make([net], status="closed")  # two revisions of a new record in one page
    fam = r.make([], **member(net["id"], "Jo Fictional", notes="likes mornings"))
    fam_a = r.make([fam], name="Jo Fictional-Smith")  # concurrent edits of different fields:
    fam_b = r.make([fam], notes="prefers evenings")  # merged automatically, two leaves
    meet = r.make([], **meeting(net["id"]))
    draft = r.make([], **note(net["id"], meet["id"], "user-bo", summary="talked about school"))
    mine = r.make([draft], summary="talked about the school bus")  # a conflict: both texts kept
    theirs = r.make([draft], summary="talked about football")
    signed = r.make(
        [], **note(net["id"], meet["id"], "user-bo", summary="agreed a plan", state="signed")
    )
    extra = {
        "kind": "addendum",
        "note_id": signed["id"],
        "author_id": "user-bo",
        "reason": "late_information",
        "text": "the plan starts on Monday",
    }
    addendum = r.make([], **extra)  # no network_id: found through its note, same page
    gone = r.make([], **member(net["id"], "Kit Fictional"))
    tomb = r.make([gone], deleted=True)  # created and deleted within one page
    bad = r.make([], **member(net["id"], "Bad Fictional"))
    bad["category"] = "sideways"  # quarantined by validation
    odd = r.make([], **meeting(net["id"]))
    odd["id"] = fam["id"]  # a second kind for one record: quarantined
    first = [
        addendum,
        net,
        fam,
        draft,
        net2,
        fam_a,
        meet,
        mine,
        fam,  # delivered twice
        theirs,
        signed,
        fam_b,
        gone,
        bad,
        tomb,
        odd,
    ]
    # A later page: records seen before (general path in both stores) beside new ones.
    merged = r.make([mine, theirs], summary="talked about the school bus and football")
    net3 = r.make([net2], status="open")
    net3_other = r.make([net2], sharing_note="GP may be told")
    late = r.make([], **member(net["id"], "Lee Fictional"))
    late2 = r.make([late], relationship="friend", category="friend")
    second = [merged, net3, late, net3_other, late2, r.make([fam_a, fam_b], deleted=True)]
    return [first, second]


def state(store: Store) -> dict[str, Any]:
    def rows(sql: str) -> list[tuple]:
        return list(store.db.execute(sql).fetchall())

    ids = [r[0] for r in rows("SELECT id FROM records ORDER BY num")]
    return {
        "records": rows("SELECT * FROM records ORDER BY num"),
        "fts": rows("SELECT rowid, body FROM fts ORDER BY rowid"),
        "revisions": rows(
            "SELECT rev, record_id, kind, generation, hlc, deleted, local, server_seq, json"
            " FROM revisions ORDER BY rev"
        ),
        "quarantine": rows("SELECT server_seq, reason, json FROM quarantine ORDER BY id"),
        "get": {i: store.get(i) for i in ids},
        "resolution": {i: store.resolution(i) for i in ids},
        "history": {i: store.history(i) for i in ids},
        "list": {k: store.records(k) for k in ("network", "member", "meeting", "note", "addendum")},
        "search": {w: store.search(w) for w in ("school", "football", "Monday", "Fictional")},
        "conflicts": store.conflicts(),
        "cursor": store.meta_get("cursor"),
    }


def pull(store: Store, pages_: list[list[dict]]) -> list[set[str]]:
    changed = []
    seq = 0
    for number, page in enumerate(pages_, start=1):
        changes = []
        for record in page:
            seq += 1
            changes.append({"server_seq": seq, "record": record})
        changed.append(store.apply_remote(changes, f"cursor-{number}"))
    return changed


def test_fast_path_gives_the_same_store_as_the_general_path(
    make_store: Callable[..., Store], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = pages()
    general = make_store(tmp_path / "general")
    general._pulled.new_records_fast = False
    fast = make_store(tmp_path / "fast")
    refreshed: list[str] = []
    real_refresh = fast._heads.refresh

    def spy(record_id: str, *rest: Any) -> Any:
        refreshed.append(record_id)
        return real_refresh(record_id, *rest)

    monkeypatch.setattr(fast._heads, "refresh", spy)
    assert pull(fast, sent) == pull(general, sent)
    assert state(fast) == state(general)

    first = sent[0]
    addendum, net, fam, draft, signed, gone = (first[i] for i in (0, 1, 2, 3, 10, 12))
    # Only records seen on the first page were refreshed from the database (on the second).
    assert set(refreshed) == {net["id"], fam["id"], draft["id"]}
    monkeypatch.undo()
    # The state compared is the one a user relies on, not an empty one.
    assert fast.conflicts() == []  # the conflicting note was merged on the second page
    assert fast.get(net["id"])["status"] == "open"
    assert fast.get(net["id"])["sharing_note"] == "GP may be told"
    assert fast.get(gone["id"]) is None and fast.get(fam["id"]) is None
    assert fast.get(draft["id"])["summary"] == "talked about the school bus and football"
    found = fast.search("Monday")
    assert [(f["record_id"], f["network_id"]) for f in found] == [(addendum["id"], net["id"])]
    assert fast.get(signed["id"])["state"] == "signed"
    assert len(fast.quarantined()) == 2
    assert fast.check().ok
    # The local clock moved past every pulled clock: a new edit sorts after them.
    latest = max(r["hlc"] for page in sent for r in page)
    assert fast.save(member(net["id"], "New Fictional"))["hlc"] > latest


def test_a_conflict_pulled_into_an_empty_store_is_kept_by_the_fast_path(
    make_store: Callable[..., Store], tmp_path: Path
) -> None:
    sent = pages()[:1]
    general = make_store(tmp_path / "general")
    general._pulled.new_records_fast = False
    fast = make_store(tmp_path / "fast")
    assert pull(fast, sent) == pull(general, sent)
    assert state(fast) == state(general)
    fam, draft, gone = sent[0][2], sent[0][3], sent[0][12]
    assert fast.conflicts() == [draft["id"]]
    assert {r["record_id"] for r in fast.search("football")} == {draft["id"]}
    assert {r["record_id"] for r in fast.search("bus")} == {draft["id"]}
    assert fast.get(gone["id"]) is None
    res = fast.resolution(fam["id"])
    assert len(res.leaves) == 2 and not res.conflict
    assert fast.get(fam["id"])["name"] == "Jo Fictional-Smith"
    assert fast.get(fam["id"])["notes"] == "prefers evenings"


def test_a_pulled_page_moves_the_clock_past_its_latest_clock(store: Store) -> None:
    r = Remote()
    net = r.make([], **network("Clock Fictional"))
    clocks = [
        f"{r.ms:013d}-00012-device-b",
        "zz-not-a-clock",
        "5-1-unpadded",
        f"{r.ms:013d}-00007-a",
        "4000000000000-00007-a",  # far in the future: kept, but not followed
    ]
    page = [r.make([], **member(net["id"], f"Jo Fictional {i}")) for i in range(len(clocks))]
    for revision, clock in zip(page, clocks, strict=True):
        revision["hlc"] = clock
    store.apply_remote(
        [{"server_seq": i, "record": rev} for i, rev in enumerate([net, *page], start=1)], 1
    )
    assert len(store.records("member")) == len(
        clocks
    )  # an odd clock orders nothing, refuses nothing
    ms, counter, _ = parse_hlc(store.save(member(net["id"], "New Fictional"))["hlc"])
    assert (ms, counter) > (r.ms, 12)
    assert ms < 4000000000000  # a clock from 2096 does not drag every later edit there


def test_a_page_larger_than_one_statement_is_written_whole(store: Store) -> None:
    # 3,500 revisions x 10 columns is more values than SQLite binds in one statement.
    r = Remote()
    net = r.make([], **network("Many Fictional"))
    page = [net] + [r.make([], **member(net["id"], f"Sam Fictional {i}")) for i in range(3500)]
    changes = [{"server_seq": i, "record": rev} for i, rev in enumerate(page, start=1)]
    assert len(store.apply_remote(changes, "c")) == len(page)
    assert len(store.records("member", network_id=net["id"])) == 3500
    assert [h["record_id"] for h in store.search("Sam Fictional 3499")] == [page[-1]["id"]]
    assert store.check().ok


def test_a_revision_delivered_twice_in_a_page_is_stored_once_with_its_server_seq(
    store: Store,
) -> None:
    net = Remote().make([], **network("Twice Fictional"))
    changes = [{"server_seq": None, "record": net}, {"server_seq": 7, "record": net}]
    assert store.apply_remote(changes, "c") == {net["id"]}
    assert store.history(net["id"]) == [net]
    rows = store.db.execute("SELECT server_seq FROM revisions WHERE rev = ?", [net["rev"]])
    assert rows.fetchall() == [(7,)]
