"""A safeguarding concern in a note is flagged in the review queue (sortable, filterable) and
counted on the dashboard until the supervisor's review marks it addressed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from odesk.ui.supervisor import ReviewQueuePage
from odesk.ui.supervisor.context import SupervisorContext
from odesk.ui.supervisor.dashboard import DashboardPage
from odesk.ui.supervisor.queue_model import NOTE_ID_ROLE
from tests.reports.known_data import build, extra_notes, rid
from tests.ui.supervisor.loaded import loaded
from tests.ui.supervisor.people import USERS, open_store

SAFEGUARDING_COLUMN = 6


@pytest.fixture
def concern_ctx(tmp_path):
    records = build() + extra_notes()
    for record in records:
        if record["id"] == rid("note-M1c"):  # Cal's signed note on N1 raised a concern
            record["safety"] = {
                "discussed": True,
                "text": "Worry about the youngest at home",
                "safeguarding_concern": True,
            }
    store = open_store(tmp_path / "sue", USERS[0], records)
    yield SupervisorContext.from_store(store)
    store.close()


def shown(page: ReviewQueuePage) -> list[str]:
    proxy = page.model
    return [proxy.data(proxy.index(r, 0), NOTE_ID_ROLE) for r in range(proxy.rowCount())]


def flag(page: ReviewQueuePage, note_id: str) -> dict:
    proxy = page.model
    row = shown(page).index(note_id)
    index = proxy.index(row, SAFEGUARDING_COLUMN)
    return {
        "text": proxy.data(index),
        "icon": proxy.data(index, Qt.ItemDataRole.DecorationRole),
        "spoken": proxy.data(index, Qt.ItemDataRole.AccessibleTextRole),
    }


def test_queue_flags_sorts_and_filters_concerns_until_a_review_addresses_them(qtbot, concern_ctx):
    ctx = concern_ctx
    page = ReviewQueuePage(ctx)
    qtbot.addWidget(page)
    loaded(qtbot, page)
    assert page.model.headerData(SAFEGUARDING_COLUMN, Qt.Orientation.Horizontal) == "Safeguarding"
    assert shown(page) == [rid("note-M2b"), rid("note-M1c")]
    flagged = flag(page, rid("note-M1c"))
    assert flagged["text"] == "Safeguarding concern"  # words, not colour alone
    assert flagged["icon"] is not None and not flagged["icon"].isNull()
    assert "safeguarding concern" in flagged["spoken"].lower()
    assert flag(page, rid("note-M2b"))["text"] == ""

    page.view.sortByColumn(SAFEGUARDING_COLUMN, Qt.SortOrder.DescendingOrder)
    assert shown(page) == [rid("note-M1c"), rid("note-M2b")]
    page.concerns_only.setChecked(True)
    assert shown(page) == [rid("note-M1c")]
    assert page.concerns_only.accessibleName()

    # A review that does not say "addressed" keeps the flag (and the note in the queue).
    dialog = page.open_index(page.model.index(0, 0))
    assert dialog.addressed.isVisibleTo(dialog) and not dialog.addressed.isChecked()
    with qtbot.waitSignal(page.review_saved):
        dialog.save()
    assert shown(page) == [rid("note-M1c")]
    review = ctx.store.records("review", note_id=rid("note-M1c"))[0]
    assert review["safeguarding_addressed"] is False

    dialog = page.open_index(page.model.index(0, 0))
    dialog.addressed.setChecked(True)
    with qtbot.waitSignal(page.review_saved):
        dialog.save()
    [review] = ctx.store.records("review", note_id=rid("note-M1c"))
    assert review["safeguarding_addressed"] is True
    assert shown(page) == []  # no open concern left
    page.concerns_only.setChecked(False)
    page.show_reviewed.setChecked(True)
    assert flag(page, rid("note-M1c"))["text"] == ""


def test_the_checkbox_is_offered_only_for_a_note_with_a_concern(qtbot, concern_ctx):
    page = ReviewQueuePage(concern_ctx)
    qtbot.addWidget(page)
    loaded(qtbot, page)
    dialog = page.open_index(page.model.index(shown(page).index(rid("note-M2b")), 0))
    assert not dialog.addressed.isVisibleTo(dialog)
    dialog.save()
    [review] = concern_ctx.store.records("review", note_id=rid("note-M2b"))
    assert "safeguarding_addressed" not in review


def test_dashboard_counts_open_concerns_of_the_team(qtbot, concern_ctx):
    page = DashboardPage(concern_ctx)
    qtbot.addWidget(page)
    page.show()
    loaded(qtbot, page)
    banner = page.safeguarding
    assert banner.isVisible() and banner.count == 1
    assert "1 note" in banner.text.text()
    assert "safeguarding" in banner.accessibleName().lower()
    assert "1 note" in banner.accessibleDescription()
    assert not banner.icon.pixmap().isNull()
    page.team_box.setCurrentIndex(page.team_box.findData("pod-a"))  # N1 is not the podlet's
    loaded(qtbot, page)
    assert banner.count == 0 and not banner.isVisible()
    page.team_box.setCurrentIndex(page.team_box.findData("team-north"))
    loaded(qtbot, page)
    assert banner.count == 1

    queue = ReviewQueuePage(concern_ctx)
    qtbot.addWidget(queue)
    loaded(qtbot, queue)
    dialog = queue.open_index(queue.model.index(shown(queue).index(rid("note-M1c")), 0))
    dialog.addressed.setChecked(True)
    dialog.save()
    page.refresh()
    loaded(qtbot, page)
    assert banner.count == 0 and not banner.isVisible()
