"""Child process for the crash test: unlock, open a meeting, type, report each save, never exit.

Run as: python -m tests.ui.editor_child DATA_DIR NETWORK_ID TEXT. The parent kills it with
SIGKILL once a save of the typed text is reported.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

from PySide6.QtWidgets import QApplication  # noqa: E402

from odesk.store import Store  # noqa: E402
from odesk.ui.main_window import MainWindow  # noqa: E402
from tests.ui.conftest import type_text  # noqa: E402


def main() -> None:
    data_dir, network_id, text = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    app = QApplication([])
    passphrase = os.environ["ODESK_PASSPHRASE"]
    win = MainWindow(data_dir)
    win.open_store(Store.open(data_dir, passphrase, allow_weak_kdf=True))
    editor = win.open_meeting(network_id, None)
    assert editor is not None

    def report() -> None:
        print("SAVED", flush=True)

    editor.saved.connect(report)
    type_text(editor.summary, text)
    print("TYPED", flush=True)
    app.exec()


if __name__ == "__main__":
    main()
