"""A killed app loses nothing typed before the last autosave, and the editor comes back with it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from queue import Empty, Queue
from typing import Any

from odesk.ui.main_window import MainWindow
from tests.ui.conftest import PASSPHRASE, add_network, open_weak

ROOT = Path(__file__).resolve().parents[2]


def test_kill_9_while_typing_then_reopen_shows_the_draft(
    qtbot: Any, data_dir: Path, new_store: Any
) -> None:
    network = add_network(new_store)
    new_store.close()
    text = "The family said the nights are hardest"
    env = {**os.environ, "ODESK_PASSPHRASE": PASSPHRASE, "PYTHONPATH": f"{ROOT}:{ROOT / 'src'}"}
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.editor_child", str(data_dir), network["id"], text],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: Queue[str] = Queue()
    threading.Thread(
        target=lambda: [lines.put(line.strip()) for line in child.stdout], daemon=True
    ).start()  # type: ignore[union-attr]
    seen = []
    try:
        while "SAVED" not in seen:
            try:
                seen.append(lines.get(timeout=60))
            except Empty:
                raise AssertionError(
                    f"child never saved: {seen} {child.stderr.read() if child.poll() is not None else ''}"
                ) from None
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    win = MainWindow(data_dir, opener=open_weak)
    qtbot.addWidget(win)
    win.show()
    win.unlock_widget.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(win.unlocked, timeout=20_000):
        win.unlock_widget.button.click()
    assert len(win.editors) == 1  # the meeting being written reopens by itself
    editor = win.editors[0]
    assert editor.summary.toPlainText() == text
    assert editor.recovered_banner.isVisibleTo(editor)
    editor.close_editor()
    win.lock()
