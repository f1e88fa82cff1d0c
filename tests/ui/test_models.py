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
                "closed_reason": "Moved away." if i % 3 == 0 else None,
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


def test_network_list_roles_are_qts_numbers() -> None:
    from PySide6.QtCore import Qt

    from odesk.ui import network_list as nl

    ours = (
        nl.DISPLAY_ROLE,
        nl.TOOLTIP_ROLE,
        nl.FOREGROUND_ROLE,
        nl.ACCESSIBLE_TEXT_ROLE,
        nl.USER_ROLE,
    )
    assert ours == (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.UserRole,
    )


def test_network_list_header_and_sorting_ignore_nothing_a_person_sees(
    qtbot: Any, window: Any
) -> None:
    """The header draws its own titles (the same the model gives assistive technology), and
    sorting by name ignores case, as before the list stopped naming Qt's enums."""
    from PySide6.QtCore import Qt

    store = window.store
    for name in ("bea Fictional", "Adam Fictional", "carl Fictional", "Beth Fictional"):
        store.save(
            {
                "kind": "network",
                "team_id": "team-podlet-a",
                "person": {"name": name},
                "referral": {"received_at": "2026-01-05T09:00:00.000+00:00"},
                "status": "open",
            }
        )
    window.refresh()
    view = window.network_view
    header = view.horizontalHeader()
    titles = [
        header.model().headerData(i, Qt.Orientation.Horizontal) for i in range(header.count())
    ]
    source = window.network_model
    assert titles == [
        source.headerData(i, Qt.Orientation.Horizontal) for i in range(source.columnCount())
    ]
    assert titles[0] == "Person"
    assert view.model().headerData(0, Qt.Orientation.Horizontal) == "Person"  # what a reader gets
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    proxy = window.network_proxy
    names = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert names == ["Adam Fictional", "bea Fictional", "Beth Fictional", "carl Fictional"]
    assert header.sortIndicatorSection() == 0


def test_record_models(qtmodeltester: Any, new_store: Any) -> None:
    network = add_network(new_store)
    members = new_store.records("member", network_id=network["id"])
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
