"""Entry script that PyInstaller freezes into the `odesk` executable.

It does exactly what the installed `odesk` console script does (`odesk.cli:main`), so the bundle and
a source install accept the same commands and exit with the same status.

Smoke-test hook (packaging/smoke_test.sh): with ODESK_SMOKE_EXIT_AFTER_SHOW=1 the GUI quits with
status 0 as soon as a main window is visible (status 3 if none shows within a minute), so a build
can prove its GUI comes up on a machine without a display (QT_QPA_PLATFORM=offscreen).
"""

import multiprocessing
import os
import sys

from odesk.cli import main

SMOKE_DEADLINE_MS = 60_000


def exit_once_main_window_shows() -> None:
    """Wrap QApplication.exec so the event loop ends once a QMainWindow is visible."""
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    original_exec = QApplication.exec

    def exec_then_exit() -> int:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        clock = QElapsedTimer()
        clock.start()
        timer = QTimer(app)

        def check() -> None:
            shown = [
                w for w in app.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()
            ]
            if shown:
                timer.stop()
                print(f"odesk smoke: main window shown: {shown[0].windowTitle()}", file=sys.stderr)
                app.exit(0)
            elif clock.elapsed() > SMOKE_DEADLINE_MS:
                timer.stop()
                print("odesk smoke: no main window within a minute", file=sys.stderr)
                app.exit(3)

        timer.timeout.connect(check)
        timer.start(100)
        return original_exec()  # a static method in PySide6

    # Static, as the original is: `app.exec()` and `QApplication.exec()` both reach it.
    QApplication.exec = staticmethod(exec_then_exit)  # type: ignore[method-assign,assignment]


if __name__ == "__main__":
    # A frozen program re-executes itself for multiprocessing children (uvicorn workers in the
    # embedded demo server); without this the child would start a second app instead.
    multiprocessing.freeze_support()
    if os.environ.get("ODESK_SMOKE_EXIT_AFTER_SHOW") == "1":
        exit_once_main_window_shows()
    sys.exit(main())
