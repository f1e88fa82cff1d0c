"""Status messages reach a screen reader without taking the focus (Qt's accessibility
announcement event: AT-SPI's Announcement signal on Linux), and the network map and the dashboard
charts carry their content as tables assistive technology reads.

The desktop tier (tests/desktop) checks the same announcements arrive over AT-SPI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QTableView

from odesk.ui.a11y import announcer
from odesk.ui.main_window import MainWindow
from tests.ui.conftest import PASSPHRASE, add_network, open_weak, type_text

pytestmark = pytest.mark.gui


@pytest.fixture
def said(qapp: Any) -> list[str]:
    out: list[str] = []
    announcer().announced.connect(out.append)
    yield out
    announcer().announced.disconnect(out.append)


def test_saving_a_note_is_said_once_not_at_every_autosave(
    qtbot: Any, window: Any, said: list[str]
) -> None:
    network = add_network(window.store)
    editor = window.open_meeting(network["id"], None)
    type_text(editor.summary, "First words")
    qtbot.waitUntil(lambda: "Saved" in said, timeout=10_000)
    type_text(editor.summary, " and more")
    qtbot.waitUntil(
        lambda: any("more" in (n.get("summary") or "") for n in window.store.records("note")),
        timeout=10_000,
    )
    qtbot.waitUntil(lambda: editor.status_label.text().startswith("Saved"), timeout=10_000)
    assert said.count("Saved") == 1


def test_search_counts_are_said(qtbot: Any, window: Any, said: list[str]) -> None:
    add_network(window.store, name="Morgan Invented")
    dialog = window.show_search()
    assert dialog is not None
    type_text(dialog.query, "morgan")
    qtbot.waitUntil(lambda: any(text.endswith("found") for text in said), timeout=5000)
    type_text(dialog.query, "-nothing-like-this")
    qtbot.waitUntil(lambda: "Nothing found" in said, timeout=5000)


def test_a_wrong_passphrase_is_said_at_once(
    qtbot: Any, data_dir: Path, new_store: Any, said: list[str]
) -> None:
    new_store.close()
    win = MainWindow(data_dir, opener=open_weak)
    qtbot.addWidget(win)
    win.show()
    unlock = win.unlock_widget
    unlock.passphrase.setText("not the passphrase")
    with qtbot.waitSignal(unlock.failed, timeout=20_000):
        unlock.button.click()
    assert unlock.error.text() in said
    assert unlock.error.assertive  # an error interrupts; other messages wait their turn
    unlock.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(win.unlocked, timeout=20_000):
        unlock.button.click()
    win.lock()


def test_sync_messages_are_said(qtbot: Any, window: Any, said: list[str]) -> None:
    window.statusBar().showMessage("Connected to the trust server", 5000)
    assert "Connected to the trust server" in said
    window.sync_now()
    qtbot.waitUntil(lambda: bool(window.sync_message.text()), timeout=10_000)
    assert window.sync_message.text() in said


def test_the_map_lists_each_member_for_assistive_technology(qtbot: Any, window: Any) -> None:
    network = add_network(window.store)
    window.refresh()
    window.select_network(network["id"])
    page = window.network_page
    page.tabs.setCurrentWidget(page.map_box)
    qtbot.waitUntil(lambda: page.map.isVisible())
    tables = [t for t in page.map_box.findChildren(QTableView) if t.isVisible()]
    assert len(tables) == 1 and tables[0].accessibleName() == "Members on the map"
    # What a screen reader gets: the table's cells through Qt's accessibility interface.
    iface = QAccessible.queryAccessibleInterface(tables[0])
    assert iface is not None and iface.role() == QAccessible.Role.Table
    cells = [iface.child(i) for i in range(iface.childCount())]
    names = [c.text(QAccessible.Text.Name) for c in cells if c.role() == QAccessible.Role.Cell]
    columns = 4
    rows = [names[i : i + columns] for i in range(0, len(names), columns)]
    headers = [
        c.text(QAccessible.Text.Name) for c in cells if c.role() == QAccessible.Role.ColumnHeader
    ]
    assert headers == ["Name", "Relationship", "Group", "Tie"]
    assert ["Alex Fictional", "mother", "Family", "active"] in rows
    assert ["Dr Imaginary", "GP", "Professionals", "active"] in rows
    assert rows[0][:2] == ["Robin Fictional", "the person (centre)"]
