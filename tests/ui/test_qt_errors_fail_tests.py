"""The GUI tests fail on what a person would see go wrong: an exception raised in a slot (which
the app turns into an error box) or a critical Qt message. pytest-qt does both (its exception
capture, and qt_log_level_fail = CRITICAL in pyproject.toml); this proves they are on, by running
a small test file under the project's own settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
from PySide6.QtCore import QTimer, qCritical, qWarning


def test_slot_raises(qtbot):
    ran = []

    def slot():
        ran.append(True)
        raise RuntimeError("raised in a slot")

    QTimer.singleShot(0, slot)
    qtbot.waitUntil(lambda: bool(ran))


def test_critical_message(qtbot):
    qCritical("a critical message")


def test_warning_is_allowed(qtbot):
    qWarning("platform plugins warn about what they cannot do (offscreen: size hints)")
"""


def test_slot_exceptions_and_critical_messages_fail_the_test(tmp_path: Path) -> None:
    probe = tmp_path / "test_probe.py"
    probe.write_text(PROBE, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-c",
            str(ROOT / "pyproject.toml"),
            "--rootdir",
            str(tmp_path),
            "-p",
            "no:cacheprovider",
            "-q",
            str(probe),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        cwd=tmp_path,
    )
    out = result.stdout
    assert "FAILED" in out and "test_slot_raises" in out, out
    assert "test_probe.py::test_critical_message" in out, out
    assert "test_probe.py::test_warning_is_allowed" not in out, out
    assert "2 failed, 1 passed" in out, out
