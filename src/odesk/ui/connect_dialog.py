"""Settings → Connect to the trust server: address and enrolment code, enrolment in a worker.

With ``again`` the laptop is already enrolled but the server no longer accepts it (its token
expired after too long offline, or the server was restored from a backup older than its
enrolment): a new code connects it again under its own device id, keeping everything on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
)

from odesk.ui.i18n import Context
from odesk.ui.workers import run_task

if TYPE_CHECKING:
    from odesk.store import Store

Connect = Context("Connect")


class ConnectDialog(QDialog):
    def __init__(
        self, store: Store, parent: Any = None, *, client: Any = None, again: bool = False
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.client = client
        self.again = again
        self.setWindowTitle(
            Connect.tr("Connect this laptop again")
            if again
            else Connect.tr("Connect to the trust server")
        )
        self.url = QLineEdit()
        self.url.setAccessibleName(Connect.tr("Server address"))
        self.url.setPlaceholderText("https://odesk.example.nhs.uk")
        self.code = QLineEdit()
        self.code.setAccessibleName(Connect.tr("Enrolment code"))
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(Connect.tr("Connecting"))
        self.busy.hide()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setAccessibleName(Connect.tr("Connection error"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        if again:
            self.url.setText(str(store.meta_get("server_url") or ""))
            why = QLabel(
                Connect.tr(
                    "The trust server no longer accepts this laptop (after a long time without"
                    " contact, or after the server was restored). Ask the trust for a new"
                    " enrolment code: everything on this laptop is kept and sent again."
                )
            )
            why.setWordWrap(True)
            form.addRow(why)
        lu = QLabel(Connect.tr("Server &address"))
        lu.setBuddy(self.url)
        lc = QLabel(Connect.tr("Enrolment co&de"))
        lc.setBuddy(self.code)
        form.addRow(lu, self.url)
        form.addRow(lc, self.code)
        form.addRow(self.busy)
        form.addRow(self.error)
        form.addRow(self.buttons)

    def start(self) -> None:
        from odesk.sync import enroll

        self.busy.show()
        self.buttons.setEnabled(False)
        self.error.clear()
        store, url, code, client, again = (
            self.store,
            self.url.text().strip(),
            self.code.text().strip(),
            self.client,
            self.again,
        )
        run_task(
            lambda: enroll(store, url, code, client=client, again=again),
            self._done,
            self._failed,
            parent=self,
        )

    def _done(self, _result: Any) -> None:
        self.busy.hide()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.busy.hide()
        self.buttons.setEnabled(True)
        self.error.setText(str(exc))
