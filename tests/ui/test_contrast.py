"""Visible focus and contrast (WCAG 2.4.7, 1.4.3, 1.4.11), measured on grabbed pixels: the
focus ring changes every control's edge by 3:1 or more, selected rows, placeholders and the
late-entry label read at 4.5:1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from odesk.ui import style, visibility
from odesk.ui.main_window import MainWindow
from tests.ui.conftest import add_network
from tests.ui.keyboard import focus_widget, give_focus, tab_cycle
from tests.ui.pixels import rect_in, ring_contrast, snapshot, text_contrast


@pytest.fixture(autouse=True)
def styled(qapp: Any) -> None:
    style.apply_style(qapp)  # as make_app does: the palette fixes and the focus ring


def ring_change(qtbot: Any, window: QWidget, away: QWidget, control: QWidget) -> float:
    give_focus(qtbot, away)
    before = snapshot(window)
    give_focus(qtbot, control)
    after = snapshot(window)
    return ring_contrast(before, after, rect_in(window, control))


def test_focus_ring_shows_on_buttons_tables_tab_bars_the_map_and_search_results(
    qtbot: Any, window: Any
) -> None:
    window.resize(1280, 820)
    network = add_network(window.store)
    window.refresh()
    window.select_network(network["id"])
    assert window.network_view.selectionModel().hasSelection()  # a table with a selected row
    page = window.network_page
    new_referral = next(
        b for b in window.findChildren(QPushButton) if b.accessibleName() == "New referral"
    )
    cases = {
        "networks table": window.network_view,
        "button": new_referral,
        "page tab bar": page.tabs.tabBar(),
        "main tab bar": window.tabs.tabBar(),
        "filter box": window.search_box,
    }
    measured = {
        name: ring_change(qtbot, window, page.edit_button, control)
        for name, control in cases.items()
    }
    page.tabs.setCurrentWidget(page.map_box)
    measured["map"] = ring_change(qtbot, window, window.search_box, page.map)
    search = window.show_search()
    search.query.setText("Robin")
    search.run()
    search.view.setCurrentIndex(search.model.index(0))
    measured["search results"] = ring_change(qtbot, search, search.query, search.view)
    assert all(value >= 3.0 for value in measured.values()), measured


def test_focus_ring_on_the_unlock_button(qtbot: Any, tmp_path: Path, new_store: Any) -> None:
    new_store.close()
    win = MainWindow(new_store.data_dir)
    qtbot.addWidget(win)
    win.resize(900, 600)
    win.show()
    unlock = win.unlock_widget
    assert ring_change(qtbot, win, unlock.passphrase, unlock.button) >= 3.0


def test_the_ring_follows_the_focus_to_every_control(qtbot: Any, window: Any) -> None:
    network = add_network(window.store)
    window.refresh()
    window.select_network(network["id"])
    ring = visibility.install(QApplication.instance())
    seen = []
    window.focusWidget()

    def check(_old: Any, new: Any) -> None:
        if new is not None:
            seen.append((new, ring.widget() is new and not ring.isHidden()))

    app = QApplication.instance()
    app.focusChanged.connect(check)
    try:
        visited = tab_cycle(qtbot, window, window.search_box)
    finally:
        app.focusChanged.disconnect(check)
    assert focus_widget() is window.search_box
    assert {w for w, _ in seen} >= set(visited[1:])
    assert all(ok for _, ok in seen), [type(w).__name__ for w, ok in seen if not ok]


def test_selected_rows_and_placeholders_read_at_4_5_to_1(qtbot: Any, window: Any) -> None:
    network = add_network(window.store)
    window.refresh()
    window.select_network(network["id"])
    view = window.network_view
    for focused in (False, True):
        give_focus(qtbot, view if focused else window.search_box)
        index = view.currentIndex()
        image = snapshot(view.viewport())
        assert text_contrast(image, view.visualRect(index)) >= 4.5
    window.search_box.clear()
    give_focus(qtbot, view)
    box = window.search_box
    assert box.placeholderText()
    image = snapshot(box)
    assert text_contrast(image, box.rect().adjusted(4, 4, -4, -4)) >= 4.5


def test_the_late_entry_label_reads_at_4_5_to_1_and_its_mark_at_3_to_1(qtbot: Any) -> None:
    label = style.style_as(
        QLabel("Late entry: first written more than 24 hours after"), "LateEntry"
    )
    qtbot.addWidget(label)
    label.resize(520, 30)
    label.show()
    qtbot.waitExposed(label)
    image = snapshot(label)
    text = image.rect().adjusted(12, 0, 0, 0)  # right of the mark
    assert text_contrast(image, text) >= 4.5
    mark = image.pixelColor(1, 15)
    assert visibility.ratio(mark, label.palette().window().color()) >= 3.0
