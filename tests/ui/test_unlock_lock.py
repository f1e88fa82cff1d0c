"""Unlock with wrong and right passphrase; locking (Ctrl+L, idle) clears every view and closes the store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from odesk.ui.main_window import MainWindow
from tests.ui.conftest import PASSPHRASE, add_network, open_weak, type_text


def test_wrong_then_right_passphrase(qtbot: Any, data_dir: Path, new_store: Any) -> None:
    add_network(new_store)
    new_store.close()
    win = MainWindow(data_dir, opener=open_weak)
    qtbot.addWidget(win)
    win.show()
    unlock = win.unlock_widget
    assert win.stack.currentWidget() is unlock
    unlock.passphrase.setText("not the passphrase")
    with qtbot.waitSignal(unlock.failed, timeout=20_000):
        unlock.button.click()
    assert "not right" in unlock.error.text()
    assert win.stack.currentWidget() is unlock and win.session is None
    unlock.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(win.unlocked, timeout=20_000):
        QTest.keyClick(unlock.passphrase, Qt.Key.Key_Return)
    assert win.stack.currentWidget() is win.workspace
    assert win.network_model.rowCount() == 1
    win.lock()


def test_ctrl_l_locks_and_clears(qtbot: Any, window: Any) -> None:
    add_network(window.store)
    window.refresh()
    store = window.store
    assert window.network_model.rowCount() == 1
    window.network_view.setCurrentIndex(window.network_proxy.index(0, 0))
    assert window.network_page.members.rowCount() == 2
    editor = window.open_meeting(window.network_page.network["id"], None)
    type_text(editor.summary, "Something said in the room")
    with qtbot.waitSignal(window.locked, timeout=10_000):
        QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert store.closed
    assert window.session is None
    assert window.network_model.rowCount() == 0
    assert window.network_page.members.rowCount() == 0
    assert window.network_page.history.rowCount() == 0
    assert window.tabs.count() == 0
    assert window.stack.currentWidget() is window.unlock_widget
    assert not window.search_action.isEnabled()
    # typing reached the store before it closed
    reopened = open_weak(window.data_dir, PASSPHRASE)
    try:
        notes = reopened.records("note")
        assert notes and notes[0]["summary"] == "Something said in the room"
    finally:
        reopened.close()


def test_locking_builds_no_view_on_its_way_out(qtbot: Any, window: Any) -> None:
    """Removing the tabs makes the conflicts tab current for a moment; its view (records read
    from the closing store) is not built then."""
    qtbot.waitExposed(window)
    assert window._conflicts_view is None
    window.lock()
    assert window._conflicts_view is None


def test_idle_auto_lock(qtbot: Any, window: Any) -> None:
    add_network(window.store)
    window.refresh()
    assert window.network_model.rowCount() == 1
    window.idle.set_minutes(0.002)  # ~120 ms
    window.idle.start()
    with qtbot.waitSignal(window.locked, timeout=10_000):
        pass
    assert window.network_model.rowCount() == 0
    assert window.tabs.count() == 0


def test_meeting_being_written_comes_back_after_unlock(qtbot: Any, window: Any) -> None:
    network = add_network(window.store)
    window.refresh()
    editor = window.open_meeting(network["id"], None)
    type_text(editor.uncertainties, "whether the new flat will suit")
    window.lock()
    store = open_weak(window.data_dir, PASSPHRASE)
    with qtbot.waitSignal(window.unlocked, timeout=10_000):
        window.open_store(store)
    assert len(window.editors) == 1
    again = window.editors[0]
    assert again.uncertainties.toPlainText() == "whether the new flat will suit"
    assert not again.recovered_banner.isVisibleTo(again)  # a lock is not a crash


def test_after_a_lock_and_unlock_a_crash_is_still_seen_as_one(qtbot: Any, window: Any) -> None:
    """The clean-lock mark is unset once the unlocked window has painted, and before any editor
    opens: an editor open when the app is killed comes back saying so, even in the moment after
    an unlock."""
    from odesk.ui.main_window import CLEAN_LOCK

    network = add_network(window.store)
    window.lock()
    store = open_weak(window.data_dir, PASSPHRASE)
    assert store.meta_get(CLEAN_LOCK) is True
    window.open_store(store)
    qtbot.waitUntil(lambda: store.meta_get(CLEAN_LOCK) is False, timeout=10_000)
    window.lock()
    store = open_weak(window.data_dir, PASSPHRASE)
    window.open_store(store)
    window.open_meeting(network["id"], None)  # at once, before any paint
    assert store.meta_get(CLEAN_LOCK) is False


def test_the_unlocked_window_locks_when_the_desktop_session_locks(qtbot: Any, window: Any) -> None:
    """Once unlocked, the window listens for the desktop's own lock (D-Bus: tests/ui/
    test_session_lock.py) and locks with it; listening starts after the first paint."""
    qtbot.waitUntil(lambda: window.session_lock is not None, timeout=10_000)
    with qtbot.waitSignal(window.locked, timeout=10_000):
        window.session_lock.locked.emit()
    assert window.session is None and window.store is None


def test_forgotten_passphrase_recovery_key(qtbot: Any, data_dir: Path, new_store: Any) -> None:
    from PySide6.QtCore import QTimer

    from odesk.store import Store
    from odesk.ui.recovery_dialog import RecoveryDialog
    from odesk.vault import TEST_PARAMS

    key = new_store.make_recovery_key()
    new_store.close()
    win = MainWindow(data_dir, opener=open_weak)
    qtbot.addWidget(win)
    win.show()
    win.unlock_widget.recovery_opener = lambda d, k, p: Store.open_with_recovery(
        d, k, p, kdf_params=TEST_PARAMS, allow_weak_kdf=True
    )
    new_phrase = "a brand new long passphrase"

    def fill() -> None:
        dlg = win.unlock_widget.recovery_dialog
        assert isinstance(dlg, RecoveryDialog)
        dlg.key.setText("WRONG-" + key)
        dlg.first.setText(new_phrase)
        dlg.second.setText(new_phrase)
        dlg.start()
        qtbot.waitUntil(lambda: bool(dlg.error.text()), timeout=10_000)
        assert "\n" not in dlg.error.text()
        dlg.key.setText(key)
        dlg.start()

    QTimer.singleShot(0, fill)
    with qtbot.waitSignal(win.unlocked, timeout=20_000):
        win.unlock_widget.recover_button.click()
    assert win.stack.currentWidget() is win.workspace
    win.lock()
    open_weak(data_dir, new_phrase).close()  # the new passphrase now opens it
