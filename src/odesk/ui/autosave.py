"""Autosave: debounced, ordered writes of the records an editor shows, never on the UI thread.

Every change restarts a short single-shot timer (and, during non-stop typing, a save still
happens at least once a second). When it fires, the editor's snapshot of its records is taken
on the UI thread and written by the session's one-thread writer, so saves reach the store in the
order they were made. Each write builds on the revision the previous one returned; the store
amends that revision in place while it has not left the device.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal

from odesk.ui.workers import OrderedWriter

if TYPE_CHECKING:
    from odesk.store import Store

AUTOSAVE_MS = 700
MAX_UNSAVED_MS = 1000

Snapshots = dict[str, dict | None]  # kind ("meeting", "note") -> record content, None: not yet


class Autosave(QObject):
    written = Signal(dict)  # kind -> the stored revision (only kinds that changed)
    failed = Signal(str)  # one line

    def __init__(
        self,
        store: Store,
        writer: OrderedWriter,
        snapshots: Callable[[], Snapshots],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.writer = writer
        self.snapshots = snapshots
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.flush)
        self._dirty = QElapsedTimer()  # since the first change not yet handed to the writer
        # The revisions writes build on; read and written by the writer thread after set-up.
        self._lock = threading.Lock()
        self._rev: dict[str, str | None] = {}
        self._sent: dict[str, str] = {}
        self.pending = 0

    @staticmethod
    def fingerprint(content: dict) -> str:
        return json.dumps(content, sort_keys=True)

    def base(self, kind: str, rev: str | None, shown: dict | None) -> None:
        """The stored revision an editor opened with, and its content as shown (not re-saved)."""
        with self._lock:
            self._rev[kind] = rev
            if shown is not None:
                self._sent[kind] = self.fingerprint(shown)

    def rev(self, kind: str) -> str | None:
        with self._lock:
            return self._rev.get(kind)

    def set_rev(self, kind: str, rev: str) -> None:
        """After a write made outside autosave (signing, co-signing)."""
        with self._lock:
            self._rev[kind] = rev

    @property
    def saving(self) -> bool:
        return self.pending > 0 or self.timer.isActive()

    def changed(self) -> None:
        self.timer.start()  # restarts: the save comes ~0.7 s after the last change
        if not self._dirty.isValid():
            self._dirty.start()
        elif self._dirty.elapsed() >= MAX_UNSAVED_MS:
            self.flush()

    def flush(self) -> None:
        """Hand the current snapshots to the writer now."""
        self.timer.stop()
        self._dirty.invalidate()
        snaps = {k: v for k, v in self.snapshots().items() if v is not None}
        if not snaps:
            return
        store, lock, revs, sent = self.store, self._lock, self._rev, self._sent

        def write() -> dict:
            out: dict = {}
            with lock:
                for kind, content in snaps.items():
                    fp = self.fingerprint(content)
                    if sent.get(kind) == fp:
                        continue
                    base = revs.get(kind)
                    stored = store.save({**content, "rev": base} if base else content)
                    revs[kind] = stored["rev"]
                    sent[kind] = fp
                    out[kind] = stored
            return out

        self.pending += 1
        self.writer.submit(write, self._done, self._failed)

    def _done(self, out: dict) -> None:
        self.pending -= 1
        self.written.emit(out)

    def _failed(self, exc: BaseException) -> None:
        self.pending -= 1
        self.failed.emit(str(exc))

    def wait(self, msecs: int = 30_000) -> bool:
        return self.writer.wait(msecs)
