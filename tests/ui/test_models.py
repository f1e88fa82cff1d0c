"""Every item model of the app passes Qt's model tester, empty and filled."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex

from odesk.ui.attendees import AttendeesModel
from odesk.ui.network_list import BATCH, NetworkFilterProxy, NetworkTableModel, load_rows
from odesk.ui.record_models import history_model, meetings_model, members_model
from odesk.ui.search import SearchResultsModel
from tests.ui.conftest import add_network


def test_network_model_and_proxy(qtmodeltester: Any, new_store: Any) -> None:
    for i in range(BATCH + 10):
        new_store.save(
            {
                "kind": "network",
                "team_id": "team-podlet-a",
                "person": {"name": f"Person {i:04d}"},
                "referral": {"received_at": "2026-01-05T09:00:00.000+00:00"},
                "status": "closed" if i % 3 == 0 else "open",
            }
        )
    qtmodeltester.check(NetworkTableModel())
    model = NetworkTableModel()
    model.set_rows(load_rows(new_store), user_id="u-practitioner-1", team_ids=["team-podlet-a"])
    # rows reach the view in batches, never all at once
    assert model.rowCount() == BATCH
    assert model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)
    proxy = NetworkFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.set_search("person 0007")
    assert proxy.rowCount() == 1
    model.set_filter("closed")
    proxy.set_search("")
    assert model.total() == (BATCH + 10 + 2) // 3
    model.set_filter("waiting")
    assert model.total() == BATCH + 10 - (BATCH + 10 + 2) // 3


def test_record_models(qtmodeltester: Any, new_store: Any) -> None:
    network = add_network(new_store)
    members = new_store.list("member", network_id=network["id"])
    for model, records in (
        (members_model(), members),
        (meetings_model(), [{"id": "x", "status": "held", "start": "2026-01-05T10:00:00+00:00"}]),
        (history_model(lambda u: u), new_store.history(network["id"])),
    ):
        qtmodeltester.check(model)
        model.set_records(records)
        assert model.rowCount() == len(records)
        qtmodeltester.check(model)


def test_attendees_model(qtmodeltester: Any) -> None:
    model = AttendeesModel(lambda a: a.get("name") or "")
    qtmodeltester.check(model)
    model.add({"name": "Alex", "role": "network"})
    model.add({"user_id": "u1", "role": "practitioner", "facilitator": True})
    assert not model.add({"name": "Alex", "role": "network"})  # no one twice
    qtmodeltester.check(model)
    model.remove(0)
    assert model.rowCount() == 1


def test_search_results_model(qtmodeltester: Any) -> None:
    model = SearchResultsModel()
    qtmodeltester.check(model)
    model.set_results(
        [{"record_id": "r", "kind": "note", "network_id": None, "snippet": "a \ue000b\ue001 <c>"}]
    )
    qtmodeltester.check(model)
