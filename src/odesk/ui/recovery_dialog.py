"""Unlock with the recovery key when the passphrase is forgotten, choosing a new passphrase.

The key derivation for the new passphrase runs in a worker, like unlocking.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
)

from odesk.store import Store
from odesk.ui.i18n import Context
from odesk.ui.workers import run_task
from odesk.vault.passphrase_policy import ACCEPTABLE, strength

Recovery = Context("Recovery")


class RecoveryDialog(QDialog):
    def __init__(
        self,
        data_dir: Path,
        parent: Any = None,
        *,
        opener: Callable[[Path, str, str], Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(Recovery.tr("Unlock with the recovery key"))
        self.data_dir = Path(data_dir)
        self.opener = opener or (lambda d, k, p: Store.open_with_recovery(d, k, p))
        self.store: Store | None = None
        self.key = QLineEdit()
        self.key.setAccessibleName(Recovery.tr("Recovery key"))
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName(Recovery.tr("New passphrase"))
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setAccessibleName(Recovery.tr("New passphrase again"))
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(Recovery.tr("Unlocking"))
        self.busy.hide()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setAccessibleName(Recovery.tr("Recovery error"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(
            QLabel(Recovery.tr("Type the recovery key you kept, and choose a new passphrase."))
        )
        for text, widget in (
            (Recovery.tr("Recovery &key"), self.key),
            (Recovery.tr("&New passphrase"), self.first),
            (Recovery.tr("&Again"), self.second),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        form.addRow(self.busy)
        form.addRow(self.error)
        form.addRow(self.buttons)

    def start(self) -> None:
        phrase = self.first.text()
        if phrase != self.second.text():
            self.error.setText(Recovery.tr("The two passphrases differ."))
            return
        if strength(phrase)[0] < ACCEPTABLE:
            self.error.setText(
                Recovery.tr("The new passphrase is too easy to guess; make it longer.")
            )
            return
        key = self.key.text().strip()
        if not key:
            self.error.setText(Recovery.tr("Type the recovery key."))
            return
        self.error.clear()
        self.busy.show()
        self.buttons.setEnabled(False)
        data_dir, opener = self.data_dir, self.opener
        run_task(lambda: opener(data_dir, key, phrase), self._done, self._failed)

    def _done(self, store: Store) -> None:
        self.busy.hide()
        self.store = store
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.busy.hide()
        self.buttons.setEnabled(True)
        self.error.setText(str(exc) or exc.__class__.__name__)
