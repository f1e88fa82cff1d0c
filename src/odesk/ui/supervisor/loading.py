"""Reading a supervisor page's data off the UI thread: one read at a time, the newest wins.

On a big caseload the review queue reads every signed note and the dashboard every note once:
seconds, which on the UI thread would freeze the window. `PageLoader` runs such a read on the
global thread pool through `odesk.ui.workers.run_task`, as the main window loads the network
list: the pool thread computes plain Python data from the store (a Store may be used from any
thread: one connection behind an RLock, `check_same_thread=False`), and the UI thread only
installs what comes back.

An answer is shown only if it is the one the page is waiting for: a read asked for while
another runs waits for it to end and then starts (its answer would be older than the question),
`cancel()` (the app is locking, the page is cleared) drops whatever is still running, and an
answer arriving once the store is closed is dropped too. A read that fails because the store was
locked under it is therefore never reported; any other failure is reported as its one-line
message. `LoadingNote` is what the page shows meanwhile: a busy bar and words a screen reader
announces, so a page still loading never looks like an empty one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QWidget

from odesk.ui.a11y import LiveLabel
from odesk.ui.workers import run_task

Read = Callable[[], Any]
FRESH_FOR_S = 60.0  # what was shown is shown again, unread, for this long if nothing was written


class PageLoader(QObject):
    """Runs a page's read on a pool thread and hands the newest answer to the UI thread."""

    loaded = Signal(object)  # what the read returned
    failed = Signal(str)  # the read's one-line error (never the store being locked)
    busy_changed = Signal(bool)

    def __init__(
        self,
        closed: Callable[[], bool],
        parent: QObject | None = None,
        *,
        changes: Callable[[], Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self._closed = closed
        self._changes = changes  # the store's mark of what was written (Store.changes)
        self._count = 0  # reads started, so that each answer knows which read it is
        self._awaited: int | None = None  # the read whose answer is wanted
        self._awaited_mark: Any = None  # the store's mark when that read started
        self._pending: Read | None = None  # asked for while another read runs
        self._shown: tuple[Any, float] | None = None  # mark and time of the answer shown

    def fresh(self) -> bool:
        """The answer last shown is still what a read would give: nothing was written since its
        read started, and it is under a minute old (the dashboard's figures count time). A
        page shown again then need not read (on a big caseload, seconds of a core)."""
        if self._shown is None or self._changes is None or self._closed() or self.busy:
            return False
        mark, at = self._shown
        return time.monotonic() - at < FRESH_FOR_S and self._changes() == mark

    @property
    def busy(self) -> bool:
        return self._awaited is not None

    def start(self, read: Read) -> None:
        """Run ``read()`` on a pool thread; ``loaded`` carries its result. If a read is running,
        this one starts when it ends and only this one's answer is shown (reads of one page
        never run side by side: each takes a whole core on a big caseload)."""
        if self._awaited is not None:
            self._pending = read
            return
        self._launch(read)
        self.busy_changed.emit(True)

    def cancel(self) -> None:
        """Forget any read running or waiting: its answer will be dropped."""
        was_busy = self.busy
        self._awaited = None
        self._pending = None
        self._shown = None  # the page is emptied: the next showing reads
        if was_busy:
            self.busy_changed.emit(False)

    def _launch(self, read: Read) -> None:
        self._count += 1
        number = self._count
        self._awaited = number
        # taken before the read: a write during it changes the mark, so the page reads again
        self._awaited_mark = self._changes() if self._changes is not None else None

        def job() -> tuple[int, Any, BaseException | None]:
            # Errors travel as values: the answer reaches `_finished`, a method of this QObject,
            # so Qt drops it if the page (and this loader with it) is gone by then.
            try:
                return number, read(), None
            except Exception as exc:
                return number, None, exc

        run_task(job, self._finished)

    def _finished(self, answer: tuple[int, Any, BaseException | None]) -> None:
        number, value, error = answer
        if number != self._awaited:
            return  # cancelled meanwhile (locked, cleared): nobody waits for it
        self._awaited = None
        if self._closed():  # locked while reading: nothing may be shown, and it is no error
            self._pending = None
            self.busy_changed.emit(False)
            return
        if self._pending is not None:  # asked again while this ran: this answer is stale
            read, self._pending = self._pending, None
            self._launch(read)
            return
        self.busy_changed.emit(False)
        if error is not None:
            self._shown = None
            self.failed.emit(str(error))
        else:
            self._shown = (self._awaited_mark, time.monotonic())
            self.loaded.emit(value)


class LoadingNote(QWidget):
    """A busy bar and its words, shown while a page reads; the words are announced."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = text
        self.setAccessibleName(text)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy: no known end
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName(text)
        self.label = LiveLabel()
        self.label.setAccessibleName(text)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.label, 1)
        self.hide()

    def set_busy(self, busy: bool) -> None:
        self.setVisible(busy)
        # emptied when done, so that the next read is announced again
        self.label.setText(self.text if busy else "")
