"""Global search (Ctrl+F) finds note text and names, with the matching words highlighted."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from odesk.ui.search import HTML_ROLE
from tests.ui.conftest import add_network, type_text


def test_search_highlights_and_opens(qtbot: Any, window: Any) -> None:
    store = window.store
    network = add_network(store, name="Morgan Invented")
    window.refresh()
    editor = window.open_meeting(network["id"], None)
    type_text(editor.summary, "The <family> spoke about gardening together")
    qtbot.waitUntil(lambda: bool(store.records("note")), timeout=10_000)
    editor.close_editor()

    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    dlg = window.search_dialog
    assert dlg is not None and dlg.isVisible()
    type_text(dlg.query, "garden")
    qtbot.waitUntil(lambda: dlg.model.rowCount() == 1, timeout=5000)
    html = dlg.model.index(0).data(HTML_ROLE)
    assert "<b>gardening</b>" in html
    assert "&lt;family&gt;" in html  # note text is escaped, never rendered as markup

    dlg.query.setText("morgan")
    dlg.run()
    assert dlg.model.rowCount() >= 1
    assert "<b>Morgan</b>" in dlg.model.index(0).data(HTML_ROLE)
    dlg.view.activated.emit(dlg.model.index(0))  # what a double-click or Return emits
    assert window.network_page.network["id"] == network["id"]

    dlg.query.setText("nothing-like-this")
    dlg.run()
    assert dlg.model.rowCount() == 0
