"""`odesk demo`: embedded server, fictional data in both profiles, switch user, all removed on exit."""

from __future__ import annotations

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
    QTimer.singleShot(500, QApplication.closeAllWindows)
    assert demo.run_demo() == 0
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
    try:
        assert child.stderr is not None
        for line in child.stderr:  # ends if the child dies
            if b"odesk demo: ready" in line:
                break
        assert child.poll() is None, "the demo never came up"
        assert list(tmp_path.glob("odesk-demo-*/profiles/supervisor/odesk.db"))
        child.send_signal(signal.SIGTERM)
        try:
            code = child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGABRT)
            raise AssertionError(child.stderr.read().decode()[-5000:]) from None
        assert code == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert list(tmp_path.glob("odesk-demo-*")) == []
