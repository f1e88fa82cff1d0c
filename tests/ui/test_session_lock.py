"""The desktop session's lock reaches odesk over D-Bus, and missing or different services are
ignored without an error.

Each test runs a private D-Bus bus (dbus-daemon) and plays the desktop's screen saver or logind
on it from a second connection, as GNOME, KDE or systemd would.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest

from odesk.ui.autolock import SCREEN_SAVERS, SessionLockWatcher, logind_session_path
from tests.desktop_session import dbus_bus

pytestmark = pytest.mark.gui

_names = itertools.count()


@pytest.fixture
def bus(qapp: Any) -> Iterator[str]:
    with dbus_bus() as address:
        yield address


def connect(address: str) -> Any:
    from PySide6.QtDBus import QDBusConnection

    name = f"odesk-test-{next(_names)}"
    conn = QDBusConnection.connectToBus(address, name)
    assert conn.isConnected()
    return conn


def emit(conn: Any, path: str, iface: str, name: str, *args: Any) -> None:
    from PySide6.QtDBus import QDBusMessage

    msg = QDBusMessage.createSignal(path, iface, name)
    msg.setArguments(list(args))
    assert conn.send(msg)


@pytest.mark.parametrize("service,path", SCREEN_SAVERS)
def test_screen_saver_turning_on_locks(qtbot: Any, bus: str, service: str, path: str) -> None:
    desktop = connect(bus)
    assert desktop.registerService(service)
    watcher = SessionLockWatcher(session_bus=connect(bus), system_bus=connect(bus))
    assert f"{service} ActiveChanged" in watcher.sources
    with qtbot.assertNotEmitted(watcher.locked, wait=300):
        emit(desktop, path, service, "ActiveChanged", False)  # turning off: nothing to do
    with qtbot.waitSignal(watcher.locked, timeout=5000):
        emit(desktop, path, service, "ActiveChanged", True)


def test_logind_lock_of_this_session_locks(
    qtbot: Any, bus: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_SESSION_ID", "3")
    logind = connect(bus)
    assert logind.registerService("org.freedesktop.login1")
    watcher = SessionLockWatcher(session_bus=connect(bus), system_bus=connect(bus))
    assert "org.freedesktop.login1 Lock" in watcher.sources
    with qtbot.assertNotEmitted(watcher.locked, wait=300):  # another person's session
        emit(
            logind, "/org/freedesktop/login1/session/_34", "org.freedesktop.login1.Session", "Lock"
        )
    with qtbot.waitSignal(watcher.locked, timeout=5000):
        emit(
            logind, "/org/freedesktop/login1/session/_33", "org.freedesktop.login1.Session", "Lock"
        )


def test_an_impostor_or_a_different_signal_does_not_lock(qtbot: Any, bus: str) -> None:
    """Only the screen saver's own name is heard, and only with the signature it documents."""
    watcher = SessionLockWatcher(session_bus=connect(bus), system_bus=connect(bus))
    impostor = connect(bus)  # owns no screen saver name
    real = connect(bus)
    assert real.registerService("org.freedesktop.ScreenSaver")
    with qtbot.assertNotEmitted(watcher.locked, wait=500):
        emit(impostor, *SCREEN_SAVERS[0][::-1], "ActiveChanged", True)
        emit(real, *SCREEN_SAVERS[0][::-1], "ActiveChanged", "yes")  # a different signature
    # The service appeared after the watcher started and is still heard.
    with qtbot.waitSignal(watcher.locked, timeout=5000):
        emit(real, *SCREEN_SAVERS[0][::-1], "ActiveChanged", True)


def test_no_bus_at_all_is_quiet(qapp: Any) -> None:
    """No session or system bus (a bare X server, a container): no error, nothing heard."""
    from PySide6.QtDBus import QDBusConnection

    nowhere = QDBusConnection.connectToBus("unix:path=/nonexistent/bus", "odesk-test-nowhere")
    assert not nowhere.isConnected()
    watcher = SessionLockWatcher(session_bus=nowhere, system_bus=nowhere)
    assert watcher.sources == []
    assert not watcher.connected


def test_logind_session_paths() -> None:
    assert logind_session_path("") == ""
    assert logind_session_path("3") == "/org/freedesktop/login1/session/_33"
    assert logind_session_path("c2") == "/org/freedesktop/login1/session/c2"
    assert logind_session_path("12") == "/org/freedesktop/login1/session/_312"
