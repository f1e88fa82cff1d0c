"""Reviews of one note, for the note's author: who reviewed it, the status and their comment.

The practitioner's note view embeds ``ReviewCommentsWidget(store, note_id)``; reviews arrive by
sync and are read from the store on ``refresh()``.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from odesk.ui.identity import Identity
from odesk.ui.people import user_name
from odesk.ui.supervisor.note_view import when

if TYPE_CHECKING:
    from odesk.store import Store

_STATUS = {
    "seen": QT_TRANSLATE_NOOP("ReviewCommentsWidget", "Seen"),
    "for_supervision": QT_TRANSLATE_NOOP("ReviewCommentsWidget", "For supervision"),
    "discussed": QT_TRANSLATE_NOOP("ReviewCommentsWidget", "Discussed"),
}


class ReviewCommentsWidget(QWidget):
    def __init__(
        self,
        store: Store,
        note_id: str,
        parent: QWidget | None = None,
        *,
        exclude_reviewer: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.note_id = note_id
        self.exclude_reviewer = exclude_reviewer
        self.setAccessibleName(self.tr("Supervisor reviews of this note"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAccessibleName(self.tr("Supervisor reviews"))
        layout.addWidget(self.label)
        self.reviews: list[dict] = []
        self.lines: list[str] = []
        self.refresh()

    def refresh(self) -> None:
        store = self.store
        if store.closed:
            self.clear()
            return
        reviews = [
            r
            for r in store.records("review", note_id=self.note_id)
            if r.get("reviewer_id") != self.exclude_reviewer
        ]
        self.reviews = sorted(reviews, key=lambda r: r.get("updated_at") or "")
        directory = Identity.of(store).directory
        self.lines = []
        if not self.reviews:
            self.label.setText(self.tr("No supervisor review yet."))
            self.label.setVisible(self.exclude_reviewer is None)
            return
        self.lines = []
        parts = []
        for review in self.reviews:
            who = user_name(directory, review.get("reviewer_id"))
            status = self.tr(
                str(_STATUS.get(review.get("status") or "", review.get("status") or ""))
            )
            at = when(review.get("updated_at"))
            comment = review.get("comment") or ""
            self.lines.append(" · ".join(str(p) for p in (who, status, at, comment) if p))
            parts.append(
                f"<p><b>{escape(str(who))}</b> · {escape(status)} · {escape(at)}"
                + ("<br>" + escape(comment).replace("\n", "<br>") if comment else "")
                + "</p>"
            )
        self.label.setText("".join(parts))
        self.label.setVisible(True)

    def clear(self) -> None:
        self.reviews = []
        self.lines = []
        self.label.clear()

    def text(self) -> str:
        """What the widget shows, as plain text: one line per review."""
        return "\n".join(self.lines)
