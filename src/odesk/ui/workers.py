"""Running blocking work (key derivation, saves, sync) off the UI thread.

`run_task` hands a function to a thread pool and reports its result or its one-line error back
on the UI thread through Qt signals. `OrderedWriter` is a single-thread queue so autosaves reach
the store in the order they were typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class TaskSignals(QObject):
    done = Signal(object)
    failed = Signal(object)  # the exception itself; str(exc) is the one-line message
    finished = Signal()


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: TaskSignals) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            try:
                result = self.fn()
            except Exception as exc:  # reported to the UI as a message, never a traceback
                self.signals.failed.emit(exc)
            else:
                self.signals.done.emit(result)
            self.signals.finished.emit()
        except RuntimeError:
            pass  # the receiving window is gone (app closing); nobody is left to tell


_live: set[TaskSignals] = set()


def run_task(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    *,
    pool: QThreadPool | None = None,
    parent: QObject | None = None,
) -> TaskSignals:
    """Run ``fn()`` in ``pool`` (the global pool by default); callbacks run on the UI thread."""
    # Unparented: a parent deleted while the task runs would take the signals with it.
    signals = TaskSignals()
    _live.add(signals)  # kept alive until finished, whatever the caller does with it
    if on_done is not None:
        signals.done.connect(on_done)
    if on_error is not None:
        signals.failed.connect(on_error)
    signals.finished.connect(lambda: _live.discard(signals))
    (pool or QThreadPool.globalInstance()).start(_Task(fn, signals))
    return signals


class OrderedWriter(QObject):
    """A one-thread pool: writes run one at a time, in the order they were submitted."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.pool.setExpiryTimeout(-1)

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> TaskSignals:
        return run_task(fn, on_done, on_error, pool=self.pool)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every queued write is done (used on lock and close)."""
        return self.pool.waitForDone(msecs)
