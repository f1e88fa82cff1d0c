"""`odesk` with no subcommand: the desktop app on one data folder.

First run (no store in the folder) shows the setup wizard; afterwards the main window opens on
its unlock screen. Qt is told to keep no disk cache and no recent-file lists: the only file the
app writes outside the encrypted store is QSettings' window geometry.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings, QSocketNotifier, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog

from odesk.store import Store
from odesk.ui.i18n import install_translator
from odesk.ui.main_window import MainWindow
from odesk.ui.style import apply_style


def install_error_hook() -> None:
    """An unexpected error is shown as one line, never a traceback (which could show data).

    The work already saved stays saved; the person can carry on or restart odesk.
    """

    def hook(exc_type: type[BaseException], exc: BaseException, _tb: Any) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        line = (str(exc).splitlines() or [exc_type.__name__])[0][:300]
        print(f"odesk: {exc_type.__name__}: {line}", file=sys.stderr)
        if QApplication.instance() is not None:
            from PySide6.QtWidgets import QMessageBox  # on first use, not at start-up

            QMessageBox.warning(
                None,
                QCoreApplication.translate("App", "Something went wrong"),
                QCoreApplication.translate(
                    "App", "{line}\n\nEverything saved so far is kept. You can go on working."
                ).format(line=line),
            )

    sys.excepthook = hook


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setOrganizationName("odesk")
        QCoreApplication.setApplicationName("odesk")
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        app = QApplication(argv if argv is not None else sys.argv[:1])
        apply_style(app)
        install_translator(app)
        install_error_hook()
    assert isinstance(app, QApplication)
    # Wayland compositors and task bars match our windows to odesk.desktop (icon, name) by this.
    QGuiApplication.setDesktopFileName("odesk")
    return app


def unblock_quit_signals() -> None:
    """A parent process may have started us with SIGINT/SIGTERM blocked (the mask is inherited)."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


def _wakeup_pair() -> tuple[int, int, Any]:
    """Non-blocking (read fd, write fd) for signal wake-ups, and what must stay open.

    A pipe where there are pipes; Windows wakes only through a socket (importing socket costs
    the start-up a few milliseconds, so only there).
    """
    if sys.platform != "win32":
        read_fd, write_fd = os.pipe()
        os.set_blocking(read_fd, False)
        os.set_blocking(write_fd, False)
        return read_fd, write_fd, None
    import socket

    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    return reader.fileno(), writer.fileno(), (reader, writer)


def quit_on_signals(app: QApplication) -> QSocketNotifier:
    """Ctrl+C or a TERM signal quits like closing the window, so clean-up still runs.

    Python runs a signal handler only when Python code runs, and a waiting Qt loop runs none;
    the signal's wake-up byte on a pipe (a socket pair on Windows) makes Qt call back into
    Python at once.
    """

    def close_and_quit() -> None:
        app.closeAllWindows()
        app.quit()

    def stop(*_: Any) -> None:
        # Queued, not direct: a signal landing just before exec() would otherwise be a quit()
        # with no loop running yet, which Qt ignores.
        QTimer.singleShot(0, close_and_quit)

    read_fd, write_fd, keep = _wakeup_pair()
    signal.set_wakeup_fd(write_fd)
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, stop)
    unblock_quit_signals()
    notifier = QSocketNotifier(read_fd, QSocketNotifier.Type.Read, app)

    def drain() -> None:
        with contextlib.suppress(OSError):
            if keep is None:
                os.read(read_fd, 64)
            else:
                keep[0].recv(64)

    notifier.activated.connect(drain)
    _keep.extend([keep, notifier])  # open as long as the process
    return notifier


_keep: list[Any] = []


def first_run(data_dir: Path, **wizard_args: Any) -> Any:
    """Run the setup wizard; the open store, or None if cancelled."""
    from odesk.ui.wizard import SetupWizard  # only on a first run

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
