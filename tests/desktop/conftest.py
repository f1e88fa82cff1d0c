"""The desktop-session tier: the app on a real X server (Xvfb, xcb platform) with a D-Bus session
bus and the AT-SPI accessibility bus, driven and read from outside through AT-SPI.

Everything is private to the test: its own display, its own session bus (which starts the AT-SPI
bus launcher from the system's D-Bus service file when Qt asks for it), its own HOME. Where a part
is missing the tests skip with the reason; in CI or with ODESK_REQUIRE_DESKTOP=1 they fail.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.desktop_session import SYSTEM_PYTHON, dbus_bus, unavailable, xvfb

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("atspi_driver.py")


@pytest.fixture(scope="module")
def session_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Environment variables of a desktop session with X, D-Bus and AT-SPI, all private."""
    if not Path(SYSTEM_PYTHON).exists():
        unavailable(f"{SYSTEM_PYTHON} is missing (the AT-SPI driver runs under it)")
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, text=True, timeout=60
    )
    if probe.returncode != 0:
        unavailable("pyatspi is not importable by /usr/bin/python3 (apt package python3-pyatspi)")
    if (
        not Path("/usr/libexec/at-spi-bus-launcher").exists()
        and not Path("/usr/lib/at-spi2-core/at-spi-bus-launcher").exists()
    ):
        unavailable("at-spi-bus-launcher is not installed (apt package at-spi2-core)")
    tmp = tmp_path_factory.mktemp("desktop")
    run = tmp / "run"
    run.mkdir(mode=0o700)
    with xvfb(tmp) as display:
        env = dict(os.environ)
        env.pop("WAYLAND_DISPLAY", None)
        env.update(
            DISPLAY=display,
            XDG_RUNTIME_DIR=str(run),
            QT_QPA_PLATFORM="xcb",
            QT_ACCESSIBILITY="1",
            QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
            PYTHONPATH=str(ROOT),
        )
        probe = subprocess.run(
            [
                sys.executable,
                "-c",
                "from PySide6.QtGui import QGuiApplication; QGuiApplication([])",
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        if probe.returncode != 0:
            last = (probe.stderr.strip().splitlines() or ["no message"])[0]
            unavailable(f"Qt's xcb platform does not start (missing libxcb-* packages?): {last}")
        with dbus_bus(env) as bus:
            env["DBUS_SESSION_BUS_ADDRESS"] = bus
            yield env


class Driver:
    """The AT-SPI driver process: one JSON command in, one JSON answer out."""

    def __init__(self, env: dict[str, str], app_name: str = "odesk") -> None:
        self.proc = subprocess.Popen(
            [SYSTEM_PYTHON, str(DRIVER), app_name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={k: v for k, v in env.items() if k != "PYTHONPATH"},
        )

    def __call__(self, op: str, **args: Any) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"op": op, **args}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise AssertionError(f"the AT-SPI driver stopped (exit {self.proc.wait(10)})")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def do(self, op: str, **args: Any) -> dict[str, Any]:
        answer = self(op, **args)
        assert answer.get("ok"), f"{op} {args}: {answer.get('error')}"
        return answer

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


class App:
    """The app child process; its stderr is collected on a thread (it must never fill up)."""

    def __init__(
        self, env: dict[str, str], *args: str, module: str = "tests.desktop.app_child"
    ) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        self.err: list[str] = []
        self.out: list[str] = []
        self._threads = [
            threading.Thread(target=self._read, args=(self.proc.stderr, self.err), daemon=True),
            threading.Thread(target=self._read, args=(self.proc.stdout, self.out), daemon=True),
        ]
        for t in self._threads:
            t.start()

    @staticmethod
    def _read(stream: Any, into: list[str]) -> None:
        for line in stream:
            into.append(line.rstrip("\n"))

    def failures(self) -> list[str]:
        return [line for line in self.err if line.startswith(("FAILED:", "odesk:", "Traceback"))]

    def wait(self, timeout: float = 30) -> int:
        code = self.proc.wait(timeout=timeout)
        for t in self._threads:
            t.join(timeout=5)
        return code

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
