"""Reading one signed note as its supervisor: the note read-only, my status and comment, a rating.

Saving writes (or updates) my ``review`` record of the note; the review syncs back to the author,
who sees it under their note (ReviewCommentsWidget). Opening a note is audited as a view.

Nothing typed is lost: "Save review" also saves a rating being written on the other tab, and
closing with an unsaved review or rating asks whether to save, discard or go back.
"""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from odesk.core.records import ValidationError
from odesk.store import StoreError
from odesk.ui.keys import tab_leaves
from odesk.ui.safeguarding import note_has_concern
from odesk.ui.supervisor.context import SupervisorContext
from odesk.ui.supervisor.note_view import note_html
from odesk.ui.supervisor.rating_form import RatingForm
from odesk.ui.supervisor.review_comments import ReviewCommentsWidget

STATUSES = ("seen", "for_supervision", "discussed")


# meta key (inside the encrypted store) of a review typed but not saved when the app locked
DRAFT_KEY = "review_draft:"


class ReviewDialog(QDialog):
    reviewed = Signal(dict)

    def __init__(self, ctx: SupervisorContext, note_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        store = ctx.store
        note = store.get(note_id)
        if note is None:
            raise LookupError(f"note {note_id} is not in this store")
        self.note = note
        store.audit("view", note_id)
        self.setWindowTitle(self.tr("Review note"))
        self.setAccessibleName(self.tr("Review note"))
        self.resize(760, 640)

        tabs = QTabWidget()
        tabs.setAccessibleName(self.tr("Review and rating"))
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        tabs.addTab(self._note_page(), self.tr("&Note"))
        self._show_existing()

        meeting = store.get(note.get("meeting_id") or "")
        self.rating_form: RatingForm | None = None
        if meeting is not None:
            self.rating_form = RatingForm(ctx, meeting)
            tabs.addTab(self.rating_form, self.tr("&Rate the meeting"))
        layout.addWidget(self._buttons())
        self.tabs = tabs
        self.confirm_box: QMessageBox | None = None
        self._saved_review = self._review_state()
        self._restore_draft()

    def _note_page(self) -> QWidget:
        """The signed note, the other supervisors' reviews, and my review under them."""
        store, note_id = self.ctx.store, self.note["id"]
        page = QWidget()
        column = QVBoxLayout(page)
        self.note_view = QTextBrowser()
        self.note_view.setAccessibleName(self.tr("Signed note, read-only"))
        self.note_view.setOpenLinks(False)
        addenda = store.records("addendum", note_id=note_id)  # narrowed by SQLite, not all parsed
        self.note_view.setHtml(note_html(self.ctx, self.note, addenda))
        column.addWidget(self.note_view, 3)

        self.others = ReviewCommentsWidget(store, note_id, exclude_reviewer=self.ctx.user_id)
        column.addWidget(self.others)
        column.addWidget(self._review_box(), 2)
        return page

    def _review_box(self) -> QGroupBox:
        """My review: a status, a comment and, for a note with a concern, "addressed"."""
        box = QGroupBox(self.tr("My review"))
        box_layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.status_group = QButtonGroup(self)
        labels = {
            "seen": self.tr("S&een"),
            "for_supervision": self.tr("&For supervision"),
            "discussed": self.tr("&Discussed"),
        }
        self.status_buttons: dict[str, QRadioButton] = {}
        for n, status in enumerate(STATUSES):
            button = QRadioButton(labels[status])
            button.setAccessibleName(labels[status].replace("&", ""))
            self.status_group.addButton(button, n)
            self.status_buttons[status] = button
            row.addWidget(button)
        box_layout.addLayout(row)
        self.comment = QPlainTextEdit()
        self.comment.setAccessibleName(self.tr("Review comment"))
        self.comment.setPlaceholderText(self.tr("Comment for the author (optional)"))
        tab_leaves(self.comment)
        comment_label = QLabel(self.tr("Co&mment"))
        comment_label.setBuddy(self.comment)
        box_layout.addWidget(comment_label)
        box_layout.addWidget(self.comment)
        # Only for a note with a safeguarding concern: ticking it ends the flag on the network,
        # in the queue and on the dashboard (docs/protocol.md, "Safeguarding addressed").
        self.has_concern = note_has_concern(self.ctx.store, self.note)
        self.addressed = QCheckBox(self.tr("Safeguarding concern &addressed"))
        self.addressed.setAccessibleName(self.tr("Safeguarding concern addressed"))
        self.addressed.setAccessibleDescription(
            self.tr("Ends the safeguarding flag on this network once the review is saved")
        )
        self.addressed.setVisible(self.has_concern)
        box_layout.addWidget(self.addressed)
        return box

    def _show_existing(self) -> None:
        """My earlier review of this note, if any, in the review box."""
        # narrowed by SQLite: a supervisor's own reviews are thousands on a big caseload
        mine = self.ctx.store.records(
            "review", reviewer_id=self.ctx.user_id, note_id=self.note["id"]
        )
        self.existing = mine[0] if mine else None
        status = (self.existing or {}).get("status") or "seen"
        self.status_buttons.get(status, self.status_buttons["seen"]).setChecked(True)
        self.comment.setPlainText((self.existing or {}).get("comment") or "")
        self.addressed.setChecked((self.existing or {}).get("safeguarding_addressed") is True)

    def _buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(self.tr("&Save review"))
        save.setAccessibleName(self.tr("Save review"))
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(self.tr("Close"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.button_box = buttons
        return buttons

    def _draft_key(self) -> str:
        return DRAFT_KEY + self.note["id"]

    def _keep_draft(self) -> None:
        """What was typed, kept inside the encrypted store when the app locks mid-review (the
        idle lock comes during a phone call): the supervisor finds it again, still unsaved."""
        form = self.rating_form
        rating = None
        if form is not None and self.rating_unsaved() and form.scale is not None:
            rating = {
                "instrument": form.scale.id,
                "role": form.role_box.currentData(),
                "scores": form.scores(),
                "comment": form.comment.toPlainText(),
            }
        draft = {
            "status": self.status(),
            "comment": self.comment.toPlainText(),
            "addressed": self.addressed.isChecked(),
            "rating": rating,
        }
        with contextlib.suppress(StoreError):  # a store already closed: nothing can be kept
            self.ctx.store.meta_set(self._draft_key(), draft)

    def _restore_draft(self) -> None:
        draft = self.ctx.store.meta_get(self._draft_key())
        if not isinstance(draft, dict):
            return
        self.ctx.store.meta_set(self._draft_key(), None)  # it is on screen again, unsaved
        button = self.status_buttons.get(str(draft.get("status")))
        if button is not None:
            button.setChecked(True)
        self.comment.setPlainText(str(draft.get("comment") or ""))
        self.addressed.setChecked(self.has_concern and draft.get("addressed") is True)
        rating, form = draft.get("rating"), self.rating_form
        if not isinstance(rating, dict) or form is None:
            return
        scale_index = form.scale_box.findData(rating.get("instrument"))
        if scale_index < 0:
            return
        form.scale_box.setCurrentIndex(scale_index)
        role_index = form.role_box.findData(rating.get("role"))
        if role_index >= 0:
            form.role_box.setCurrentIndex(role_index)
        scores = rating.get("scores")
        if not isinstance(scores, dict):
            scores = {}
        for item_id in form.item_boxes:
            form.set_score(item_id, scores.get(item_id))
        form.comment.setPlainText(str(rating.get("comment") or ""))

    def status(self) -> str:
        return STATUSES[max(0, self.status_group.checkedId())]

    def _review_state(self) -> tuple:
        return (self.status(), self.comment.toPlainText().strip(), self.addressed.isChecked())

    def review_changed(self) -> bool:
        return self._review_state() != self._saved_review

    def rating_unsaved(self) -> bool:
        return self.rating_form is not None and self.rating_form.has_unsaved_changes()

    def reject(self) -> None:
        """Close (Close button, Escape, the window's close box): asks first if anything typed
        would be lost."""
        if not (self.review_changed() or self.rating_unsaved()):
            super().reject()
            return
        self.ask_before_closing()

    def discard(self) -> None:
        """Close without asking (the app is locking: nothing may stay on screen); what was
        typed is kept in the store for the next time this note's review is opened."""
        if self.isVisible() and (self.review_changed() or self.rating_unsaved()):
            self._keep_draft()  # not for a dialog already closed (its text was discarded)
        if self.confirm_box is not None:
            self.confirm_box.done(0)
        super().reject()

    def ask_before_closing(self) -> QMessageBox:
        what = (
            self.tr("The rating you are writing is not saved.")
            if self.rating_unsaved()
            else self.tr("Your review is not saved.")
        )
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Save before closing?"),
            what,
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        for button, name in (
            (QMessageBox.StandardButton.Save, self.tr("Save and close")),
            (QMessageBox.StandardButton.Discard, self.tr("Discard and close")),
            (QMessageBox.StandardButton.Cancel, self.tr("Go back to the review")),
        ):
            box.button(button).setAccessibleName(name)

        def answered(_result: int) -> None:
            choice = box.standardButton(box.clickedButton()) if box.clickedButton() else None
            if choice == QMessageBox.StandardButton.Save:
                self.save()
            elif choice == QMessageBox.StandardButton.Discard:
                super(ReviewDialog, self).reject()

        box.finished.connect(answered)
        self.confirm_box = box
        box.open()
        return box

    def save(self) -> dict | None:
        """Save my review and, if one is being written, my rating; close once both are in."""
        if self.rating_unsaved():
            assert self.rating_form is not None
            if self.rating_form.save() is None and self.rating_form.has_unsaved_changes():
                self.tabs.setCurrentWidget(self.rating_form)
                return None  # the form said why (e.g. no role); nothing is closed
        record: dict[str, Any] = {
            "kind": "review",
            "note_id": self.note["id"],
            "network_id": self.note["network_id"],
            "reviewer_id": self.ctx.user_id,
            "status": self.status(),
        }
        comment = self.comment.toPlainText().strip()
        if comment:
            record["comment"] = comment
        if self.has_concern or "safeguarding_addressed" in (self.existing or {}):
            record["safeguarding_addressed"] = self.addressed.isChecked()
        if self.existing is not None:
            record["id"] = self.existing["id"]
            record["rev"] = self.existing["rev"]
        try:
            stored = self.ctx.store.save(record)
        except (ValidationError, StoreError) as exc:
            QMessageBox.warning(self, self.tr("Review not saved"), str(exc))
            return None
        self.existing = stored
        self._saved_review = self._review_state()
        self.reviewed.emit(stored)
        self.accept()
        return stored
