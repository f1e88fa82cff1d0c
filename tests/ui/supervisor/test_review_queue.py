"""The review queue: what waits for me, filters, and reviewing a note from it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from odesk.ui.supervisor import ReviewCommentsWidget, ReviewQueuePage
from odesk.ui.supervisor.queue_model import NOTE_ID_ROLE, ReviewQueueModel
from tests.reports.known_data import rid
from tests.ui.supervisor.loaded import loaded


def shown(page: ReviewQueuePage) -> list[str]:
    proxy = page.model
    return [proxy.data(proxy.index(r, 0), NOTE_ID_ROLE) for r in range(proxy.rowCount())]


def test_models_pass_the_model_tester(qtbot, qtmodeltester, ctx):
    model = ReviewQueueModel(ctx)
    model.refresh()
    qtmodeltester.check(model)
    page = loaded(qtbot, ReviewQueuePage(ctx))
    qtmodeltester.check(page.model)


def test_queue_lists_signed_unreviewed_notes_of_supervised_teams_newest_first(qtbot, ctx):
    page = ReviewQueuePage(ctx)
    qtbot.addWidget(page)
    loaded(qtbot, page)
    # Not listed: a draft, another team's note, my own note, a note I already reviewed.
    assert shown(page) == [rid("note-M2b"), rid("note-M1c")]
    assert page.count_label.text() == "2 notes shown"
    index = page.model.index(0, 1)
    assert page.model.data(index) == "Podlet A"
    assert page.model.data(page.model.index(0, 2)) == "Ben Psychologist"
    assert page.model.data(page.model.index(0, 5)) == "not reviewed"

    page.show_reviewed.setChecked(True)
    assert shown(page) == [rid("note-M2b"), rid("note-M1c"), rid("note-M1a")]
    assert page.model.data(page.model.index(2, 5)) == "seen"


def test_filters_by_podlet_and_practitioner(qtbot, ctx):
    page = ReviewQueuePage(ctx)
    qtbot.addWidget(page)
    loaded(qtbot, page)
    page.team_box.setCurrentIndex(page.team_box.findData("pod-a"))
    assert shown(page) == [rid("note-M2b")]
    page.team_box.setCurrentIndex(page.team_box.findData("team-north"))  # service + podlets
    assert shown(page) == [rid("note-M2b"), rid("note-M1c")]
    page.author_box.setCurrentIndex(page.author_box.findData("u-cal"))
    assert shown(page) == [rid("note-M1c")]
    assert page.author_box.findData("u-zed") == -1  # not in a team I supervise
    assert page.author_box.findData("u-sue") == -1  # nobody reviews themselves
    page.author_box.setCurrentIndex(0)
    page.team_box.setCurrentIndex(0)
    assert len(shown(page)) == 2


def test_sorting_by_column(qtbot, ctx):
    page = ReviewQueuePage(ctx)
    qtbot.addWidget(page)
    loaded(qtbot, page)
    page.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert shown(page) == [rid("note-M1c"), rid("note-M2b")]


def test_review_a_note_from_the_queue(qtbot, ctx, sup_store):
    page = ReviewQueuePage(ctx)
    qtbot.addWidget(page)
    loaded(qtbot, page)
    page.view.selectRow(1)
    page.open_selected()
    dialog = page.last_dialog
    assert dialog is not None and dialog.note["id"] == rid("note-M1c")
    assert dialog.note_view.isReadOnly()
    assert "Summary of note-M1c" in dialog.note_view.toPlainText()
    text = dialog.note_view.toPlainText()
    assert "Cal Social Worker" in text
    assert "Marigold Quillfeather (mother) – network, invited, absent" in text
    assert "Zebrafinch Quillfeather – the person" in text
    assert sup_store.audit_entries()[-1]["action"] == "view"

    dialog.status_buttons["for_supervision"].setChecked(True)
    dialog.comment.setPlainText("Let us bring this family to Thursday's supervision.")
    with qtbot.waitSignal(page.review_saved) as saved:
        dialog.save()
    review = saved.args[0]
    assert review["reviewer_id"] == "u-sue"
    assert review["network_id"] == rid("N1")
    stored = sup_store.records("review", note_id=rid("note-M1c"))
    assert [(r["status"], r["comment"]) for r in stored] == [
        ("for_supervision", "Let us bring this family to Thursday's supervision.")
    ]
    assert shown(page) == [rid("note-M2b")]  # reviewed notes leave the queue

    # Opening it again edits my review (a new revision of the same record), not a second one.
    page.show_reviewed.setChecked(True)
    row = shown(page).index(rid("note-M1c"))
    again = page.open_index(page.model.index(row, 0))
    assert again.status_buttons["for_supervision"].isChecked()
    again.status_buttons["discussed"].setChecked(True)
    again.save()
    reviews = sup_store.records("review", note_id=rid("note-M1c"))
    assert [r["status"] for r in reviews] == ["discussed"]
    assert len(sup_store.history(reviews[0]["id"])) >= 1


def test_review_comments_widget_shows_reviews_of_a_note(qtbot, sup_store):
    widget = ReviewCommentsWidget(sup_store, rid("note-M1a"))
    qtbot.addWidget(widget)
    assert "Sue Supervisor" in widget.label.text()
    assert "CANARY-REVIEW-COMMENT" in widget.label.text()
    empty = ReviewCommentsWidget(sup_store, rid("note-M2b"))
    qtbot.addWidget(empty)
    assert empty.label.text() == "No supervisor review yet."


def test_accessible_names(qtbot, ctx):
    page = ReviewQueuePage(ctx)
    qtbot.addWidget(page)
    loaded(qtbot, page)
    for widget in (page.team_box, page.author_box, page.show_reviewed, page.view, page.open_button):
        assert widget.accessibleName()


def test_newest_first_compares_instants_not_text(qtbot, ctx, sup_store):
    # 16:30 in British Summer Time is 15:30 UTC: older than note-M2b, signed 16:00 UTC.
    note = sup_store.save(
        {
            "kind": "note",
            "meeting_id": rid("M1d"),
            "network_id": rid("N1"),
            "author_id": "u-cal",
            "state": "signed",
            "signed_at": "2026-03-10T16:30:00+01:00",
            "summary": "Offset test",
        }
    )
    page = ReviewQueuePage(ctx)
    qtbot.addWidget(page)
    loaded(qtbot, page)
    assert shown(page) == [rid("note-M2b"), note["id"], rid("note-M1c")]
