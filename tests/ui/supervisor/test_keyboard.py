"""Keyboard alone on the supervisor screens: Tab goes round every control once, Alt-letters are
unique per window, Return or Space opens a queued note or a supervision session."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from odesk.ui.main_window import MainWindow
from odesk.ui.supervisor.queue_model import NOTE_ID_ROLE
from tests.ui.keyboard import check_tab_cycle, clashes, give_focus, key_click
from tests.ui.supervisor.loaded import loaded
from tests.ui.supervisor.people import USERS, open_store


def check_screen(qtbot: Any, window: Any, first: Any) -> None:
    assert clashes(window) == {}
    check_tab_cycle(qtbot, window, first)


def supervisor_window(qtbot: Any, tmp_path: Path) -> MainWindow:
    from tests.reports.known_data import build, extra_notes

    store = open_store(tmp_path / "sue", USERS[0], build() + extra_notes())
    window = MainWindow(tmp_path / "sue")
    qtbot.addWidget(window)
    window.open_store(store)
    window.show()
    return window


def test_supervisor_screens_tab_round_once_with_unique_alt_letters(
    qtbot: Any, tmp_path: Path
) -> None:
    window = supervisor_window(qtbot, tmp_path)
    try:
        pages = window.supervisor_pages
        bar = window.tabs.tabBar()
        pages.dashboard.set_period(date(2026, 3, 1), date(2026, 4, 30))  # charts and figures
        for page in pages.pages:
            window.tabs.setCurrentWidget(page)
            if hasattr(page, "loading"):
                loaded(qtbot, page)
            check_screen(qtbot, window, bar)
        figures = pages.dashboard.figures.currentWidget()
        assert figures.model().rowCount() > 0 and figures.tabKeyNavigation() is False

        window.tabs.setCurrentWidget(pages.queue)
        loaded(qtbot, pages.queue)
        pages.queue.view.setCurrentIndex(pages.queue.model.index(0, 0))
        dialog = pages.queue.open_index(pages.queue.view.currentIndex())
        qtbot.waitUntil(dialog.isVisible)
        check_screen(qtbot, dialog, dialog.note_view)
        tabs = dialog.findChild(type(window.tabs))
        tabs.setCurrentWidget(dialog.rating_form)  # the rating form, inside the review dialog
        check_screen(qtbot, dialog, tabs.tabBar())
        dialog.reject()

        window.tabs.setCurrentWidget(pages.supervision)
        form = pages.supervision.new_session()
        qtbot.waitUntil(form.isVisible)
        check_screen(qtbot, form, form.at)
        form.reject()
    finally:
        window.lock()


def test_rating_dialog_tabs_round(qtbot: Any, ctx: Any, sup_store: Any) -> None:
    from odesk.ui.supervisor import RatingDialog

    meeting = sup_store.records("meeting")[0]
    dialog = RatingDialog(sup_store, meeting)
    qtbot.addWidget(dialog)
    dialog.show()
    check_screen(qtbot, dialog, dialog.form.scale_box)


def test_review_queue_and_supervision_rows_open_from_the_keyboard(qtbot: Any, ctx: Any) -> None:
    from odesk.ui.supervisor import ReviewQueuePage, SupervisionPage

    queue = ReviewQueuePage(ctx)
    qtbot.addWidget(queue)
    queue.show()
    loaded(qtbot, queue)
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Space):
        queue.view.setCurrentIndex(queue.model.index(1, 0))
        give_focus(qtbot, queue.view)
        key_click(queue.view, key)
        dialog = queue.last_dialog
        assert dialog is not None and dialog.isVisible()
        assert dialog.note["id"] == queue.model.data(queue.model.index(1, 0), NOTE_ID_ROLE)
        dialog.reject()
        queue.last_dialog = None

    sessions = SupervisionPage(ctx)
    qtbot.addWidget(sessions)
    sessions.show()
    sessions.view.setCurrentIndex(sessions.model.index(0, 0))
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Space):
        give_focus(qtbot, sessions.view)
        key_click(sessions.view, key)
        form = sessions.last_form
        assert form is not None and form.isVisible() and form.existing is not None
        form.reject()
        sessions.last_form = None
