"""`odesk demo`: embedded server, fictional data in both profiles, switch user, all removed on exit."""

from __future__ import annotations

import queue
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from odesk.demo.world import DemoWorld
from odesk.ui import demo


def test_demo_window_profiles_and_cleanup(qtbot: Any) -> None:
    with DemoWorld.running() as world:
        root, url = world.root, world.server_url
        assert httpx.get(f"{url}/v1/health").status_code == 200
        assert {"practitioner", "supervisor"} <= set(world.profiles)
        window = demo.build_window(world)
        qtbot.addWidget(window)
        assert "DEMO" in window.windowTitle()
        assert window.network_model.total() == 20
        assert window.session.user["id"] == world.profiles["practitioner"].user["id"]
        titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        assert not any("Review" in t for t in titles)
        actions = {a.data(): a for a in window.switch_user_menu.actions()}
        actions["supervisor"].trigger()
        assert window.session.user["id"] == world.profiles["supervisor"].user["id"]
        titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        assert any("Review" in t for t in titles)  # the supervisor helper's pages joined
        window.lock()
    assert not root.exists()
    try:
        httpx.get(f"{url}/v1/health", timeout=2)
        stopped = False
    except httpx.HTTPError:
        stopped = True
    assert stopped


def test_run_demo_quits_cleanly(qtbot: Any, monkeypatch: Any) -> None:
    roots: list[Path] = []
    real = DemoWorld._start

    def spy(self: DemoWorld) -> None:
        roots.append(self.root)
        real(self)

    monkeypatch.setattr(DemoWorld, "_start", spy)
    # Close the demo's window once it is on screen (polled: the world is built first, however long
    # that takes); if it never shows, the event loop ends with status 3 instead of waiting.
    shown: list[str] = []
    deadline = time.monotonic() + 60

    def close_once_shown() -> None:
        demo_windows = [
            w for w in QApplication.topLevelWidgets() if w.isVisible() and "DEMO" in w.windowTitle()
        ]
        if demo_windows:
            shown.append(demo_windows[0].windowTitle())
            poll.stop()
            QApplication.closeAllWindows()
        elif time.monotonic() > deadline:
            poll.stop()
            QApplication.exit(3)

    poll = QTimer()
    poll.timeout.connect(close_once_shown)
    poll.start(20)
    try:
        assert demo.run_demo() == 0
    finally:
        poll.stop()
    assert shown, "the demo window never showed"
    assert roots and not roots[0].exists()


def test_odesk_demo_process_cleans_up_on_terminate(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "TMPDIR": str(tmp_path),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONFAULTHANDLER": "1",
        "PYTHONPATH": str(root / "src"),
    }
    child = subprocess.Popen(
        [sys.executable, "-m", "odesk", "demo"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    # Its standard error read on a thread, so waiting for "ready" is bounded even if the child
    # hangs without a word.
    said: queue.Queue[bytes] = queue.Queue()
    stderr = child.stderr
    assert stderr is not None

    def read() -> None:
        for line in stderr:
            said.put(line)
        said.put(b"")  # the child closed its standard error: it ended

    threading.Thread(target=read, daemon=True).start()
    heard: list[bytes] = []
    try:
        deadline = time.monotonic() + 120
        while not heard or b"odesk demo: ready" not in heard[-1]:
            try:
                heard.append(said.get(timeout=max(0.0, deadline - time.monotonic())))
            except queue.Empty:
                raise AssertionError(b"".join(heard).decode()[-5000:]) from None
            if heard[-1] == b"":
                raise AssertionError(b"".join(heard).decode()[-5000:])  # ended before "ready"
        assert list(tmp_path.glob("odesk-demo-*/profiles/supervisor/odesk.db"))
        child.send_signal(signal.SIGTERM)
        try:
            code = child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGABRT)
            child.wait(timeout=20)
            while not said.empty():
                heard.append(said.get())
            raise AssertionError(b"".join(heard).decode()[-5000:]) from None
        assert code == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert list(tmp_path.glob("odesk-demo-*")) == []
