"""Every control on the main screens has an accessible name (or visible text a screen reader
reads), and the main actions have keyboard shortcuts."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGraphicsView,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from tests.ui.conftest import add_network

CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QGraphicsView,
)


def unnamed(root: QWidget) -> list[str]:
    out = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, CONTROLS) or not w.isVisibleTo(root):
            continue
        if type(w).__name__ in ("QScrollBar", "QTabBar", "QToolButton", "QHeaderView"):
            continue  # Qt's own parts of a named control
        if isinstance(w, QLineEdit) and isinstance(w.parent(), (QComboBox, QAbstractSpinBox)):
            continue  # the editor inside a named combo box or date edit
        if w.parent() is not None and type(w.parent()).__name__ == "QScrollArea":
            continue
        if isinstance(w, QAbstractButton) and isinstance(w.parent(), QAbstractItemView):
            continue  # a table's corner button
        text = w.text() if isinstance(w, QAbstractButton) else ""
        if not (w.accessibleName() or text.replace("&", "").strip()):
            out.append(f"{type(w).__name__} in {type(w.parent()).__name__}")
    return out


def test_main_window_and_editor_controls_are_named(qtbot: Any, window: Any) -> None:
    network = add_network(window.store)
    window.refresh()
    window.select_network(network["id"])
    for i in range(window.network_page.tabs.count()):
        window.network_page.tabs.setCurrentIndex(i)
        assert unnamed(window) == []
    editor = window.open_meeting(network["id"], None)
    assert unnamed(editor) == []
    window.show_search()
    assert unnamed(window.search_dialog) == []
    window.show_conflicts()
    assert unnamed(window.conflicts_view) == []


def test_keyboard_paths(window: Any) -> None:
    shortcuts = {
        a.shortcut().toString(QKeySequence.SequenceFormat.PortableText) for a in window.actions()
    }
    for key in ("Ctrl+L", "Ctrl+F", "F5", "Ctrl+N", "Ctrl+1", "Ctrl+2"):
        assert key in shortcuts
    tabs = window.network_page.tabs
    assert all(
        "&" in tabs.tabText(i) for i in range(tabs.count())
    )  # Alt+letter reaches each section


def test_dialogs_wizard_and_unlock_are_named(qtbot: Any, window: Any, tmp_path: Any) -> None:
    from odesk.ui.forms import MemberDialog, NetworkDialog
    from odesk.ui.note_dialogs import AddendumDialog, CosignDialog
    from odesk.ui.wizard import SetupWizard

    for dlg in (
        NetworkDialog([("team-podlet-a", "Podlet A")]),
        MemberDialog("0190a000-0000-7000-8000-00000000abcd"),
        AddendumDialog(),
        CosignDialog([("u2", "Sam")]),
    ):
        qtbot.addWidget(dlg)
        dlg.show()
        assert unnamed(dlg) == [], type(dlg).__name__
    wiz = SetupWizard(tmp_path / "w")
    qtbot.addWidget(wiz)
    wiz.show()
    for page in (wiz.passphrase_page, wiz.recovery_page, wiz.connect_page):
        page.show()
        assert unnamed(page) == [], type(page).__name__
    window.lock()
    assert unnamed(window.unlock_widget) == []
