"""The unlock screen: passphrase in, key derivation in a worker, busy indicator, clear errors.

A wrong passphrase shows a message and the screen stays; nothing else happens. The store opens
on a pool thread because Argon2id takes a noticeable moment by design.
The screen is centred with stretches (`style.centred`), not `Qt.AlignmentFlag`: it is shown
without Qt's enum namespace.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QProgressBar, QPushButton, QVBoxLayout, QWidget

from odesk.store import Store, WrongPassphrase
from odesk.ui.a11y import LiveLabel
from odesk.ui.i18n import Context
from odesk.ui.style import centred, style_as
from odesk.ui.workers import run_task

Unlock = Context("Unlock")


class UnlockWidget(QWidget):
    unlocked = Signal(object)  # the open Store
    unlocking = Signal()  # the key is being derived on a worker: prepare what the store will need
    failed = Signal(str)

    def __init__(
        self,
        data_dir: Path,
        opener: Callable[[Path, str], Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.opener = opener or (lambda d, p: Store.open(d, p))
        title = QLabel(Unlock.tr("odesk is locked"))
        style_as(title, "PageTitle")
        self.notice = QLabel()
        style_as(self.notice, "Banner")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(Unlock.tr("Notice"))
        self.notice.hide()
        label = QLabel(Unlock.tr("&Passphrase"))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(Unlock.tr("Passphrase"))
        label.setBuddy(self.passphrase)
        self.passphrase.returnPressed.connect(self.try_unlock)
        self.button = QPushButton(Unlock.tr("&Unlock"))
        self.button.setAccessibleName(Unlock.tr("Unlock"))
        self.button.setDefault(True)
        self.button.clicked.connect(self.try_unlock)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate: key derivation reports no steps
        self.busy.setAccessibleName(Unlock.tr("Unlocking"))
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.error = LiveLabel(assertive=True)
        self.error.setAccessibleName(Unlock.tr("Unlock error"))
        self.recover_button = QPushButton(
            Unlock.tr("Forgot the passphrase? Use the &recovery key…")
        )
        self.recover_button.setAccessibleName(Unlock.tr("Use the recovery key"))
        self.recover_button.setFlat(True)
        self.recover_button.clicked.connect(self.recover)
        self.recovery_opener: Callable[[Path, str, str], Any] | None = None
        self.error.setWordWrap(True)
        box = QWidget()
        box.setMaximumWidth(460)
        lay = QVBoxLayout(box)
        lay.addLayout(centred(title))
        for w in (
            self.notice,
            label,
            self.passphrase,
            self.button,
            self.busy,
            self.error,
            self.recover_button,
        ):
            lay.addWidget(w)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(centred(box))
        outer.addStretch(2)
        self._working = False

    def set_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def reset(self) -> None:
        self.passphrase.clear()
        self.error.clear()
        self._set_busy(False)
        self.passphrase.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self._working = busy
        self.busy.setVisible(busy)
        self.passphrase.setEnabled(not busy)
        self.button.setEnabled(not busy)

    def try_unlock(self) -> None:
        if self._working:
            return
        phrase = self.passphrase.text()
        if not phrase:
            self.error.setText(Unlock.tr("Type your passphrase."))
            return
        self.error.clear()
        self._set_busy(True)
        data_dir, opener = self.data_dir, self.opener
        run_task(lambda: opener(data_dir, phrase), self._done, self._failed, parent=self)
        self.unlocking.emit()

    def recover(self) -> Any:
        from odesk.ui.recovery_dialog import RecoveryDialog

        dlg = RecoveryDialog(self.data_dir, self, opener=self.recovery_opener)
        self.recovery_dialog = dlg
        if dlg.exec() and dlg.store is not None:
            self.unlocked.emit(dlg.store)
        return dlg.store

    def _done(self, store: Store) -> None:
        self._set_busy(False)
        self.passphrase.clear()
        self.unlocked.emit(store)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, WrongPassphrase):
            message = Unlock.tr("That passphrase is not right. Try again.")
        else:
            message = str(exc) or exc.__class__.__name__
        self.error.setText(message)
        self.passphrase.selectAll()
        self.passphrase.setFocus()
        self.failed.emit(message)
