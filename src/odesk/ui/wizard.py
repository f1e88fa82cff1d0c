"""First run: choose a passphrase, keep a recovery key, then connect to the trust server or not.

The store is created (Argon2id, in a worker) when the passphrase page is left; enrolment runs in
a worker too. Until the wizard finishes nothing but the new, empty encrypted store exists.
Going Back and choosing another passphrase re-keys that store (the data key is re-wrapped, as
`odesk passwd` does), so it never stays keyed with a passphrase the person abandoned.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from odesk.core.files import PRIVATE, write_atomic
from odesk.store import Store
from odesk.ui.a11y import LiveLabel
from odesk.ui.i18n import Context
from odesk.ui.style import style_as
from odesk.ui.workers import run_task
from odesk.vault.passphrase_policy import ACCEPTABLE, strength

Wizard = Context("Wizard")


def strength_word(score: int) -> str:
    """The passphrase meter's word for a score 0..4, in the user's language."""
    return (
        Wizard.tr("too weak"),
        Wizard.tr("weak"),
        Wizard.tr("fair"),
        Wizard.tr("good"),
        Wizard.tr("strong"),
    )[max(0, min(score, 4))]


class PassphrasePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(Wizard.tr("Choose a passphrase"))
        self.setSubTitle(
            Wizard.tr(
                "It protects every record on this laptop. Use several words you will remember."
            )
        )
        warn = QLabel(
            Wizard.tr(
                "<b>Nobody can recover this passphrase.</b> If you forget it and have no recovery key, "
                "the records on this laptop cannot be opened (records already sent to the trust server are safe)."
            )
        )
        warn.setWordWrap(True)
        style_as(warn, "Banner")
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName(Wizard.tr("Passphrase"))
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setAccessibleName(Wizard.tr("Passphrase again"))
        self.meter = QProgressBar()
        self.meter.setRange(0, 4)
        self.meter.setAccessibleName(Wizard.tr("Passphrase strength"))
        self.verdict = QLabel()
        self.verdict.setAccessibleName(Wizard.tr("Passphrase advice"))
        form = QFormLayout(self)
        form.addRow(warn)
        l1 = QLabel(Wizard.tr("&Passphrase"))
        l1.setBuddy(self.first)
        l2 = QLabel(Wizard.tr("&Again"))
        l2.setBuddy(self.second)
        form.addRow(l1, self.first)
        form.addRow(l2, self.second)
        form.addRow(Wizard.tr("Strength"), self.meter)
        form.addRow("", self.verdict)
        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        score = strength(self.first.text())[0]
        word = strength_word(score)
        self.meter.setValue(score)
        self.meter.setFormat(word)
        if self.first.text() and score < ACCEPTABLE:
            self.verdict.setText(
                Wizard.tr(
                    "Too easy to guess ({word}): make it longer, e.g. four unrelated words."
                ).format(word=word)
            )
        elif self.second.text() and self.second.text() != self.first.text():
            self.verdict.setText(Wizard.tr("The two passphrases differ."))
        elif self.first.text():
            self.verdict.setText(Wizard.tr("Strength: {word}").format(word=word))
        else:
            self.verdict.clear()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        text = self.first.text()
        return bool(text) and text == self.second.text() and strength(text)[0] >= ACCEPTABLE


class RecoveryPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(Wizard.tr("Recovery key"))
        self.setSubTitle(
            Wizard.tr("A recovery key opens this laptop's records if the passphrase is forgotten.")
        )
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(Wizard.tr("Creating the encrypted store"))
        self.state = QLabel(Wizard.tr("Creating the encrypted store…"))
        self.state.setWordWrap(True)
        self.make = QPushButton(Wizard.tr("&Make a recovery key"))
        self.make.setAccessibleName(Wizard.tr("Make a recovery key"))
        self.make.clicked.connect(self.make_key)
        self.key_view = QLineEdit()
        self.key_view.setReadOnly(True)
        self.key_view.setAccessibleName(Wizard.tr("Recovery key"))
        self.key_view.hide()
        self.save = QPushButton(Wizard.tr("&Save the key to a file…"))
        self.save.setAccessibleName(Wizard.tr("Save recovery key to a file"))
        self.save.clicked.connect(self.ask_save)
        self.save.hide()
        self.saved = LiveLabel()
        lay = QVBoxLayout(self)
        for w in (self.state, self.busy, self.make, self.key_view, self.save, self.saved):
            lay.addWidget(w)
        lay.addWidget(
            QLabel(
                Wizard.tr(
                    "Keep it on paper or a USB stick locked away from the laptop. You can also skip this."
                )
            )
        )
        self.recovery_key = ""

    def initializePage(self) -> None:
        self._settle()

    def _wanted(self) -> str:
        return self.w.passphrase_page.first.text()

    def _settle(self) -> None:
        """Bring the store to the passphrase now chosen: create it, or re-key it after the person
        went Back and chose another. One task at a time; each, when done, settles again."""
        if self.w.working or self.w.currentPage() is not self:
            return
        if self.w.store is None:
            self.state.setText(Wizard.tr("Creating the encrypted store…"))
            start = self.w.create_store
        elif self.w.passphrase_in_use != self._wanted():
            self.state.setText(Wizard.tr("Changing the store's passphrase…"))
            start = self.w.change_passphrase
        else:
            self.busy.hide()
            self.state.setText(Wizard.tr("The encrypted store is ready."))
            self.make.setEnabled(not self.recovery_key)
            self.completeChanged.emit()
            return
        self.make.setEnabled(False)
        self.busy.show()
        start(self._wanted(), lambda _result: self._settle(), self._failed)
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.busy.hide()
        self.state.setText(
            Wizard.tr("The store could not be created: {error}").format(error=str(exc))
        )
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return (
            self.w.store is not None
            and not self.w.working
            and self.w.passphrase_in_use == self._wanted()
        )

    def make_key(self) -> None:
        if self.w.store is None:
            return
        self.recovery_key = self.w.store.make_recovery_key()
        self.key_view.setText(self.recovery_key)
        self.key_view.show()
        self.save.show()
        self.make.setEnabled(False)

    def ask_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, Wizard.tr("Save recovery key"), "odesk-recovery-key.txt"
        )
        if path:
            self.save_to(path)

    def save_to(self, path: str) -> bool:
        target = Path(path)
        try:
            write_atomic(target, f"odesk recovery key\n{self.recovery_key}\n", mode=PRIVATE)
        except OSError as exc:
            self.saved.setText(Wizard.tr("Not saved: {error}").format(error=exc.strerror))
            return False
        self.saved.setText(Wizard.tr("Saved to {path}").format(path=str(target)))
        return True


class ConnectPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(Wizard.tr("Connect to the trust server"))
        self.setSubTitle(
            Wizard.tr(
                "Connecting lets your records reach the trust and your team. You can do it later."
            )
        )
        self.online = QRadioButton(Wizard.tr("&Connect now"))
        self.online.setAccessibleName(Wizard.tr("Connect now"))
        self.offline = QRadioButton(Wizard.tr("Work &offline and connect later"))
        self.offline.setAccessibleName(Wizard.tr("Work offline"))
        self.offline.setChecked(True)
        self.url = QLineEdit()
        self.url.setAccessibleName(Wizard.tr("Server address"))
        self.url.setPlaceholderText("https://odesk.example.nhs.uk")
        self.code = QLineEdit()
        self.code.setAccessibleName(Wizard.tr("Enrolment code"))
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(Wizard.tr("Connecting"))
        self.busy.hide()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setAccessibleName(Wizard.tr("Connection error"))
        form = QFormLayout(self)
        form.addRow(self.offline)
        form.addRow(self.online)
        lu = QLabel(Wizard.tr("Server &address"))
        lu.setBuddy(self.url)
        lc = QLabel(Wizard.tr("Enrolment co&de"))
        lc.setBuddy(self.code)
        form.addRow(lu, self.url)
        form.addRow(lc, self.code)
        form.addRow(self.busy)
        form.addRow(self.error)
        self.online.toggled.connect(self._mode)
        self._mode()
        self.enrolled = False
        self._working = False

    def _mode(self) -> None:
        on = self.online.isChecked()
        self.url.setEnabled(on)
        self.code.setEnabled(on)

    def validatePage(self) -> bool:
        if self.offline.isChecked() or self.enrolled:
            return True
        if self._working:
            return False
        self._working = True
        self.busy.show()
        self.error.clear()
        self.w.enroll(
            self.url.text().strip(), self.code.text().strip(), self._enrolled, self._failed
        )
        return False

    def _enrolled(self, result: Any) -> None:
        self._working = False
        self.busy.hide()
        self.enrolled = True
        # Enrolled: go on exactly as if the person had pressed Finish again.
        if self.isFinalPage():
            self.w.button(QWizard.WizardButton.FinishButton).click()
        else:
            self.w.next()

    def _failed(self, exc: BaseException) -> None:
        self._working = False
        self.busy.hide()
        self.error.setText(str(exc))


class SetupWizard(QWizard):
    def __init__(
        self,
        data_dir: Path,
        *,
        kdf_params: Any = None,
        allow_weak_kdf: bool = False,
        enroll_client: Any = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(Wizard.tr("Set up odesk"))
        self.data_dir = Path(data_dir)
        self.kdf_params = kdf_params
        self.allow_weak_kdf = allow_weak_kdf
        self.enroll_client = enroll_client
        self.store: Store | None = None
        self.working = False  # a create or re-key task is running
        # The passphrase the store is keyed with now, to tell whether it must be re-keyed; it
        # lives only as long as the wizard, like the text in the passphrase fields.
        self.passphrase_in_use: str | None = None
        self.passphrase_page = PassphrasePage()
        self.recovery_page = RecoveryPage(self)
        self.connect_page = ConnectPage(self)
        self.addPage(self.passphrase_page)
        self.addPage(self.recovery_page)
        self.addPage(self.connect_page)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)

    def create_store(self, passphrase: str, on_done: Any, on_error: Any) -> None:
        data_dir, params, weak = self.data_dir, self.kdf_params, self.allow_weak_kdf

        def make() -> Any:
            return Store.create(data_dir, passphrase, kdf_params=params, allow_weak_kdf=weak)

        def done(store: Store) -> None:
            self.working = False
            self.store = store
            self.passphrase_in_use = passphrase
            on_done(store)

        self._run(make, done, on_error)

    def change_passphrase(self, passphrase: str, on_done: Any, on_error: Any) -> None:
        """Re-key the store made a moment ago with the passphrase chosen after going Back."""
        store, old = self.store, self.passphrase_in_use
        params, weak = self.kdf_params, self.allow_weak_kdf
        assert store is not None and old is not None

        def change() -> None:
            store.change_passphrase(old, passphrase, kdf_params=params, allow_weak_kdf=weak)

        def done(_result: Any) -> None:
            self.working = False
            self.passphrase_in_use = passphrase
            on_done(None)

        self._run(change, done, on_error)

    def _run(self, task: Any, done: Any, on_error: Any) -> None:
        def failed(exc: BaseException) -> None:
            self.working = False
            on_error(exc)

        self.working = True
        run_task(task, done, failed, parent=self)

    def enroll(self, url: str, code: str, on_done: Any, on_error: Any) -> None:
        from odesk.sync import enroll

        store, client = self.store, self.enroll_client
        assert store is not None, "enrolment comes after the store is made"
        run_task(lambda: enroll(store, url, code, client=client), on_done, on_error, parent=self)

    def reject(self) -> None:
        # Cancelling after the store exists keeps it (it is encrypted and empty); it is closed.
        if self.store is not None and not self.store.closed:
            self.store.close()
            self.store = None
        super().reject()


__all__ = ["SetupWizard"]
