"""Reviews of one note, for the note's author: who reviewed it, the status and their comment.

The practitioner's note view embeds ``ReviewCommentsWidget(store, note_id)``; reviews arrive by
sync and are read from the store on ``refresh()``.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from odesk.ui.supervisor.note_view import when

_STATUS = {"seen": "Seen", "for_supervision": "For supervision", "discussed": "Discussed"}


class ReviewCommentsWidget(QWidget):
    def __init__(
        self,
        store: object,
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
        self.refresh()

    def refresh(self) -> None:
        store = self.store
        if getattr(store, "closed", False):
            self.clear()
            return
        reviews = [
            r
            for r in store.list("review", note_id=self.note_id)  # type: ignore[attr-defined]
            if r.get("reviewer_id") != self.exclude_reviewer
        ]
        self.reviews = sorted(reviews, key=lambda r: r.get("updated_at") or "")
        directory = {u.get("id"): u for u in store.meta_get("directory") or []}  # type: ignore[attr-defined]
        if not self.reviews:
            self.label.setText(self.tr("No supervisor review yet."))
            self.label.setVisible(self.exclude_reviewer is None)
            return
        parts = []
        for review in self.reviews:
            who = (directory.get(review.get("reviewer_id")) or {}).get("name") or review.get(
                "reviewer_id"
            )
            status = self.tr(_STATUS.get(review.get("status") or "", review.get("status") or ""))
            comment = escape(review.get("comment") or "").replace("\n", "<br>")
            parts.append(
                f"<p><b>{escape(str(who))}</b> · {escape(status)} · "
                f"{escape(when(review.get('updated_at')))}"
                + (f"<br>{comment}" if comment else "")
                + "</p>"
            )
        self.label.setText("".join(parts))
        self.label.setVisible(True)

    def clear(self) -> None:
        self.reviews = []
        self.label.clear()

    def text(self) -> str:
        """What the widget shows, as plain text (for assistive checks and tests)."""
        return "\n".join(
            f"{r.get('reviewer_id')} {r.get('status')} {r.get('comment') or ''}"
            for r in self.reviews
        )
