"""Full-text search, the hash-chained audit log, check(), and use from several threads."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from odesk.store import Store, verify_chain

from .conftest import meeting, member, network, note, open_store


def _family(store: Store) -> dict[str, dict]:
    net = store.save(network("Juniper Quillfeather"))
    mem = store.save(member(net["id"], "Oswin Marrowby"))
    meet = store.save(meeting(net["id"]))
    n = store.save(
        note(
            net["id"],
            meet["id"],
            store.user_id,
            summary="Talked about the allotment",
            voices=[{"attendee": mem["id"], "text": "Worried about the tribunal letter"}],
            reflections="The team wondered aloud about sleep",
            options=["Weekly walk to the lighthouse"],
            agreements="Meet again on Thursday",
            uncertainties="Whether college restarts",
            safety={
                "discussed": True,
                "text": "No knives at home now",
                "safeguarding_concern": False,
            },
        )
    )
    review = store.save(
        {
            "kind": "review",
            "note_id": n["id"],
            "network_id": net["id"],
            "reviewer_id": "user-sup",
            "status": "seen",
            "comment": "Lovely polyphony here",
        }
    )
    sup = store.save(
        {
            "kind": "supervision",
            "team_id": "team-north",
            "at": "2026-11-03T15:00:00+00:00",
            "inner_reflections": "Carrying the uncertainty together",
            "outer_reflections": "Fidelity to dialogism discussed",
            "actions": "Invite the grandmother",
        }
    )
    return {"network": net, "member": mem, "note": n, "review": review, "supervision": sup}


def test_search_finds_names_and_every_note_text(store: Store) -> None:
    rec = _family(store)
    expect = {
        "Quillfeather": "network",
        "Marrowby": "member",
        "allotment": "note",
        "tribunal": "note",
        "wondered": "note",
        "lighthouse": "note",
        "Thursday": "note",
        "college": "note",
        "knives": "note",
        "polyphony": "review",
        "uncertainty together": "supervision",
        "dialogism": "supervision",
        "grandmother": "supervision",
    }
    for word, kind in expect.items():
        hits = store.search(word)
        assert [h["kind"] for h in hits] == [kind], word
        assert hits[0]["record_id"] == rec[kind]["id"]
    [hit] = store.search("quill")  # prefix, any case
    assert hit["network_id"] == rec["network"]["id"]
    assert "[Quillfeather]" in hit["snippet"] or "[Juniper" in hit["snippet"]
    [hit] = store.search("lighthouse", start="<b>", end="</b>")
    assert "<b>lighthouse</b>" in hit["snippet"]


def test_search_text_is_never_syntax(store: Store) -> None:
    _family(store)
    for text in ['"', "AND", "NEAR(", "*", "-x", "a OR", "col:val", "'; DROP", "((", "", "   "]:
        assert isinstance(store.search(text), list)
    assert store.search("") == []
    assert len(store.search("the", limit=2)) == 2


def test_search_follows_edits(store: Store) -> None:
    net = store.save(network("Hollis Brackenridge"))
    store.save({**net, "person": {"name": "Hollis Fernsby"}})
    assert store.search("Brackenridge") == []
    assert len(store.search("Fernsby")) == 1


def test_audit_chain_verifies_and_detects_tampering(
    data_dir: Path, make_store: Callable[..., Store]
) -> None:
    store = make_store()
    net = store.save(network())
    store.audit("view", net["id"])
    store.audit("export")
    entries = store.audit_entries()
    assert [e["seq"] for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0]["prev_hash"] == "0" * 64
    assert all(b["prev_hash"] == a["hash"] for a, b in zip(entries, entries[1:], strict=False))
    assert verify_chain(entries) is None and store.check().audit_ok
    with store.transaction() as tx:
        tx.db.execute("UPDATE audit SET record_id = 'someone-else' WHERE action = 'view'")
    report = store.check()
    assert not report.audit_ok and not report.ok
    assert "audit chain: FAILED" in "\n".join(report.lines())
    with store.transaction() as tx:
        tx.db.execute(f"UPDATE audit SET record_id = '{net['id']}' WHERE action = 'view'")
        tx.db.execute("DELETE FROM audit WHERE action = 'export'")
        tx.db.execute(
            "INSERT INTO audit SELECT seq + 100, at, action, record_id, prev_hash, hash"
            " FROM audit WHERE seq = 1"
        )
    assert "gap" in (store.check().audit_error or "")


def test_check_report(store: Store) -> None:
    _family(store)
    report = store.check()
    assert report.ok and report.integrity_ok and report.audit_ok
    assert report.pending == 6 and report.rejected == 0 and report.conflicts == []
    assert report.counts == {
        "network": 1,
        "member": 1,
        "meeting": 1,
        "note": 1,
        "review": 1,
        "supervision": 1,
    }
    text = "\n".join(report.lines())
    assert "integrity: ok" in text and "result: OK" in text
    assert "changes waiting to sync: 6" in text
    assert report.kdf == "8192 KiB, 1 passes, 1 lanes" and report.kdf_weak
    assert "key derivation: Argon2id 8192 KiB" in text and "recovery key: none" in text
    store.make_recovery_key()
    assert "recovery key: set" in store.check().lines()


def test_many_threads_share_one_store(data_dir: Path, make_store: Callable[..., Store]) -> None:
    store = make_store()
    net = store.save(network())
    errors: list[BaseException] = []
    saved: list[str] = []
    lock = threading.Lock()

    def writer(n: int) -> None:
        try:
            for i in range(25):
                rec = store.save(member(net["id"], f"Member {n}-{i}"))
                store.get(rec["id"])
                store.search("Member")
                with lock:
                    saved.append(rec["id"])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(saved) == 150
    assert {m["id"] for m in store.records("member")} == set(saved)
    assert len({c["device_seq"] for c in store.outbox_pending(1000)}) == 151
    store.close()
    with open_store(data_dir) as again:
        assert again.check().ok and len(again.records("member")) == 150


def test_search_filters_by_kind_and_network(store: Store) -> None:
    rec = _family(store)
    other = store.save(network("Thursday Fictional"))
    assert {h["kind"] for h in store.search("Thursday")} == {"note", "network"}
    assert [h["kind"] for h in store.search("Thursday", kinds=["network"])] == ["network"]
    assert store.search("Thursday", kinds=[]) == []
    by_net = store.search("Thursday", network_id=rec["network"]["id"])
    assert [h["record_id"] for h in by_net] == [rec["note"]["id"]]
    assert [h["record_id"] for h in store.search("Thursday", network_id=other["id"])] == [
        other["id"]
    ]


def test_check_finds_a_damaged_index_or_missing_heads(store: Store) -> None:
    net = store.save(network("Ailsa Fictional"))
    assert store.check().ok
    with store.transaction() as tx:
        tx.db.execute("UPDATE fts_content SET c0 = 'something else entirely'")
    report = store.check()
    assert not report.ok and any("full-text index" in e for e in report.integrity_errors)
    with store.transaction() as tx:
        tx.db.execute("UPDATE fts_content SET c0 = ?", ["Ailsa Fictional\nRob"])
    assert store.check().ok
    with store.transaction() as tx:
        tx.db.execute("DELETE FROM records WHERE id = ?", [net["id"]])
    report = store.check()
    assert any("no current view" in e for e in report.integrity_errors)
