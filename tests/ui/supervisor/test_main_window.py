"""The supervisor pages inside the real main window: added on unlock, gone on lock."""

from __future__ import annotations

from odesk.ui.main_window import MainWindow
from tests.ui.supervisor.loaded import loaded
from tests.ui.supervisor.people import USERS, open_store


def tab_titles(window: MainWindow) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def test_supervisor_pages_in_the_main_window(qtbot, tmp_path):
    from tests.reports.known_data import build, extra_notes

    store = open_store(tmp_path / "sue", USERS[0], build() + extra_notes())
    window = MainWindow(tmp_path / "sue")
    qtbot.addWidget(window)
    window.open_store(store)
    window.show()
    try:
        titles = tab_titles(window)
        assert titles[-3:] == ["Review queue", "Supervision", "Team dashboard"]
        pages = window.supervisor_pages
        assert pages is not None
        # Unlocking reads nothing for the supervisor pages (on a big caseload the queue and the
        # dashboard go over every note): each fills when its tab is first shown.
        assert pages.queue.model.rowCount() == 0 and pages.dashboard.report is None
        window.tabs.setCurrentWidget(pages.queue)
        loaded(qtbot, pages.queue)
        assert pages.queue.model.rowCount() == 2
        window.tabs.setCurrentWidget(pages.dashboard)
        loaded(qtbot, pages.dashboard)
        assert pages.dashboard.report is not None
    finally:
        window.lock()
    assert store.closed
    assert window.supervisor_pages is None
    assert "Review queue" not in tab_titles(window)


def test_practitioner_has_no_supervisor_pages(qtbot, tmp_path):
    store = open_store(tmp_path / "cal", USERS[3], [])
    window = MainWindow(tmp_path / "cal")
    qtbot.addWidget(window)
    window.open_store(store)
    try:
        assert window.supervisor_pages is None
        assert "Review queue" not in tab_titles(window)
    finally:
        window.lock()
