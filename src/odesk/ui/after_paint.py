"""Work held back until a widget has painted: what a person sees first is drawn first.

Python threads share one interpreter lock, so a pool thread reading (say) the rest of a long
list slows the UI thread's first paint of the rows already there. `after_paint` runs a function
on the event loop's turn after the widget's next paint; a widget that does not paint (a hidden
window, another tab in front) gets it after `latest_ms` at the latest.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

LATEST_MS = 250


class _AfterPaint(QObject):
    def __init__(self, widget: QWidget, fn: Callable[[], object], latest_ms: int) -> None:
        super().__init__(widget)  # goes with the widget, and its timers with it
        self.widget = widget
        self.fn: Callable[[], object] | None = fn
        widget.installEventFilter(self)
        QTimer.singleShot(latest_ms, self, self.fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.widget.removeEventFilter(self)
            QTimer.singleShot(0, self, self.fire)  # once this paint is done
        return False

    def fire(self) -> None:
        if self.fn is None:
            return
        fn, self.fn = self.fn, None
        self.widget.removeEventFilter(self)
        self.deleteLater()
        fn()


def after_paint(widget: QWidget, fn: Callable[[], object], latest_ms: int = LATEST_MS) -> None:
    """Call ``fn()`` once on the UI thread, after ``widget``'s next paint or ``latest_ms``."""
    _AfterPaint(widget, fn, latest_ms)
