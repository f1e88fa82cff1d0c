"""Reading one signed note as its supervisor: the note read-only, my status and comment, a rating.

Saving writes (or updates) my ``review`` record of the note; the review syncs back to the author,
who sees it under their note (ReviewCommentsWidget). Opening a note is audited as a view.
"""

from __future__ import annotations

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
from odesk.ui.supervisor.context import SupervisorContext
from odesk.ui.supervisor.note_view import note_html
from odesk.ui.supervisor.rating_form import RatingForm
from odesk.ui.supervisor.review_comments import ReviewCommentsWidget

STATUSES = ("seen", "for_supervision", "discussed")


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

        page = QWidget()
        column = QVBoxLayout(page)
        self.note_view = QTextBrowser()
        self.note_view.setAccessibleName(self.tr("Signed note, read-only"))
        self.note_view.setOpenLinks(False)
        addenda = [a for a in store.list("addendum") if a.get("note_id") == note_id]
        self.note_view.setHtml(note_html(ctx, note, addenda))
        column.addWidget(self.note_view, 3)

        self.others = ReviewCommentsWidget(store, note_id, exclude_reviewer=ctx.user_id)
        column.addWidget(self.others)

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
        comment_label = QLabel(self.tr("Co&mment"))
        comment_label.setBuddy(self.comment)
        box_layout.addWidget(comment_label)
        box_layout.addWidget(self.comment)
        # Only for a note with a safeguarding concern: ticking it ends the flag on the network,
        # in the queue and on the dashboard (docs/protocol.md, "Safeguarding addressed").
        self.has_concern = bool((note.get("safety") or {}).get("safeguarding_concern"))
        self.addressed = QCheckBox(self.tr("Safeguarding concern &addressed"))
        self.addressed.setAccessibleName(self.tr("Safeguarding concern addressed"))
        self.addressed.setAccessibleDescription(
            self.tr("Ends the safeguarding flag on this network once the review is saved")
        )
        self.addressed.setVisible(self.has_concern)
        box_layout.addWidget(self.addressed)
        column.addWidget(box, 2)
        tabs.addTab(page, self.tr("&Note"))

        self.existing = next(
            (
                r
                for r in store.list("review", reviewer_id=ctx.user_id)
                if r.get("note_id") == note_id
            ),
            None,
        )
        status = (self.existing or {}).get("status") or "seen"
        self.status_buttons.get(status, self.status_buttons["seen"]).setChecked(True)
        self.comment.setPlainText((self.existing or {}).get("comment") or "")
        self.addressed.setChecked((self.existing or {}).get("safeguarding_addressed") is True)

        meeting = store.get(note.get("meeting_id") or "")
        self.rating_form: RatingForm | None = None
        if meeting is not None:
            self.rating_form = RatingForm(ctx, meeting)
            tabs.addTab(self.rating_form, self.tr("&Rate the meeting"))

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(self.tr("&Save review"))
        save.setAccessibleName(self.tr("Save review"))
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(self.tr("Close"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def status(self) -> str:
        return STATUSES[max(0, self.status_group.checkedId())]

    def save(self) -> dict | None:
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
        self.reviewed.emit(stored)
        self.accept()
        return stored
