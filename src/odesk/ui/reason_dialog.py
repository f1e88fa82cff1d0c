"""A dialog that asks why before something consequential happens (removing a meeting, closing a
network): OK only once a reason is given, and the reason goes on the record."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from odesk.ui.i18n import Context
from odesk.ui.note_dialogs import text_box

ReasonDialogs = Context("ReasonDialogs")


class ReasonDialog(QDialog):
    """Asks for a reason before something consequential; OK only once a reason is given."""

    def __init__(
        self, title: str, explanation: str, field: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.reason = text_box(field, 3)
        self.error = QLabel()
        self.error.setAccessibleName(ReasonDialogs.tr("Error"))
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        note = QLabel(explanation)
        note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(note)
        form.addRow(ReasonDialogs.tr("&Reason"), self.reason)
        form.addRow(self.error)
        form.addRow(buttons)

    def text(self) -> str:
        return self.reason.toPlainText().strip()

    def _ok(self) -> None:
        if self.text():
            self.accept()
        else:
            self.error.setText(ReasonDialogs.tr("A reason is needed."))
            self.error.show()
