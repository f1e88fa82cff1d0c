"""The network list's summary rows of a laptop follow what it pulls through a real sync: the
first-meeting clock and the safeguarding flag of a colleague's writes, page by page."""

from __future__ import annotations

from datetime import UTC, datetime

from odesk.sync import sync_once
from tests.store.summary_world import old_rows
from tests.store.test_summaries import rows
from tests.sync.conftest import Trust
from tests.sync.devices import fast_retry, meeting, network, note


def test_pulled_pages_keep_the_list_rows_true(trust: Trust) -> None:
    laptop, desktop = trust.device("ana"), trust.device("ana")
    net = laptop.store.save(network(trust.team_a, "Alex Fictional"))
    waiting = laptop.store.save(network(trust.team_a, "Bo Fictional"))
    held = laptop.store.save(meeting(net["id"]))
    laptop.store.save(
        {
            **note(net["id"], held["id"], laptop.user_id or "", "we met"),
            "state": "signed",
            "signed_at": "2026-11-21T12:00:00+00:00",
            "safety": {"discussed": True, "text": "Worry", "safeguarding_concern": True},
        }
    )
    laptop.sync()
    report = sync_once(desktop.store, retry=fast_retry(), page=2)
    assert report.pulled == 4 and not report.errors
    by_id = {s.id: s for s in desktop.store.network_summaries()}
    assert by_id[net["id"]].first_meeting == datetime(2026, 11, 21, 10, tzinfo=UTC)
    assert by_id[net["id"]].safeguarding == 1
    assert by_id[waiting["id"]].waiting and by_id[waiting["id"]].safeguarding == 0
    assert rows(desktop.store) == old_rows(desktop.store) == rows(laptop.store)

    # the colleague closes one network and holds the other's first meeting
    laptop.store.save({**net, "status": "closed", "closed_reason": "Moved away."})
    laptop.store.save({**meeting(waiting["id"]), "start": "2026-11-22T09:00:00+00:00"})
    laptop.sync()
    assert not sync_once(desktop.store, retry=fast_retry(), page=1).errors
    by_id = {s.id: s for s in desktop.store.network_summaries()}
    assert by_id[net["id"]].status == "closed"
    assert by_id[waiting["id"]].first_meeting == datetime(2026, 11, 22, 9, tzinfo=UTC)
    assert rows(desktop.store) == old_rows(desktop.store) == rows(laptop.store)
