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

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
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
    """Emits `locked` when the desktop session locks (logind Lock, screen saver active)."""

    locked = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.connected = False
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # QtDBus is optional (absent on Windows/macOS builds)
            return
        session = QDBusConnection.sessionBus()
        system = QDBusConnection.systemBus()
        ok = False
        if session.isConnected():
            for service, path in (
                ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver"),
                ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver"),
            ):
                iface = service
                ok |= session.connect(
                    service, path, iface, "ActiveChanged", self, b"1screensaver(bool)"
                )
        if system.isConnected():
            ok |= system.connect(
                "org.freedesktop.login1",
                "",
                "org.freedesktop.login1.Session",
                "Lock",
                self,
                b"1session_lock()",
            )
        self.connected = bool(ok)

    @Slot(bool)
    def screensaver(self, active: bool) -> None:
        if active:
            self.locked.emit()

    @Slot()
    def session_lock(self) -> None:
        self.locked.emit()
