"""Networks: a new referral from the dialog, bad input refused in one line with nothing saved,
members added, list filters; the max-offline lock hides records and says why."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QDate, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from odesk.ui.forms import MemberDialog, NetworkDialog
from tests.ui.conftest import USER, add_network


def test_new_referral_dialog_validates_and_saves(qtbot: Any, window: Any) -> None:
    dlg = NetworkDialog([("team-podlet-a", "Podlet A")])
    qtbot.addWidget(dlg)
    dlg.name.setText("Jo Madeup")
    dlg.nhs.setText("1234567890")  # fails the modulus-11 check
    dlg._ok()
    assert dlg.result_record is None
    assert "NHS number" in dlg.error.text() and "\n" not in dlg.error.text()
    dlg.nhs.setText("943 476 5919")
    dlg.dob.setDate(QDate(1990, 2, 3))
    dlg.urgency.setCurrentIndex(dlg.urgency.findData("very_urgent"))
    dlg._ok()
    record = dlg.result_record
    assert record is not None
    assert record["person"] == {
        "name": "Jo Madeup",
        "date_of_birth": "1990-02-03",
        "nhs_number": "9434765919",
    }
    assert record["referral"]["urgency"] == "very_urgent"
    saved = window.store.save(record)
    window.refresh()
    assert window.select_network(saved["id"])
    assert "4-hour" in window.network_page.clock.text()


def test_new_referral_from_the_menu(qtbot: Any, window: Any) -> None:
    def fill() -> None:
        dlg = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, NetworkDialog) and w.isVisible()
        )
        dlg.name.setText("Lee Notreal")
        dlg._ok()

    QTimer.singleShot(0, fill)
    window.new_network_action.trigger()
    networks = window.store.records("network")
    assert [n["person"]["name"] for n in networks] == ["Lee Notreal"]
    assert networks[0]["key_practitioner_ids"] == [USER["id"]]
    assert window.network_page.network["id"] == networks[0]["id"]


def test_member_dialog(qtbot: Any, window: Any) -> None:
    network = add_network(window.store)
    dlg = MemberDialog(network["id"])
    qtbot.addWidget(dlg)
    dlg._ok()
    assert dlg.result_record is None and dlg.error.text()
    dlg.name.setText("Pat Pretend")
    dlg.relationship.setText("neighbour")
    dlg.category.setCurrentIndex(dlg.category.findData("friend"))
    dlg._ok()
    window.store.save(dlg.result_record)
    window.refresh()
    window.select_network(network["id"])
    names = [
        window.network_page.members.record(i)["name"]
        for i in range(window.network_page.members.rowCount())
    ]
    assert "Pat Pretend" in names
    assert "Pat Pretend" in window.network_page.map.labels


def test_filters(qtbot: Any, window: Any) -> None:
    store = window.store
    mine = add_network(store, name="Mine Fictional")
    other = store.save(
        {
            "kind": "network",
            "team_id": "team-elsewhere",
            "person": {"name": "Other Fictional"},
            "referral": {"received_at": "2026-01-05T09:00:00+00:00"},
            "status": "closed",
            "closed_reason": "Moved away.",
            "key_practitioner_ids": ["someone-else"],
        }
    )
    store.save(
        {
            "kind": "meeting",
            "network_id": mine["id"],
            "status": "held",
            "start": "2026-01-05T12:00:00+00:00",
        }
    )
    window.refresh()
    shown = {}
    for key in ("all", "mine", "my_team", "open", "closed", "waiting"):
        window.filter_combo.setCurrentIndex(window.filter_combo.findData(key))
        shown[key] = {
            window.network_model.row_at(i).name for i in range(window.network_model.rowCount())
        }
    assert shown["all"] == {"Mine Fictional", "Other Fictional"}
    assert shown["my_team"] == {"Mine Fictional"}
    assert shown["closed"] == {"Other Fictional"}
    assert shown["open"] == {"Mine Fictional"}
    assert shown["waiting"] == set()  # the open one has had its first meeting
    assert other["id"]


def test_max_offline_lock_hides_records(qtbot: Any, data_dir: Any, new_store: Any) -> None:
    from odesk.ui.main_window import MainWindow
    from tests.ui.conftest import open_weak

    add_network(new_store)
    new_store.meta_set("server_url", "http://127.0.0.1:9")  # nothing listens there
    new_store.meta_set("token", "not-a-real-token")
    new_store.meta_set("policy", {"max_offline_days": 3, "autolock_minutes": 5})
    new_store.meta_set("last_contact_at", (datetime.now(UTC) - timedelta(days=10)).isoformat())
    win = MainWindow(data_dir, opener=open_weak)
    qtbot.addWidget(win)
    win.open_store(new_store)
    assert win.stack.currentWidget() is win.message_page
    assert (
        "hidden" in win.message_page.text.text()
        and "Nothing has been deleted" in win.message_page.text.text()
    )
    assert win.network_model.rowCount() == 0
    win.lock()


def test_only_window_geometry_in_settings(qtbot: Any, window: Any) -> None:
    add_network(window.store)
    window.refresh()
    window.close()
    settings = QSettings()
    assert all(k.startswith("main_window/") for k in settings.allKeys())


def test_refused_changes_are_listed_with_the_servers_reason(qtbot: Any, window: Any) -> None:
    store = window.store
    add_network(store)
    pending = store.outbox_pending(10)
    store.mark_inflight([p["change_id"] for p in pending])
    store.mark_acknowledged(
        [
            {
                "change_id": pending[0]["change_id"],
                "status": "rejected",
                "reason": "not in your team's scope",
            }
        ]
    )
    window.show_conflicts()
    rows = window.conflicts_view.rejected_model
    assert rows.rowCount() == 1
    assert rows.data(rows.index(0, 0)) == "Referral and person — Robin Fictional"
    assert rows.data(rows.index(0, 1)) == (
        "The server did not accept this change: not in your team's scope"
    )


def test_run_app_opens_on_the_unlock_screen(qtbot: Any, data_dir: Any, new_store: Any) -> None:
    from odesk.ui.app import run_app
    from odesk.ui.main_window import MainWindow

    new_store.close()
    seen = []
    deadline = time.monotonic() + 60

    def look_and_quit() -> None:
        # Polled until the app's window is on screen; bounded, so a window that never shows ends
        # the event loop with status 3 instead of leaving it waiting.
        wins = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        if wins:
            poll.stop()
            seen.extend(w.stack.currentWidget() is w.unlock_widget for w in wins)
            QApplication.closeAllWindows()
        elif time.monotonic() > deadline:
            poll.stop()
            QApplication.exit(3)

    poll = QTimer()
    poll.timeout.connect(look_and_quit)
    poll.start(20)
    try:
        assert run_app(data_dir) == 0
    finally:
        poll.stop()
    assert seen == [True]


def test_unexpected_errors_show_one_line_not_a_traceback(
    qtbot: Any, monkeypatch: Any, capsys: Any
) -> None:
    import sys

    from PySide6.QtWidgets import QMessageBox

    from odesk.ui import app as app_module

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    app_module.install_error_hook()
    try:
        raise RuntimeError("store went away\nsecond line with detail")
    except RuntimeError as exc:
        sys.excepthook(RuntimeError, exc, exc.__traceback__)
    err = capsys.readouterr().err
    assert err.strip() == "odesk: RuntimeError: store went away"
    assert "Traceback" not in err and "second line" not in shown[0]
