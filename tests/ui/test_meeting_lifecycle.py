"""Meetings as teams run them: a new meeting is planned with no time, so a half-filled one never
stops the referral clock or counts as held; it can be cancelled, marked did-not-attend, or
removed with a reason that stays in the history; a note is signed only for a held meeting."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from odesk.reports.dataset import Dataset
from odesk.reports.meetings import meeting_figures
from odesk.reports.period import Period
from odesk.ui.reason_dialog import ReasonDialog
from tests.ui.conftest import add_network, hold, type_text


def new_meeting_from_the_page(window: Any) -> Any:
    network = add_network(window.store, received_at="2026-01-05T09:00:00.000+00:00")
    window.refresh()
    window.select_network(network["id"])
    page = window.network_page
    button = next(
        b for b in page.findChildren(type(page.edit_button)) if b.accessibleName() == "New meeting"
    )
    button.click()
    return window.editors[-1]


def figures(store: Any) -> Any:
    data = Dataset.of(
        [*store.records("meeting"), *store.records("network"), *store.records("note")]
    )
    return meeting_figures(data, Period(date(2026, 1, 1), date(2030, 12, 31)))


def test_a_new_meeting_is_planned_with_no_time_and_stops_no_clock(
    qtbot: Any, window: Any, monkeypatch: Any
) -> None:
    editor = new_meeting_from_the_page(window)
    assert editor.status.currentData() == "planned"
    assert editor.start.text() == "not set" and editor.end.text() == "not set"
    type_text(editor.summary, "half a note before the visit")
    qtbot.waitUntil(lambda: bool(window.store.records("note")), timeout=10_000)
    meeting = window.store.get(editor.meeting["id"])
    assert meeting["status"] == "planned"
    assert not meeting.get("start") and not meeting.get("planned_start")
    window.network_page.refresh()
    rows = window.network_page.meetings
    assert rows.data(rows.index(0, 0)) == "time not set"
    assert rows.data(rows.index(0, 1)) == "Planned"
    assert window.network_page.clock.state is not None
    assert window.network_page.clock.state.waiting  # still counting
    assert figures(window.store).held == 0

    # signing waits for the meeting to be marked held
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    assert not editor.sign()
    assert "held" in shown[0]
    assert window.store.records("note")[0]["state"] == "draft"

    # marked held: it gets a time now, stops the clock and counts
    hold(editor)
    assert editor.start.text() != "not set"
    qtbot.waitUntil(
        lambda: (window.store.get(editor.meeting["id"]) or {}).get("status") == "held",
        timeout=10_000,
    )
    held = window.store.get(editor.meeting["id"])
    assert held["start"] and held["end"] > held["start"]
    window.network_page.refresh()
    assert not window.network_page.clock.state.waiting
    assert editor.sign()


def test_cancelled_and_not_attended_keep_only_their_planned_time(qtbot: Any, window: Any) -> None:
    editor = new_meeting_from_the_page(window)
    hold(editor)
    for status in ("cancelled", "did_not_attend"):
        editor.status.setCurrentIndex(editor.status.findData(status))
        qtbot.waitUntil(
            lambda s=status: (window.store.get(editor.meeting["id"]) or {}).get("status") == s,
            timeout=10_000,
        )
        stored = window.store.get(editor.meeting["id"])
        assert stored["planned_start"] and not stored.get("start") and not stored.get("end")
        window.network_page.refresh()
        assert window.network_page.clock.state.waiting
        assert getattr(figures(window.store), status) == 1 and figures(window.store).held == 0
    rows = window.network_page.meetings
    assert rows.data(rows.index(0, 1)) == "Did not attend"


def test_a_meeting_made_by_mistake_is_removed_with_its_reason(qtbot: Any, window: Any) -> None:
    editor = new_meeting_from_the_page(window)
    type_text(editor.summary, "typed into the wrong family's meeting")
    qtbot.waitUntil(lambda: bool(window.store.records("note")), timeout=10_000)
    meeting_id, note_id = editor.meeting["id"], window.store.records("note")[0]["id"]

    def fill() -> None:
        dlg = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, ReasonDialog) and w.isVisible()
        )
        dlg._ok()  # no reason: refused, the dialog stays
        assert dlg.isVisible() and not dlg.error.isHidden()
        type_text(dlg.reason, "opened for the wrong person")
        dlg._ok()

    QTimer.singleShot(0, fill)
    editor.remove_button.click()
    assert editor not in window.editors
    store = window.store
    assert store.get(meeting_id) is None and store.get(note_id) is None
    tomb = store.history(meeting_id)[-1]
    assert tomb["deleted"] is True and tomb["deleted_reason"] == "opened for the wrong person"
    # the text typed is still in the note's history, and the removal in the page's history
    assert any("wrong family" in (r.get("summary") or "") for r in store.history(note_id))
    page = window.network_page
    assert page.meetings.rowCount() == 0
    changes = [page.history.data(page.history.index(r, 3)) for r in range(page.history.rowCount())]
    assert "removed: opened for the wrong person" in changes
    assert store.pending_count() > 0  # the tombstones go to the server at the next sync


def test_a_meeting_with_a_signed_note_is_kept(qtbot: Any, window: Any, monkeypatch: Any) -> None:
    editor = new_meeting_from_the_page(window)
    hold(editor)
    type_text(editor.summary, "we met")
    assert editor.sign()
    assert not editor.remove_button.isEnabled()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    editor.ask_remove()
    assert "signed note" in told[0]
    assert window.store.get(editor.meeting["id"]) is not None
