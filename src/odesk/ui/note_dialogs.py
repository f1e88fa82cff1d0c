"""Small dialogs of the note: an addendum with its reason, my own co-signature of a colleague's note."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from odesk.ui.i18n import Context

NoteDialogs = Context("NoteDialogs")


def text_box(name: str, rows: int = 4) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(rows * box.fontMetrics().lineSpacing() + 12)
    return box


class AddendumDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(NoteDialogs.tr("Add an addendum"))
        self.reason = QComboBox()
        self.reason.setAccessibleName(NoteDialogs.tr("Reason"))
        for k, label in (
            ("correction", NoteDialogs.tr("Correction")),
            ("late_information", NoteDialogs.tr("Late information")),
            ("clarification", NoteDialogs.tr("Clarification")),
            ("other", NoteDialogs.tr("Other")),
        ):
            self.reason.addItem(label, k)
        self.text = text_box(NoteDialogs.tr("Addendum text"), 6)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(
            QLabel(
                NoteDialogs.tr(
                    "A signed note never changes. An addendum is added below it, with its reason."
                )
            )
        )
        form.addRow(NoteDialogs.tr("&Reason"), self.reason)
        form.addRow(NoteDialogs.tr("&Text"), self.text)
        form.addRow(buttons)

    def _ok(self) -> None:
        if self.text.toPlainText().strip():
            self.accept()


class CosignDialog(QDialog):
    def __init__(self, candidates: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(NoteDialogs.tr("Co-sign"))
        self.who = QComboBox()
        self.who.setAccessibleName(NoteDialogs.tr("Note to co-sign"))
        for user_id, name in candidates:
            self.who.addItem(name, user_id)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(
            QLabel(
                NoteDialogs.tr(
                    "You were at the meeting: your co-signature confirms this colleague's note."
                )
            )
        )
        form.addRow(NoteDialogs.tr("&Note"), self.who)
        form.addRow(buttons)
