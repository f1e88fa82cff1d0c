"""Revision metadata in the store: a pulled revision it cannot apply is quarantined with the
reason (never dropped, never hiding another record) and listed by check; an imported revision
with a made-up history or a clock in the future is refused before anything is kept."""

from __future__ import annotations

import time

import pytest

from odesk.core.ids import new_id
from odesk.core.revs import new_rev
from odesk.store import Store
from odesk.store.errors import InvalidEdit

from .conftest import network
from .test_sync_support import remote


def test_quarantine_keeps_a_revision_with_its_reason_and_check_lists_it(store: Store) -> None:
    record = remote(None, **network("Kept Fictional"))
    store.quarantine(record, "a signed note's text differs\nfrom what was signed", server_seq=7)
    kept = store.quarantined()
    assert kept == [
        {
            "server_seq": 7,
            "reason": "a signed note's text differs from what was signed",
            "record": record,
        }
    ]
    report = store.check()
    assert report.quarantined == 1
    assert any(record["id"] in line and "signed" in line for line in report.lines())
    assert store.get(record["id"]) is None


def test_a_rev_of_another_record_never_hides_either_record(store: Store) -> None:
    first = remote(None, **network("First Fictional"))
    second = remote(None, **network("Second Fictional"))
    second["rev"] = first["rev"]  # crafted: another record's rev
    changed = store.apply_remote(
        [{"server_seq": 1, "record": first}, {"server_seq": 2, "record": second}], "c2"
    )
    assert changed == {first["id"]}
    assert store.get(first["id"]) == first
    kept = store.quarantined()
    assert [k["record"]["id"] for k in kept] == [second["id"]]
    assert "already a revision of record" in kept[0]["reason"]
    report = store.check()
    assert report.quarantined == 1 and second["id"] in "\n".join(report.lines())
    # The same on a later page, against a revision already stored.
    third = remote(None, **network("Third Fictional"))
    third["rev"] = first["rev"]
    assert store.apply_remote([{"server_seq": 3, "record": third}], "c3") == set()
    assert store.get(first["id"]) == first
    assert len(store.quarantined()) == 2


def test_a_pulled_revision_with_unknown_parents_is_quarantined(store: Store) -> None:
    base = remote(None, **network("Base Fictional"))
    store.apply_remote([{"server_seq": 1, "record": base}], "c1")
    made_up = "999999998-" + "0" * 32
    jump = remote(base, status="closed", closed_reason="moved away")
    jump["parent_revs"] = [made_up]
    jump["rev"] = new_rev([made_up])
    assert store.apply_remote([{"server_seq": 2, "record": jump}], "c2") == set()
    assert store.get(base["id"]) == base
    assert "is not a revision of this record" in store.quarantined()[0]["reason"]
    # The record stays editable by this device.
    edited = store.save({**base, "sharing_note": "still editable"})
    assert edited["parent_revs"] == [base["rev"]]


def test_parents_earlier_in_the_same_page_count(store: Store) -> None:
    base = remote(None, **network("Page Fictional"))
    child = remote(base, sharing_note="next")
    assert store.apply_remote(
        [{"server_seq": 1, "record": base}, {"server_seq": 2, "record": child}], "c2"
    ) == {base["id"]}
    assert store.quarantined() == []
    assert store.get(base["id"]) == child


def test_import_refuses_made_up_parents_and_future_clocks(store: Store) -> None:
    base = remote(None, **network("Import Fictional"))
    orphan = remote(base, sharing_note="orphan")  # its parent is not in the file
    with pytest.raises(InvalidEdit, match="is not a revision of this record"):
        store.import_revisions([orphan])
    future = remote(None, **network("Future Fictional"))
    future["hlc"] = f"{int(time.time() * 1000) + 3_600_000:013d}-00000-device-other"
    with pytest.raises(InvalidEdit, match="hlc is in the future"):
        store.import_revisions([future])
    assert store.import_revisions([base]) == 1
    assert store.history(base["id"]) == [{**base, "device_id": store.device_id}]
    assert store.get(new_id()) is None


def test_control_characters_are_refused_at_once_tab_and_newline_kept_in_free_text(
    store: Store,
) -> None:
    from odesk.core.records import ValidationError

    with pytest.raises(ValidationError, match="person.name: must not contain control"):
        store.save(network("Robin\x00Fictional"))
    with pytest.raises(ValidationError, match="sharing_note: must not contain control"):
        store.save(network(sharing_note="ok\x07"))
    kept = store.save(network(sharing_note="line one\n\tline two"))
    assert store.get(kept["id"])["sharing_note"] == "line one\n\tline two"
    assert store.records("network") == [store.get(kept["id"])]
