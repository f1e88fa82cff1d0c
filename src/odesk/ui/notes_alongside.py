"""What the meeting editor shows under my note, read-only: colleagues' own notes of the meeting
(each note has one author; they are never edited here), the supervisors' reviews of my note, and
its addenda. Each part shows only when it has something to say."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from odesk.core.integrity import awaiting_cosigners
from odesk.ui.cosign_queue import awaiting_text
from odesk.ui.i18n import Context
from odesk.ui.note_text import note_html
from odesk.ui.session import Session
from odesk.ui.times import local_time

# The editor's strings keep the one context they were translated under.
Meeting = Context("Meeting")


def _esc(text: str | None) -> str:
    return escape(text or "").replace("\n", "<br>")


class NotesAlongside(QWidget):
    def __init__(
        self,
        session: Session,
        note_id: str,
        attendee_name: Callable[[str], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.attendee_name = attendee_name
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        self.other_notes = QTextBrowser()
        self.other_notes.setAccessibleName(Meeting.tr("Colleagues' notes of this meeting"))
        self.other_notes.setMaximumHeight(220)
        col.addWidget(self.other_notes)
        # Supervisors' reviews of my note (the supervisor screens provide the widget)
        self.reviews: QWidget | None = None
        try:
            from odesk.ui.supervisor import ReviewCommentsWidget

            self.reviews = ReviewCommentsWidget(session.store, note_id)
            col.addWidget(self.reviews)
        except ImportError:
            self.reviews = None
        self.addenda_view = QTextBrowser()
        self.addenda_view.setAccessibleName(Meeting.tr("Addenda"))
        self.addenda_view.setMaximumHeight(160)
        col.addWidget(self.addenda_view)

    def show_other_notes(self, meeting_id: str) -> None:
        """Every note of the meeting but mine, with the co-signatures each still awaits."""
        others = [
            n
            for n in self.session.store.records("note", meeting_id=meeting_id)
            if n.get("author_id") != self.session.user_id
        ]
        self.other_notes.setHtml("".join(self._other_note_html(n) for n in others))
        self.other_notes.setVisible(bool(others))

    def _other_note_html(self, note: dict) -> str:
        name_of = self.session.name_of
        who = name_of(note.get("author_id") or "")
        awaited = (
            "<p><i>" + _esc(awaiting_text(note, name_of)) + "</i></p>"
            if awaiting_cosigners(note)
            else ""
        )
        return (
            "<p><b>" + _esc(Meeting.tr("Note by {who}").format(who=who)) + "</b></p>"
            + note_html(note, None, self.attendee_name, user_name=name_of)
            + awaited
        )  # fmt: skip

    def show_addenda(self, addenda: list[dict]) -> None:
        html = "".join(
            (
                "<p><b>"
                + Meeting.tr("Addendum")
                + " — "
                + a.get("reason", "").replace("_", " ")
                + "</b>, "
                + self.session.name_of(a.get("author_id") or "")
                + ", "
                + local_time(a.get("created_at"))
                + "<br>"
                + _esc(a.get("text"))
                + "</p>"
            )
            for a in addenda
        )
        self.addenda_view.setHtml(html)
        self.addenda_view.setVisible(bool(addenda))

    def refresh_reviews(self) -> None:
        if self.reviews is not None and hasattr(self.reviews, "refresh"):
            self.reviews.refresh()
