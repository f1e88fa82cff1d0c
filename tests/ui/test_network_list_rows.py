"""The network list shows the store's summary rows: the same rows, flags and clock as the list
computed from the records before, and the first screenful before the rest has been read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from odesk.ui.network_list import (
    ACCESSIBLE_TEXT_ROLE,
    FIRST_SCREEN,
    ID_ROLE,
    NetworkTableModel,
)
from tests.store.summary_world import build_world, old_rows

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


def shown(model: NetworkTableModel) -> list[tuple[Any, ...]]:
    model.fetch_all()
    out = []
    for r in range(model.rowCount()):
        row = model.row_at(r)
        assert row is not None
        out.append(tuple(getattr(row, f) for f in FIELDS))
    return out


def _save_networks(store: Any, count: int, day: str, name: Callable[[int], str]) -> None:
    """``count`` open networks referred on ``day``, a second apart, the i-th named name(i)."""
    with store.transaction():
        for i in range(count):
            store.save(
                {
                    "kind": "network",
                    "team_id": "team-podlet-a",
                    "person": {"name": name(i)},
                    "referral": {"received_at": f"{day}T09:{i // 60:02d}:{i % 60:02d}+00:00"},
                    "status": "open",
                }
            )


def test_the_list_shows_what_the_records_said_before(qtbot: Any, window: Any) -> None:
    store = window.store
    ids = build_world(store)
    window.refresh()
    model = window.network_model
    assert shown(model) == old_rows(store)
    # what a person and a screen reader get from the flagged and the waiting rows
    texts = {
        model.data(model.index(r, 0), ID_ROLE): [
            model.data(model.index(r, c), ACCESSIBLE_TEXT_ROLE) for c in range(6)
        ]
        for r in range(model.rowCount())
    }
    assert texts[ids["flagged"]][:4] == [
        "Flagged Fictional (Rob)",
        texts[ids["flagged"]][1],
        "Open",
        "Urgent",
    ]
    assert "1 note" in texts[ids["flagged"]][1]
    assert texts[ids["waiting"]][5] == "Waiting"
    assert texts[ids["addressed"]][1] == "" and texts[ids["addressed"]][2] == "Closed"
    combo = window.filter_combo
    combo.setCurrentIndex(combo.findData("safeguarding"))
    assert {model.row_at(r).id for r in range(model.rowCount())} == {ids["flagged"], ids["split"]}
    combo.setCurrentIndex(combo.findData("waiting"))
    assert [model.row_at(r).id for r in range(model.rowCount())] == [ids["waiting"]]


def test_the_first_screenful_shows_before_the_rest_is_read(qtbot: Any, window: Any) -> None:
    store = window.store
    count = FIRST_SCREEN + 40
    _save_networks(store, count, "2026-01-05", lambda i: f"Person {i:04d} Fictional")
    model = window.network_model
    model.clear()  # as after unlocking
    window.network_proxy.set_search("0003")  # a search typed while the rest is read
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        window.refresh_list(background=True)
        assert model.total_all() == FIRST_SCREEN  # shown at once, before the rest
        assert model.rowCount() > 0
        assert model.row_at(0).name == f"Person {count - 1:04d} Fictional"  # newest first
    assert model.total_all() == count
    assert [model.row_at(r).id for r in range(model.rowCount())] == [
        s.id for s in store.network_summaries()
    ][: model.rowCount()]
    proxy = window.network_proxy
    assert proxy.rowCount() == 1  # the search found the row that came with the rest
    proxy.set_search("")
    assert shown(model) == [tuple(getattr(s, f) for f in FIELDS) for s in store.network_summaries()]


def test_a_window_that_is_not_painted_still_gets_the_whole_list(qtbot: Any, window: Any) -> None:
    """The rest of a long list waits for the first screenful's paint; a hidden window (never
    painted) gets it all the same."""
    store = window.store
    count = FIRST_SCREEN + 10
    _save_networks(store, count, "2026-01-06", lambda i: f"Hidden {i:04d} Fictional")
    window.hide()
    model = window.network_model
    model.clear()
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        window.refresh_list(background=True)
        assert model.total_all() == FIRST_SCREEN
    assert model.total_all() == count


def _seen_names(window: Any) -> list[str]:
    """The names in the order a person sees them (through the sorting and search proxy)."""
    proxy = window.network_proxy
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


def test_the_list_opens_newest_referral_first_and_nothing_moves_when_the_rest_comes(
    qtbot: Any, window: Any
) -> None:
    from PySide6.QtCore import Qt

    store = window.store
    count = FIRST_SCREEN + 30
    # Names run against the referral dates: a list sorted by name would show them reversed.
    _save_networks(store, count, "2026-01-07", lambda i: f"Person {count - i:04d} Fictional")
    newest_first = [s.name for s in store.network_summaries()]  # the store's order
    assert newest_first[0] == "Person 0001 Fictional"
    window.network_model.clear()  # as after unlocking
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        window.refresh_list(background=True)
        first = _seen_names(window)
        assert first == newest_first[: len(first)]  # the first screenful, newest first
    window.network_model.fetch_all()
    assert _seen_names(window) == newest_first  # the rest went below, nothing moved
    header = window.network_view.horizontalHeader()
    received = NetworkTableModel.COLUMNS.index("received")
    assert window.network_view.isSortingEnabled()
    assert header.sortIndicatorSection() == received
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    window.network_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # a click on "Name"
    assert _seen_names(window) == sorted(newest_first)
