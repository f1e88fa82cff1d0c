"""Auto-lock: idle time from user input, and the desktop session's own lock when it says so.

`IdleWatcher` filters the events of the app's top-level windows (each window as it gets the
focus); any key, mouse, wheel or touch event restarts its timer. Input reaches a window before
its widgets, so one filter per window sees it all. (A filter on the whole application would see
every event of every object, and pass each object to Python: at start-up alone that makes Python
types for ~120 Qt classes, a sixth of the start-up time.)

`SessionLockWatcher` listens to the login manager / screen saver over D-Bus where that exists
(Linux desktops); elsewhere it stays silent.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import SLOT, QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication, QWindow

DEFAULT_MINUTES = 5.0

_INPUT = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
}


def minutes_from_policy(policy: object) -> float:
    value = policy.get("autolock_minutes") if isinstance(policy, dict) else None
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return DEFAULT_MINUTES
    return float(value)


class IdleWatcher(QObject):
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.set_minutes(DEFAULT_MINUTES)
        self._watching = False

    def set_minutes(self, minutes: float) -> None:
        self.timer.setInterval(max(1, int(minutes * 60_000)))

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def watch(self, app: QGuiApplication) -> None:
        """Watch input to the app's windows: those open now and each one that gets the focus."""
        if not self._watching:
            self._watching = True
            app.focusWindowChanged.connect(self._watch_window)
        for window in app.topLevelWindows():
            self._watch_window(window)

    def unwatch(self, app: QGuiApplication) -> None:
        if self._watching:
            self._watching = False
            app.focusWindowChanged.disconnect(self._watch_window)
        for window in app.topLevelWindows():
            window.removeEventFilter(self)

    def _watch_window(self, window: QWindow | None) -> None:
        if window is not None:
            window.installEventFilter(self)  # installing again keeps a single filter

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT and self.timer.isActive():
            self.timer.start()
        return False


class SessionLockWatcher(QObject):
    """Emits `locked` when the desktop session locks (screen saver active, logind Lock).

    Each source is optional: with no D-Bus (Windows, macOS, a bare X server), no such service on
    the bus, or a service whose signal differs, that source stays silent and the idle timer and
    the Lock button still lock the app. A service that starts later is still heard: Qt watches
    the name, not its current owner.
    """

    locked = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        session_bus: Any = None,
        system_bus: Any = None,
    ) -> None:
        super().__init__(parent)
        self.sources: list[str] = []  # what we listen to, for tests and diagnostics
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # QtDBus is optional (absent on Windows/macOS builds)
            return
        session = session_bus if session_bus is not None else QDBusConnection.sessionBus()
        system = system_bus if system_bus is not None else QDBusConnection.systemBus()
        if session.isConnected():
            for service, path in SCREEN_SAVERS:
                self._listen(session, service, path, service, "ActiveChanged", "screensaver(bool)")
        if system.isConnected():
            # Our own session's Lock only; with no session id, any session's (locking too often
            # is the safe side).
            self._listen(
                system,
                "org.freedesktop.login1",
                logind_session_path(os.environ.get("XDG_SESSION_ID", "")),
                "org.freedesktop.login1.Session",
                "Lock",
                "session_lock()",
            )

    @property
    def connected(self) -> bool:
        return bool(self.sources)

    def _listen(self, bus: Any, service: str, path: str, iface: str, name: str, slot: str) -> None:
        # PySide6 takes the receiving slot as SLOT()'s str ("1name(args)"); bytes raise.
        try:
            ok = bus.connect(service, path, iface, name, self, SLOT(slot))
        except (TypeError, ValueError, RuntimeError):
            ok = False
        if ok:
            self.sources.append(f"{service} {name}")

    @Slot(bool)
    def screensaver(self, active: bool) -> None:
        if active:
            self.locked.emit()

    @Slot()
    def session_lock(self) -> None:
        self.locked.emit()


# (service, object path); the interface is named like the service.
SCREEN_SAVERS = (
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver"),  # KDE, Xfce, LXQt
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver"),  # GNOME, Cinnamon
)


def logind_session_path(session_id: str) -> str:
    """logind's object path for a session id (systemd's bus_label_escape); "" for none.

    Every byte but a-z, A-Z and 0-9 (and a leading digit) becomes _xx in hex: "3" -> "_33".
    """
    if not session_id:
        return ""
    out = []
    for i, byte in enumerate(session_id.encode()):
        ch = chr(byte)
        if ch.isascii() and (ch.isalpha() or (i > 0 and ch.isdigit())):
            out.append(ch)
        else:
            out.append(f"_{byte:02x}")
    return "/org/freedesktop/login1/session/" + "".join(out)
