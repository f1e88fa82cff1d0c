"""Nothing typed in the review dialog is lost: "Save review" keeps the rating being written,
closing with an unsaved rating asks (save, discard, cancel), a second save updates the same
rating, and the twelve item labels are shown whole."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from odesk.ui.supervisor import ReviewDialog
from odesk.ui.supervisor.queue_model import NOTE_ID_ROLE
from tests.reports.known_data import rid
from tests.ui.supervisor.loaded import loaded

SCALE = "dialogic-practice-12"


def open_dialog(qtbot, ctx, note: str = "note-M2b") -> ReviewDialog:
    dialog = ReviewDialog(ctx, rid(note))
    qtbot.addWidget(dialog)
    dialog.resize(640, 700)
    dialog.show()
    qtbot.waitExposed(dialog)
    form = dialog.rating_form
    assert form is not None
    form.scale_box.setCurrentIndex(form.scale_box.findData(SCALE))
    dialog.tabs.setCurrentWidget(form)
    return dialog


def button(dialog: ReviewDialog, which: QDialogButtonBox.StandardButton):
    return dialog.button_box.button(which)


def my_ratings(store, meeting: str = "M2b") -> list[dict]:
    return [
        r
        for r in store.records("rating", meeting_id=rid(meeting), rater_id="u-sue")
        if r["instrument"] == SCALE
    ]


def answer(qtbot, dialog: ReviewDialog, which: QMessageBox.StandardButton) -> None:
    box = dialog.confirm_box
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    box.button(which).click()
    qtbot.waitUntil(lambda: not box.isVisible())


def test_save_review_on_the_rating_tab_keeps_the_rating(qtbot, ctx, sup_store):
    dialog = open_dialog(qtbot, ctx)
    dialog.rating_form.set_score("1", 3)
    dialog.rating_form.comment.setPlainText("Two practitioners throughout")
    button(dialog, QDialogButtonBox.StandardButton.Save).click()  # "Save review"
    qtbot.waitUntil(lambda: not dialog.isVisible())
    [rating] = my_ratings(sup_store)
    assert rating["scores"]["1"] == 3 and rating["comment"] == "Two practitioners throughout"
    assert sup_store.records("review", note_id=rid("note-M2b"))


def test_saving_a_rating_twice_updates_the_same_rating(qtbot, ctx, sup_store):
    dialog = open_dialog(qtbot, ctx)
    form = dialog.rating_form
    form.set_score("1", 2)
    form.save_button.click()
    first = my_ratings(sup_store)
    form.set_score("1", 3)
    form.set_score("2", 1)
    form.save_button.click()
    ratings = my_ratings(sup_store)
    assert [r["id"] for r in ratings] == [first[0]["id"]]
    assert (ratings[0]["scores"]["1"], ratings[0]["scores"]["2"]) == (3, 1)
    assert not form.has_unsaved_changes()
    dialog.discard()

    # once pushed, the form opened again shows my rating and saving is a new revision of it
    pending = [c for c in sup_store.outbox_pending(500) if c["record"]["id"] == ratings[0]["id"]]
    sup_store.mark_inflight([c["change_id"] for c in pending])
    sup_store.mark_acknowledged(
        [{"change_id": c["change_id"], "status": "applied", "server_seq": 1} for c in pending]
    )
    again = open_dialog(qtbot, ctx)
    assert again.rating_form.scores()["1"] == 3
    assert not again.rating_unsaved()
    again.rating_form.set_score("3", 2)
    again.rating_form.save_button.click()
    [rating] = my_ratings(sup_store)
    assert rating["id"] == ratings[0]["id"] and rating["scores"]["3"] == 2
    assert [r["rev"] for r in sup_store.history(rating["id"])] == [ratings[0]["rev"], rating["rev"]]
    again.discard()


def test_closing_with_an_unsaved_rating_asks_save_discard_or_cancel(qtbot, ctx, sup_store):
    dialog = open_dialog(qtbot, ctx)
    dialog.rating_form.set_score("4", 2)
    button(dialog, QDialogButtonBox.StandardButton.Close).click()
    box = dialog.confirm_box
    assert box is not None
    choices = (QMessageBox.StandardButton.Save, QMessageBox.StandardButton.Discard)
    choices += (QMessageBox.StandardButton.Cancel,)
    names = {box.button(b).accessibleName() for b in choices}
    assert names == {"Save and close", "Discard and close", "Go back to the review"}
    assert "rating" in box.text()
    answer(qtbot, dialog, QMessageBox.StandardButton.Cancel)
    assert dialog.isVisible() and dialog.rating_form.scores()["4"] == 2
    assert my_ratings(sup_store) == []

    dialog.reject()  # Escape or the window's close box
    answer(qtbot, dialog, QMessageBox.StandardButton.Discard)
    assert not dialog.isVisible() and my_ratings(sup_store) == []

    dialog = open_dialog(qtbot, ctx)
    dialog.rating_form.set_score("4", 1)
    dialog.close()
    answer(qtbot, dialog, QMessageBox.StandardButton.Save)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    [rating] = my_ratings(sup_store)
    assert rating["scores"]["4"] == 1


def test_closing_with_nothing_typed_does_not_ask(qtbot, ctx):
    dialog = open_dialog(qtbot, ctx)
    button(dialog, QDialogButtonBox.StandardButton.Close).click()
    assert dialog.confirm_box is None and not dialog.isVisible()


def test_the_twelve_item_labels_are_not_clipped(qtbot, ctx):
    dialog = open_dialog(qtbot, ctx)
    dialog.resize(480, 700)  # a narrow window: long labels wrap, never cut off
    form = dialog.rating_form
    qtbot.waitUntil(lambda: len(form.item_labels) == 12 and form.item_labels[0].width() > 0)
    holder = form.items_area.widget()
    for label in form.item_labels:
        assert label.wordWrap()
        assert label.height() >= label.heightForWidth(label.width()), label.text()
        assert label.geometry().right() <= holder.width(), label.text()
        assert label.width() >= min(label.sizeHint().width(), holder.width() - 40), label.text()


def test_the_form_opens_on_my_rating_of_the_chosen_scale(qtbot, ctx, sup_store):
    dialog = open_dialog(qtbot, ctx)
    form = dialog.rating_form
    form.set_score("5", 2)
    form.save_button.click()
    other = next(i for i in range(form.scale_box.count()) if form.scale_box.itemData(i) != SCALE)
    form.scale_box.setCurrentIndex(other)
    assert all(score is None for score in form.scores().values())
    form.scale_box.setCurrentIndex(form.scale_box.findData(SCALE))
    assert form.scores()["5"] == 2 and not form.has_unsaved_changes()
    dialog.discard()


def test_locking_closes_the_dialog_without_asking(qtbot, tmp_path):
    from odesk.ui.main_window import MainWindow
    from tests.reports.known_data import build, extra_notes
    from tests.ui.supervisor.people import USERS, open_store

    store = open_store(tmp_path / "sue", USERS[0], build() + extra_notes())
    window = MainWindow(tmp_path / "sue")
    qtbot.addWidget(window)
    window.open_store(store)
    window.show()
    queue = window.supervisor_pages.queue
    window.tabs.setCurrentWidget(queue)  # the queue reads the store when shown
    loaded(qtbot, queue)
    dialog = queue.open_index(queue.model.index(0, 0))
    dialog.rating_form.set_score(next(iter(dialog.rating_form.item_boxes)), 1)
    window.lock()
    assert not dialog.isVisible()
    assert dialog.confirm_box is None or not dialog.confirm_box.isVisible()
    assert dialog.note_view.toPlainText() == ""


def test_a_review_half_written_when_the_laptop_locks_is_there_again_after_unlocking(
    qtbot, tmp_path
):
    """The idle lock comes mid-sentence (a phone call): nothing stays on screen, and the typed
    comment and scores are back, still unsaved, when the supervisor opens the note again."""
    from odesk.store import Store
    from odesk.ui.main_window import MainWindow
    from tests.reports.known_data import build, extra_notes
    from tests.ui.supervisor.people import USERS, open_store

    store = open_store(tmp_path / "sue", USERS[0], build() + extra_notes())
    window = MainWindow(tmp_path / "sue")
    qtbot.addWidget(window)
    window.open_store(store)
    window.show()
    queue = window.supervisor_pages.queue
    window.tabs.setCurrentWidget(queue)  # the queue reads the store when shown
    loaded(qtbot, queue)
    dialog = queue.open_index(queue.model.index(0, 0))
    note_id = dialog.note["id"]
    dialog.status_buttons["for_supervision"].setChecked(True)
    dialog.comment.setPlainText("Talk about the sister's worry and")
    form = dialog.rating_form
    form.scale_box.setCurrentIndex(form.scale_box.findData(SCALE))
    form.set_score("3", 2)
    form.comment.setPlainText("Good reflect")
    window.lock()
    assert not dialog.isVisible() and dialog.comment.toPlainText() == ""
    assert store.closed

    reopened = Store.open(tmp_path / "sue", "correct horse", allow_weak_kdf=True)
    window.open_store(reopened)
    queue = window.supervisor_pages.queue
    window.tabs.setCurrentWidget(queue)  # the queue reads the store when shown
    loaded(qtbot, queue)
    row = next(
        r
        for r in range(queue.model.rowCount())
        if queue.model.data(queue.model.index(r, 0), NOTE_ID_ROLE) == note_id
    )
    again = queue.open_index(queue.model.index(row, 0))
    assert again.comment.toPlainText() == "Talk about the sister's worry and"
    assert again.status() == "for_supervision" and again.review_changed()
    form = again.rating_form
    assert form.scale.id == SCALE and form.scores()["3"] == 2
    assert form.comment.toPlainText() == "Good reflect" and again.rating_unsaved()
    assert reopened.records("review", note_id=note_id, reviewer_id="u-sue") == []

    # what the supervisor chose to discard is not kept by the next lock
    again.reject()
    answer(qtbot, again, QMessageBox.StandardButton.Discard)
    window.lock()
    window.open_store(Store.open(tmp_path / "sue", "correct horse", allow_weak_kdf=True))
    queue = window.supervisor_pages.queue
    window.tabs.setCurrentWidget(queue)  # the queue reads the store when shown
    loaded(qtbot, queue)
    third = queue.open_index(queue.model.index(row, 0))
    assert third.note["id"] == note_id and third.comment.toPlainText() == ""
    assert not third.review_changed() and not third.rating_unsaved()
    third.discard()
    window.lock()
