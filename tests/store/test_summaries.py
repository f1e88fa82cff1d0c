"""The store's summary row per network (what the network list shows) follows every write in the
same transaction, matches the list's former computation from the records, and is filled when a
store made by an older odesk (schema 2) is opened."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from odesk.store import Store, schema
from tests.store.conftest import meeting, network, open_store
from tests.store.summary_world import AUTHOR, build_world, old_rows
from tests.store.test_sync_support import remote

FIELDS = (
    "id",
    "name",
    "status",
    "urgency",
    "received_at",
    "team_id",
    "key_practitioner_ids",
    "created_by",
    "first_meeting",
    "safeguarding",
)
OLD_STORE = Path(__file__).parent / "data" / "store-v2"  # made by schema 2's code (0ffd8ed)


def rows(store: Store) -> list[tuple[Any, ...]]:
    return [tuple(getattr(s, f) for f in FIELDS) for s in store.network_summaries()]


def row(store: Store, network_id: str) -> Any:
    return next((s for s in store.network_summaries() if s.id == network_id), None)


def test_a_store_of_schema_2_gets_its_rows_on_open(tmp_path: Path) -> None:
    data_dir = tmp_path / "old"
    shutil.copytree(OLD_STORE, data_dir)
    with open_store(data_dir) as store:
        assert store.db.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        upgraded = rows(store)
        assert upgraded == old_rows(store)
        by_name = {r[1]: r for r in upgraded}
        assert by_name["Flagged Fictional (Rob)"][9] == 1
        assert by_name["Split Fictional (Rob)"][9] == 1  # the concern on the other side only
        assert by_name["Addressed Fictional (Rob)"][9] == 0
        assert by_name["Waiting Fictional"][8] is None
        assert by_name["Pulled Fictional (Rob)"][8] == datetime(2026, 11, 2, 8, 30, tzinfo=UTC)
        assert "Gone Fictional (Rob)" not in by_name
        # and the upgraded store keeps them up to date
        waiting = by_name["Waiting Fictional"][0]
        store.save(meeting(waiting, start="2026-11-05T09:00:00+00:00", end=None))
        assert rows(store) == old_rows(store)
        assert row(store, waiting).first_meeting == datetime(2026, 11, 5, 9, tzinfo=UTC)
    with open_store(data_dir) as again:  # opened again: nothing to migrate, same rows
        assert rows(again) == old_rows(again)


def test_a_new_store_lists_what_the_old_computation_listed(store: Store) -> None:
    build_world(store)
    assert rows(store) == old_rows(store)
    assert len(rows(store)) == 5


def test_rows_follow_each_local_write(store: Store) -> None:
    net = store.save(network("Robin Fictional"))
    assert row(store, net["id"]).waiting
    assert row(store, net["id"]).name == "Robin Fictional (Rob)"
    # a planned meeting does not stop the clock; a held one does
    planned = store.save(meeting(net["id"], status="planned", start="2026-11-02T10:00:00+00:00"))
    assert row(store, net["id"]).waiting
    store.save({**planned, "status": "held"})
    assert row(store, net["id"]).first_meeting == datetime(2026, 11, 2, 10, tzinfo=UTC)
    # a signed note with a safeguarding concern raises the flag
    note = store.save(
        {
            "kind": "note",
            "network_id": net["id"],
            "meeting_id": planned["id"],
            "author_id": AUTHOR,
            "state": "signed",
            "signed_at": "2026-11-02T12:00:00+00:00",
            "summary": "We met",
            "safety": {"discussed": True, "text": "Worry", "safeguarding_concern": True},
        }
    )
    assert row(store, net["id"]).safeguarding == 1
    # a review that leaves it open keeps it; one that marks it addressed lowers it
    review = store.save(
        {
            "kind": "review",
            "note_id": note["id"],
            "network_id": net["id"],
            "reviewer_id": "u-supervisor",
            "status": "seen",
        }
    )
    assert row(store, net["id"]).safeguarding == 1
    store.save({**review, "safeguarding_addressed": True})
    assert row(store, net["id"]).safeguarding == 0
    store.delete(review["id"])  # the review gone, the concern is open again
    assert row(store, net["id"]).safeguarding == 1
    # closing the network, renaming the person, then removing the network
    current = store.get(net["id"])
    assert current is not None
    store.save(
        {
            **current,
            "status": "closed",
            "closed_reason": "Moved away.",
            "person": {"name": "Robin Fictional-Smith"},
        }
    )
    closed = row(store, net["id"])
    assert (closed.status, closed.name, closed.waiting) == (
        "closed",
        "Robin Fictional-Smith",
        False,
    )
    assert rows(store) == old_rows(store)
    store.delete(net["id"])
    assert row(store, net["id"]) is None
    assert rows(store) == old_rows(store)


def test_a_draft_ticked_then_unticked_raises_then_lowers_the_flag(store: Store) -> None:
    net = store.save(network("Robin Fictional"))
    held = store.save(meeting(net["id"]))
    draft = store.save(
        {
            "kind": "note",
            "network_id": net["id"],
            "meeting_id": held["id"],
            "author_id": AUTHOR,
            "state": "draft",
            "summary": "We met",
        }
    )
    assert row(store, net["id"]).safeguarding == 0
    safety = {"discussed": True, "text": "Worry", "safeguarding_concern": True}
    draft = store.save({**draft, "safety": safety})
    assert row(store, net["id"]).safeguarding == 1
    draft = store.save({**draft, "summary": "We met at home"})  # an autosave: still flagged
    assert row(store, net["id"]).safeguarding == 1
    store.save({**draft, "safety": {**safety, "safeguarding_concern": False}})
    assert row(store, net["id"]).safeguarding == 0
    assert rows(store) == old_rows(store)


def test_a_pulled_page_updates_rows_in_its_transaction(store: Store) -> None:
    net = remote(None, **network("Pulled Fictional"))
    held = remote(
        None, kind="meeting", network_id=net["id"], status="held", start="2026-11-01T12:00:00+00:00"
    )
    store.apply_remote([{"server_seq": 1, "record": net}, {"server_seq": 2, "record": held}], 2)
    assert row(store, net["id"]).first_meeting == datetime(2026, 11, 1, 12, tzinfo=UTC)
    # a later page cancels the meeting: the clock runs again
    store.apply_remote([{"server_seq": 3, "record": remote(held, status="cancelled")}], 3)
    assert row(store, net["id"]).waiting
    assert rows(store) == old_rows(store)


def test_a_failed_write_leaves_the_rows_as_they_were(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = store.save(network("Robin Fictional"))
    before = rows(store)
    with pytest.raises(RuntimeError), store.transaction():
        store.save(meeting(net["id"]))
        assert row(store, net["id"]).first_meeting is not None  # read inside: already true
        raise RuntimeError("power cut")
    assert rows(store) == before
    assert store.db.conn.execute("SELECT count(*) FROM summary_dirty").fetchone()[0] == 0


def test_rows_page_in_the_lists_order(store: Store) -> None:
    for day in (3, 1, 2, 1):
        store.save(network(referral={"received_at": f"2026-11-0{day}T09:00:00+00:00"}))
    everything = store.network_summaries()
    assert [s.received_at[8:10] for s in everything] == ["03", "02", "01", "01"]
    assert store.network_summaries(limit=2) + store.network_summaries(offset=2) == everything


def test_both_pull_paths_leave_the_same_rows(
    make_store: Callable[..., Store], tmp_path: Path
) -> None:
    source = make_store(tmp_path / "source")
    build_world(source)
    pages = [
        {"server_seq": i, "record": revision}
        for i, revision in enumerate(
            (r for rid in source.record_ids(include_deleted=True) for r in source.history(rid)),
            start=1,
        )
    ]
    fast, general = make_store(tmp_path / "fast"), make_store(tmp_path / "general")
    general._pulled.new_records_fast = False
    for target in (fast, general):
        for start in range(0, len(pages), 3):
            target.apply_remote(pages[start : start + 3], start)
    assert rows(fast) == rows(general) == old_rows(fast) == rows(source)


def test_check_reports_rows_out_of_date_and_changes_nothing(store: Store) -> None:
    net = store.save(network("Robin Fictional"))
    assert store.check().ok
    store.db.conn.execute(
        "UPDATE network_summaries SET safeguarding = 0, status = 'closed' WHERE network_id = ?",
        (net["id"],),
    )
    before = rows(store)
    report = store.check()
    assert not report.ok
    assert "1 network list rows are out of date" in report.integrity_errors
    assert rows(store) == before  # the check only looks


def test_the_list_clock_reads_a_signed_meeting_as_corrected(store: Store) -> None:
    """A signed meeting changes only by a correction; the list's 24-hour clock follows it as the
    network page's does (HAZ-09): a later start moves the first meeting, and a correction saying
    the meeting was not held starts the clock again."""
    net = store.save(network())
    met = store.save(meeting(net["id"]))
    store.save(
        {
            "kind": "note",
            "network_id": net["id"],
            "meeting_id": met["id"],
            "author_id": store.user_id,
            "state": "signed",
            "signed_at": "2026-11-02T12:00:00+00:00",
            "summary": "We met",
        }
    )
    assert row(store, net["id"]).first_meeting == datetime(2026, 11, 2, 10, tzinfo=UTC)

    def correct(field: str, old: str, new: str) -> None:
        store.save(
            {
                "kind": "meeting_correction",
                "meeting_id": met["id"],
                "network_id": net["id"],
                "fields": [{"field": field, "old": old, "new": new}],
                "reason": "Recorded wrongly on the day.",
                "author_id": store.user_id,
            }
        )

    correct("start", met["start"], "2026-11-02T10:45:00+00:00")
    assert row(store, net["id"]).first_meeting == datetime(2026, 11, 2, 10, 45, tzinfo=UTC)
    correct("status", "held", "did_not_attend")
    assert row(store, net["id"]).first_meeting is None
    assert row(store, net["id"]).waiting
    assert store.check().ok  # the rows are what the records say


def test_a_store_of_schema_2_answers_which_record_holds_a_rev_from_the_index(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "old"
    shutil.copytree(OLD_STORE, data_dir)
    with open_store(data_dir) as store:
        plan = store.db.conn.execute(
            "EXPLAIN QUERY PLAN SELECT rev, record_id, server_seq FROM revisions"
            " INDEXED BY revisions_rev_owner WHERE rev = 'x'"
        ).fetchall()
        assert "COVERING INDEX revisions_rev_owner" in str(plan)
        held = store.db.conn.execute("SELECT rev, record_id FROM revisions").fetchall()
        assert held  # the old store's revisions, each found through the index
        for rev, record_id in held:
            found = store.db.conn.execute(
                "SELECT record_id FROM revisions INDEXED BY revisions_rev_owner WHERE rev = ?",
                (rev,),
            ).fetchone()
            assert found[0] == record_id
