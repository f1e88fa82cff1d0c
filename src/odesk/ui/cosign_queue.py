"""Co-signing, the co-signer's own act: the signed notes colleagues asked me to co-sign, read and
co-signed here on my own laptop (docs/protocol.md, "Co-signatures").

A note asks for co-signatures when it is signed (its ``cosign_requested``: the practitioners
present at the meeting); each of them adds her own entry to ``cosigned_by`` from her own store,
which refuses anyone else's. Until her co-signature reaches the author's laptop by sync, the
author's note says "awaiting co-signature by …".
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from odesk.core.ids import utc_now
from odesk.core.integrity import awaiting_cosigners
from odesk.store import Store
from odesk.ui.i18n import Context
from odesk.ui.note_text import note_html
from odesk.ui.session import Session
from odesk.ui.times import local_time

CosignQueue = Context("CosignQueue")


def awaiting_my_cosignature(store: Store, user_id: str) -> list[dict]:
    """Signed notes of colleagues that ask this user's co-signature and do not have it yet,
    oldest signature first."""
    notes = [n for n in store.records("note", state="signed") if user_id in awaiting_cosigners(n)]
    return sorted(notes, key=lambda n: (str(n.get("signed_at") or ""), n["id"]))


def cosign_note(store: Store, note: dict, user_id: str) -> dict:
    """Add this user's own co-signature to a colleague's signed note, in her own store."""
    clean = {k: v for k, v in note.items() if not k.startswith("_")}
    clean["cosigned_by"] = [*(note.get("cosigned_by") or []), {"user_id": user_id, "at": utc_now()}]
    return store.save(clean)


def awaiting_text(note: dict, name_of: object) -> str:
    """'Awaiting co-signature by …' for a signed note, or '' when nobody is awaited."""
    names = [str(name_of(u)) if callable(name_of) else u for u in awaiting_cosigners(note)]
    if not names:
        return ""
    return CosignQueue.tr("Awaiting co-signature by {who}.").format(who=", ".join(names))


class CosignQueueDialog(QDialog):
    """The notes awaiting my co-signature: pick one, read it whole, co-sign it."""

    cosigned = Signal(str)  # note id

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.store = session.store
        self.setWindowTitle(CosignQueue.tr("Notes to co-sign"))
        self.setAccessibleName(CosignQueue.tr("Notes to co-sign"))
        intro = QLabel(
            CosignQueue.tr(
                "Colleagues signed these notes of meetings you attended and asked you to co-sign."
                " Read the note; co-sign it if it is a true account of the meeting."
            )
        )
        intro.setWordWrap(True)
        self.notes = QListWidget()
        self.notes.setAccessibleName(CosignQueue.tr("Notes awaiting your co-signature"))
        self.view = QTextBrowser()
        self.view.setAccessibleName(CosignQueue.tr("The note to co-sign"))
        self.empty = QLabel(CosignQueue.tr("No note is waiting for your co-signature."))
        self.cosign_button = QPushButton(CosignQueue.tr("&Co-sign this note"))
        self.cosign_button.setAccessibleName(CosignQueue.tr("Co-sign this note"))
        self.cosign_button.clicked.connect(self.cosign_current)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(CosignQueue.tr("Close notes to co-sign"))
        buttons.addButton(self.cosign_button, QDialogButtonBox.ButtonRole.ActionRole)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.notes)
        split.addWidget(self.view)
        split.setStretchFactor(1, 3)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.empty)
        lay.addWidget(split, 1)
        lay.addWidget(buttons)
        self.notes.currentRowChanged.connect(self._show)
        self.resize(900, 600)
        self.refresh()

    def refresh(self) -> None:
        self._pending = awaiting_my_cosignature(self.store, self.session.user_id)
        self.notes.clear()
        for note in self._pending:
            meeting = self.store.get(note.get("meeting_id") or "") or {}
            network = self.store.get(note.get("network_id") or "") or {}
            label = CosignQueue.tr("{person}, meeting of {when}, by {author}").format(
                person=(network.get("person") or {}).get("name") or "?",
                when=local_time(meeting.get("start") or meeting.get("planned_start")),
                author=self.session.name_of(note.get("author_id") or ""),
            )
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, note["id"])
            self.notes.addItem(item)
        self.empty.setVisible(not self._pending)
        self.cosign_button.setEnabled(bool(self._pending))
        if self._pending:
            self.notes.setCurrentRow(0)
        else:
            self.view.clear()

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self._pending):
            self.view.clear()
            return
        from odesk.ui.meeting_facts import meeting_facts

        note = self._pending[row]
        meeting, corrections = meeting_facts(self.store, note.get("meeting_id") or "")
        members = {m["id"]: m for m in self.store.records("member", network_id=note["network_id"])}

        def name(key: str) -> str:
            if key in members:
                return str(members[key].get("name") or key)
            return self.session.name_of(key) if key in self.session.directory else key

        self.view.setHtml(
            note_html(
                note,
                meeting,
                name,
                user_name=self.session.name_of,
                corrections=corrections,
            )
            + f"<p><i>{escape(awaiting_text(note, self.session.name_of))}</i></p>"
        )

    def cosign_current(self) -> bool:
        row = self.notes.currentRow()
        if not 0 <= row < len(self._pending):
            return False
        note = self._pending[row]
        try:
            cosign_note(self.store, note, self.session.user_id)
        except Exception as exc:  # the store's reason, shown as is
            QMessageBox.warning(self, CosignQueue.tr("Not co-signed"), str(exc))
            return False
        self.cosigned.emit(note["id"])
        self.refresh()
        return True
