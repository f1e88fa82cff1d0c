"""install() adds the supervisor pages only for supervisors; locking clears them."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget

from odesk.ui.supervisor import install
from tests.ui.supervisor.loaded import loaded
from tests.ui.supervisor.people import USERS, open_store


class FakeMainWindow(QTabWidget):
    def add_page(self, title, widget):
        self.addTab(widget, title)


def test_supervisor_gets_three_pages(qtbot, sup_store):
    window = FakeMainWindow()
    qtbot.addWidget(window)
    pages = install(window, sup_store)
    assert pages is not None
    assert [window.tabText(i) for i in range(window.count())] == [
        "Review queue",
        "Supervision",
        "Team dashboard",
    ]
    window.show()
    window.setCurrentIndex(2)
    loaded(qtbot, pages.dashboard)
    assert pages.dashboard.report is not None

    window.setCurrentIndex(0)
    loaded(qtbot, pages.queue)
    dialog = pages.queue.open_index(pages.queue.model.index(0, 0))
    form = pages.supervision.new_session()
    assert dialog.isVisible() and form.isVisible()
    pages.clear()  # what the main window does on lock
    assert not dialog.isVisible() and not form.isVisible()
    assert dialog.note_view.toPlainText() == ""

    sup_store.close()  # locked: the pages empty themselves instead of failing
    pages.refresh()
    assert pages.queue.model.rowCount() == 0
    assert pages.dashboard.report is None
    assert pages.supervision.model.rowCount() == 0


def test_practitioner_gets_none(qtbot, tmp_path):
    store = open_store(tmp_path / "ana", USERS[1], [])
    try:
        window = FakeMainWindow()
        qtbot.addWidget(window)
        assert install(window, store) is None
        assert window.count() == 0
    finally:
        store.close()
