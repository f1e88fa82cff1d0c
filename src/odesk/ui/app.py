"""`odesk` with no subcommand: the desktop app on one data folder.

First run (no store in the folder) shows the setup wizard; afterwards the main window opens on
its unlock screen. Qt is told to keep no disk cache and no recent-file lists: the only file the
app writes outside the encrypted store is QSettings' window geometry.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from odesk.store import Store
from odesk.ui.main_window import MainWindow
from odesk.ui.style import apply_style
from odesk.ui.wizard import SetupWizard


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setOrganizationName("odesk")
        QCoreApplication.setApplicationName("odesk")
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        app = QApplication(argv if argv is not None else sys.argv[:1])
        apply_style(app)
    assert isinstance(app, QApplication)
    return app


def quit_on_signals(app: QApplication) -> QTimer:
    """Ctrl+C or a TERM signal quits like closing the window, so clean-up still runs.

    Python only sees signals when Python code runs; a light timer gives it that chance.
    """

    def stop(*_: Any) -> None:
        app.closeAllWindows()
        app.quit()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, stop)
    tick = QTimer(app)
    tick.timeout.connect(lambda: None)
    tick.start(250)
    return tick


def first_run(data_dir: Path, **wizard_args: Any) -> Any:
    """Run the setup wizard; the open store, or None if cancelled."""
    wizard = SetupWizard(data_dir, **wizard_args)
    if wizard.exec() != QDialog.DialogCode.Accepted:
        return None
    return wizard.store


def run_app(data_dir: Path) -> int:
    app = make_app()
    data_dir = Path(data_dir)
    store = None
    if not Store.exists(data_dir):
        store = first_run(data_dir)
        if store is None:
            return 1
    window = MainWindow(data_dir)
    if store is not None:
        window.open_store(store)
    window.show()
    quit_on_signals(app)
    return app.exec()
