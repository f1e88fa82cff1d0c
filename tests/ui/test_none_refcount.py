"""A long session must not crash: PySide6 6.12 on Python 3.11 drops a reference to None per void
call, and odesk.ui compensates on import."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
import odesk.ui
from PySide6.QtCore import QCoreApplication, QTimer
app = QCoreApplication([])
timer = QTimer()
for _ in range(50_000):
    timer.start()
    timer.stop()
print("alive")
"""


def test_many_void_calls_do_not_kill_the_interpreter() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "alive"
