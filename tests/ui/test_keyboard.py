"""Keyboard alone (WCAG 2.1.1, 2.1.2, 2.4.3): on every screen Tab goes round every control once
and comes back, never caught in a table or a text box; each Alt-letter of a window is taken once;
Return, Enter or Space opens the current row of a list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QTableView, QWidget

from odesk.ui.main_window import MainWindow
from tests.ui.conftest import COLLEAGUE, add_network
from tests.ui.keyboard import (
    check_tab_cycle,
    clashes,
    describe,
    focus_widget,
    focusable,
    give_focus,
    key_click,
)


def open_editor_with_attendees(qtbot: Any, window: Any, network: dict) -> Any:
    editor = window.open_meeting(network["id"], None)
    for text in ("the person", "Alex Fictional", COLLEAGUE["name"]):
        editor.candidate.setCurrentIndex(
            next(i for i in range(editor.candidate.count()) if text in editor.candidate.itemText(i))
        )
        editor.add_attendee()
    # A box added to a shown form is shown from the event loop.
    qtbot.waitUntil(lambda: all(box.isVisible() for box in editor.voice_edits.values()))
    return editor


def check_screen(qtbot: Any, window: QWidget, first: QWidget) -> list[QWidget]:
    assert clashes(window) == {}
    return check_tab_cycle(qtbot, window, first)


def test_practitioner_screens_tab_round_once_with_unique_alt_letters(
    qtbot: Any, window: Any
) -> None:
    network = add_network(window.store)
    window.refresh()
    window.select_network(network["id"])
    check_screen(qtbot, window, window.search_box)
    page = window.network_page
    for i in range(page.tabs.count()):
        page.tabs.setCurrentIndex(i)
        on_map = page.tabs.currentWidget() is page.map_box
        if on_map:  # built when first shown, its members table shown from the event loop
            qtbot.waitUntil(
                lambda: any(t.isVisible() for t in page.map_box.findChildren(QTableView))
            )
        order = check_screen(qtbot, window, window.search_box)
        if on_map:  # Tab passes through the members table
            table = page.map_box.findChild(QTableView)
            assert table.model().rowCount() > 0 and table in order

    editor = open_editor_with_attendees(qtbot, window, network)
    assert len(editor.voice_edits) == 3
    order = check_screen(qtbot, window, editor.status)
    # Reading order: the voices follow the summary, and the button row comes after the note.
    voices = list(editor.voice_edits.values())
    at = order.index
    assert [at(v) for v in voices] == list(range(at(editor.summary) + 1, at(editor.reflections)))
    assert at(editor.late_reason) < at(editor.sign_button) < at(editor.close_button)
    editor.summary.setPlainText("We met at the kitchen table")  # a note with words in it,
    editor.status.setCurrentIndex(editor.status.findData("held"))  # of a held
    editor.start.setDateTime(QDateTime.currentDateTime().addSecs(-3600))  # meeting and its time
    assert editor.sign()
    check_screen(qtbot, window, editor.readback_button)
    editor.close_editor()

    search = window.show_search()
    search.query.setText("Robin")
    search.run()
    assert search.model.rowCount() > 0
    check_screen(qtbot, search, search.query)
    search.close()

    window.show_conflicts()
    check_screen(qtbot, window, window.tabs.tabBar())


def test_unlock_screen_tabs_round(qtbot: Any, tmp_path: Path, new_store: Any) -> None:
    new_store.close()
    win = MainWindow(new_store.data_dir)
    qtbot.addWidget(win)
    win.show()
    check_screen(qtbot, win, win.unlock_widget.passphrase)


def test_wizard_tabs_round(qtbot: Any, tmp_path: Path) -> None:
    from odesk.ui.wizard import SetupWizard

    wiz = SetupWizard(tmp_path / "new", allow_weak_kdf=True)
    qtbot.addWidget(wiz)
    wiz.show()
    check_screen(qtbot, wiz, wiz.passphrase_page.first)


# --- opening rows from the keyboard ---------------------------------------------------------------


def modal_opened_by(qtbot: Any, action: Any) -> str:
    """Run `action`, which opens a modal dialog; close it and say what it was."""
    seen: list[str] = []

    def close() -> None:
        dlg = QApplication.activeModalWidget()
        if dlg is None:
            QTimer.singleShot(20, close)
            return
        seen.append(dlg.windowTitle())
        assert isinstance(dlg, QDialog)
        dlg.reject()

    QTimer.singleShot(0, close)
    action()
    qtbot.waitUntil(lambda: bool(seen))
    return seen[0]


def test_return_enter_and_space_open_the_current_row(qtbot: Any, window: Any) -> None:
    network = add_network(window.store)
    meeting = window.store.save(
        {"kind": "meeting", "network_id": network["id"], "status": "held", "attendees": []}
    )
    window.refresh()
    window.select_network(network["id"])
    give_focus(qtbot, window.network_view)
    key_click(window.network_view, Qt.Key.Key_Return)
    assert focus_widget() is window.network_page.tabs.tabBar()  # into the network's page
    give_focus(qtbot, window.network_view)
    key_click(window.network_view, Qt.Key.Key_Space)
    assert focus_widget() is window.network_page.tabs.tabBar()

    page = window.network_page
    page.tabs.setCurrentIndex(1)
    view = page.members_view
    view.setCurrentIndex(page.members.index(0, 0))
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
        give_focus(qtbot, view)
        title = modal_opened_by(qtbot, lambda k=key: key_click(view, k))
        assert "member" in title.lower(), describe(view)

    page.tabs.setCurrentIndex(3)
    view = page.meetings_view
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Space):
        view.setCurrentIndex(page.meetings.index(0, 0))  # closing the editor reloads the list
        give_focus(qtbot, view)
        key_click(view, key)
        assert [e.meeting["id"] for e in window.editors] == [meeting["id"]], key
        window.editors[0].close_editor()
        qtbot.waitUntil(lambda: not window.editors)
        assert view.isVisible()  # back on the network's meetings

    search = window.show_search()
    search.query.setText("Robin")
    search.run()
    opened: list[dict] = []
    search.open_record.connect(opened.append)
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
        search.view.setCurrentIndex(search.model.index(0))
        give_focus(qtbot, search.view)
        key_click(search.view, key)
    assert len(opened) == 3


def test_dialogs_tab_round_with_unique_alt_letters(qtbot: Any, tmp_path: Path, window: Any) -> None:
    from odesk.ui.connect_dialog import ConnectDialog
    from odesk.ui.forms import MemberDialog, NetworkDialog
    from odesk.ui.note_dialogs import AddendumDialog, CosignDialog
    from odesk.ui.readback import ReadBackDialog
    from odesk.ui.recovery_dialog import RecoveryDialog

    dialogs = [
        NetworkDialog([("team-podlet-a", "Podlet A")]),
        MemberDialog("n-1"),
        AddendumDialog(),
        CosignDialog([("u-2", "Sam Sample")]),
        ConnectDialog(window.store),
        ReadBackDialog("<p>A note read back</p>"),
        RecoveryDialog(tmp_path),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        first = next(w for w in focusable(dialog) if w.focusProxy() is None)
        check_screen(qtbot, dialog, first)
        dialog.reject()


def test_sync_and_conflicts_with_a_conflict_open_by_keyboard(qtbot: Any, window: Any) -> None:
    from tests.ui.test_pseudo_locale import conflict_and_refusal

    add_network(window.store)
    conflict_and_refusal(window.store)
    window.refresh()
    window.show_conflicts()
    view = window.conflicts_view
    assert view.list_model.rowCount() == 1 and view.refused.model.rowCount() == 1
    view.list_view.setCurrentIndex(view.list_model.index(0, 0))
    give_focus(qtbot, view.list_view)
    key_click(view.list_view, Qt.Key.Key_Return)  # the conflict's versions side by side
    assert view.current is not None and view.editors
    check_screen(qtbot, window, window.tabs.tabBar())  # through the versions and merged fields

    opened: list[dict] = []
    view.refused.open_record.connect(opened.append)
    refused = view.refused.view
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Space):
        window.show_conflicts()  # opening a refused change went to its network
        refused.setCurrentIndex(view.refused.model.index(0, 0))
        give_focus(qtbot, refused)
        key_click(refused, key)
    assert len(opened) == 2
