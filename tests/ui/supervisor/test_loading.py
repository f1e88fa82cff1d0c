"""The review queue and the team dashboard read the store on a pool thread (a big caseload's
notes take seconds to read): the window never waits, the page says it is loading, the newest
read wins, and nothing read is shown once the app has locked."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
import shiboken6
from PySide6.QtGui import QAccessible

from odesk.reports import team_report
from odesk.ui import workers
from odesk.ui.main_window import MainWindow
from odesk.ui.supervisor import DashboardPage, ReviewQueuePage, dashboard, queue_page
from odesk.ui.supervisor.queue_model import NOTE_ID_ROLE, ReviewQueueModel
from tests.reports.known_data import build, extra_notes, rid
from tests.ui.supervisor.loaded import loaded
from tests.ui.supervisor.people import USERS, open_store


def _signed_note(store: Any, summary: str) -> dict:
    """A colleague's note signed in the known data's meeting M1d, as a sync might bring it."""
    return store.save(
        {
            "kind": "note",
            "meeting_id": rid("M1d"),
            "network_id": rid("N1"),
            "author_id": "u-cal",
            "state": "signed",
            "signed_at": "2026-04-30T09:00:00+00:00",
            "summary": summary,
        }
    )


def cells(model: Any) -> list[list[str]]:
    return [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def shown(page: ReviewQueuePage) -> list[str]:
    model = page.model
    return [model.data(model.index(r, 0), NOTE_ID_ROLE) for r in range(model.rowCount())]


class Held:
    """Wraps a page's read so that it waits, on its pool thread, until released: before the
    real read (``before=True``, it then meets a locked store) or after it (its answer is
    ready but not yet delivered)."""

    def __init__(self, read: Any, *, before: bool = False) -> None:
        self.read = read
        self.before = before
        self.release = threading.Event()
        self.started = threading.Event()
        self.ended = threading.Event()
        self.calls = 0

    def __call__(self, *args: Any) -> Any:
        self.calls += 1
        first = self.calls == 1
        try:
            if first:
                self.started.set()
                if self.before:
                    assert self.release.wait(10)
            result = self.read(*args)
            if first and not self.before:
                assert self.release.wait(10)
            return result
        finally:
            if first:
                self.ended.set()


def no_task_left(qtbot: Any) -> None:
    """Every pool task's answer has reached the UI thread (and been handled or dropped)."""
    qtbot.waitUntil(lambda: not workers._live, timeout=10_000)


def test_the_queue_shows_the_rows_read_on_the_ui_thread(qtbot, ctx):
    page = loaded(qtbot, ReviewQueuePage(ctx))
    qtbot.addWidget(page)
    direct = ReviewQueueModel(ctx)
    direct.refresh()  # the same read, on this thread
    assert cells(page.model) and cells(page.model) == cells(direct)
    assert shown(page) == [rid("note-M2b"), rid("note-M1c")]
    assert page.count_label.text() == "2 notes shown"
    assert page.loading_note.isHidden()


def test_the_dashboard_shows_the_figures_computed_from_every_record(qtbot, ctx):
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.set_period(date(2026, 3, 1), date(2026, 4, 30))
    loaded(qtbot, page)
    teams = list(ctx.teams.values())
    args = ("team-north", date(2026, 3, 1), date(2026, 4, 30))
    expected = team_report(ctx.all_records(), *args, teams=teams)
    moment = datetime(2026, 5, 1, tzinfo=UTC)
    assert replace(page.report, as_of=moment) == replace(expected, as_of=moment)
    assert "2 of 3 (67%)" in page.summary.text() and len(page.views) == 5


def test_while_loading_the_page_says_so_to_a_screen_reader_and_stays_usable(qtbot, ctx):
    page = ReviewQueuePage(ctx)  # its read has started; its answer cannot come before events
    qtbot.addWidget(page)
    page.show()
    assert page.loading
    note = page.loading_note
    assert note.isVisible() and note.label.text() == "Loading the review queue…"
    for widget in (note.label, note.bar):
        iface = QAccessible.queryAccessibleInterface(widget)
        assert "Loading the review queue" in iface.text(QAccessible.Text.Name)
    assert page.count_label.text() == ""  # never "0 notes shown" (the note speaks, once)
    assert page.view.accessibleDescription() == "Loading the review queue…"
    # the filters answer meanwhile, and apply to the rows when they come
    assert page.show_reviewed.isEnabled() and page.team_box.isEnabled()
    page.show_reviewed.setChecked(True)
    loaded(qtbot, page)
    assert shown(page) == [rid("note-M2b"), rid("note-M1c"), rid("note-M1a")]
    assert not note.isVisible() and page.view.accessibleDescription() == ""
    assert page.count_label.text() == "3 notes shown"

    board = DashboardPage(ctx)
    qtbot.addWidget(board)
    board.show()
    assert board.loading and board.loading_note.isVisible()
    assert board.loading_note.label.text() == "Loading the team's figures…"
    assert board.team_box.isEnabled() and board.preset_box.isEnabled()
    loaded(qtbot, board)
    assert board.report is not None and not board.loading_note.isVisible()


def test_a_save_while_the_queue_loads_ends_with_the_newest_rows(qtbot, ctx, sup_store, monkeypatch):
    held = Held(queue_page.queue_rows)
    monkeypatch.setattr(queue_page, "queue_rows", held)
    page = ReviewQueuePage(ctx)
    qtbot.addWidget(page)
    answers: list[list] = []
    page.loader.loaded.connect(answers.append)
    assert held.started.wait(10)  # the first read is done, its answer held back
    note = _signed_note(sup_store, "Arrived during the read")  # e.g. pulled by a sync meanwhile
    page.refresh()  # what the main window does after the sync
    held.release.set()
    loaded(qtbot, page)
    assert shown(page) == [note["id"], rid("note-M2b"), rid("note-M1c")]
    assert len(answers) == 1  # the first read's older answer was never shown
    assert held.calls == 2


def test_a_new_period_while_the_dashboard_loads_ends_with_that_period(qtbot, ctx, monkeypatch):
    held = Held(dashboard.compute_figures)
    monkeypatch.setattr(dashboard, "compute_figures", held)
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    assert held.started.wait(10)
    page.set_period(date(2026, 4, 1), date(2026, 4, 30))
    held.release.set()
    loaded(qtbot, page)
    assert page.report.period.start == date(2026, 4, 1)
    assert page.report.meetings.held == 1


@pytest.mark.parametrize("which", ["queue", "dashboard"])
def test_locking_while_a_page_reads_shows_nothing_and_raises_nothing(
    qtbot, tmp_path, monkeypatch, which
):
    module, name = (
        (queue_page, "queue_rows") if which == "queue" else (dashboard, "compute_figures")
    )
    held = Held(getattr(module, name))
    monkeypatch.setattr(module, name, held)
    store = open_store(tmp_path / "sue", USERS[0], build() + extra_notes())
    window = MainWindow(tmp_path / "sue")
    qtbot.addWidget(window)
    window.open_store(store)
    window.show()
    page = getattr(window.supervisor_pages, which)
    answers: list[Any] = []
    page.loader.loaded.connect(answers.append)
    page.loader.failed.connect(answers.append)
    window.tabs.setCurrentWidget(page)
    assert held.started.wait(10) and page.loading
    # The read ends while the app locks: locking waits for the pool's reads of the store (as
    # for the network list's), so its answer is on its way to the UI thread as the store closes.
    stop = window.sync.stop

    def stop_while_reading() -> None:
        held.release.set()
        stop()

    monkeypatch.setattr(window.sync, "stop", stop_while_reading)
    window.lock()
    assert store.closed and window.supervisor_pages is None and held.ended.is_set()
    no_task_left(qtbot)  # its answer came back and went
    assert answers == []  # neither shown nor reported
    if shiboken6.isValid(page):  # else the locked window deleted it first: nothing to show on
        assert not page.loading and page.loading_note.isHidden()
        if which == "queue":
            assert page.model.rowCount() == 0 and page.count_label.text() == ""
        else:
            assert page.report is None and page.views == [] and page.summary.text() == ""


@pytest.mark.parametrize("before", [False, True], ids=["answer-after-close", "read-after-close"])
def test_an_answer_coming_once_the_store_is_closed_is_dropped(qtbot, ctx, monkeypatch, before):
    """Rows read before the store closed, or the locked store's error met by a read after: the
    page shows neither and reports no error."""
    held = Held(queue_page.queue_rows, before=before)
    monkeypatch.setattr(queue_page, "queue_rows", held)
    page = ReviewQueuePage(ctx)
    qtbot.addWidget(page)
    assert held.started.wait(10)
    ctx.store.close()
    held.release.set()
    assert held.ended.wait(10)
    no_task_left(qtbot)
    assert page.model.rowCount() == 0 and not page.loading
    assert page.count_label.text() == ""  # as it was: no error shown


def test_a_cleared_page_drops_the_answer_of_a_read_still_running(qtbot, ctx, monkeypatch):
    """The page itself forgets a read on clear: its answer, coming after, is never shown, even
    while the page is alive and the store open."""
    held = Held(queue_page.queue_rows)
    monkeypatch.setattr(queue_page, "queue_rows", held)
    page = ReviewQueuePage(ctx)
    qtbot.addWidget(page)
    assert held.started.wait(10)
    page.clear()
    held.release.set()
    assert held.ended.wait(10)
    no_task_left(qtbot)
    assert page.model.rowCount() == 0 and not page.loading and page.count_label.text() == ""


def test_a_page_shown_again_reads_only_if_something_was_written(qtbot, ctx, sup_store, monkeypatch):
    """Going back to the queue or the dashboard costs nothing when nothing changed (on a big
    caseload each read is seconds of a core); after a write, or once a minute has passed (the
    dashboard's figures count time), it reads again."""
    from odesk.ui.supervisor import loading

    for page in (ReviewQueuePage(ctx, lazy=True), DashboardPage(ctx, lazy=True)):
        qtbot.addWidget(page)
        page.show()
        loaded(qtbot, page)
        page.hide()
        page.show()
        assert not page.loading  # nothing written: what is shown is what a read would give
    queue = ReviewQueuePage(ctx, lazy=True)
    qtbot.addWidget(queue)
    queue.show()
    loaded(qtbot, queue)
    queue.hide()
    note = _signed_note(sup_store, "Written while the queue was hidden")
    queue.show()
    assert queue.loading
    loaded(qtbot, queue)
    assert shown(queue)[0] == note["id"]
    monkeypatch.setattr(loading, "FRESH_FOR_S", 0.0)  # a minute later
    queue.hide()
    queue.show()
    assert queue.loading
    loaded(qtbot, queue)


def test_a_failed_read_is_one_line_on_the_page(qtbot, ctx, monkeypatch):
    def broken(*_: Any) -> Any:
        raise ValueError("the disk went away")

    monkeypatch.setattr(queue_page, "queue_rows", broken)
    page = ReviewQueuePage(ctx)
    qtbot.addWidget(page)
    loaded(qtbot, page)
    assert page.count_label.text() == "The review queue could not be read: the disk went away"
