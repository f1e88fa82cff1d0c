"""The desktop app as `odesk` runs it, in a child process of the desktop-session test.

Run as: python -m tests.desktop.app_child FIRST_RUN_DIR DATA_DIR. Like `odesk` on a first run it
shows the setup wizard (for FIRST_RUN_DIR, which has no store), then the main window on DATA_DIR
(a store made with the test key-derivation parameters, which the real app refuses), and runs
until the window is closed. The only differences from `odesk` are those weak-KDF hooks and this:
an exception reaching the event loop or a critical Qt message is printed as a "FAILED:" line on
stderr, where the test looks for it, instead of the app's one-line error box.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import Any

from PySide6.QtCore import QtMsgType, qInstallMessageHandler

from odesk.store import Store
from odesk.ui.app import make_app, quit_on_signals
from odesk.ui.main_window import MainWindow
from odesk.ui.wizard import SetupWizard
from odesk.vault import TEST_PARAMS


def fail_hook(exc_type: type[BaseException], exc: BaseException, tb: Any) -> None:
    text = "".join(traceback.format_exception(exc_type, exc, tb)).replace("\n", "\n  ")
    print(f"FAILED: exception in the event loop: {text}", file=sys.stderr, flush=True)


def messages(kind: QtMsgType, _context: Any, text: str) -> None:
    if kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
        print(f"FAILED: Qt {kind.name}: {text}", file=sys.stderr, flush=True)
    else:
        print(f"qt {kind.name}: {text}", file=sys.stderr, flush=True)


def main() -> int:
    first_run_dir, data_dir = Path(sys.argv[1]), Path(sys.argv[2])
    qInstallMessageHandler(messages)
    app = make_app(["odesk"])
    sys.excepthook = fail_hook  # after make_app, which installs the app's own hook
    quit_on_signals(app)
    wizard = SetupWizard(first_run_dir, kdf_params=TEST_PARAMS, allow_weak_kdf=True)
    if wizard.exec() and wizard.store is not None:  # the test walks it to the end
        wizard.store.close()  # the rest of the test uses a store with data in it
    print("WIZARD DONE", flush=True)
    window = MainWindow(data_dir, opener=lambda d, p: Store.open(d, p, allow_weak_kdf=True))
    window.show()
    code = app.exec()
    if window.session is not None:
        window.lock()
    print("EXITED", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
