"""Which requests a worker starts first when it is saturated: pushes before pull pages.

At 9 a.m. a hundred laptops make their first pull at once; a clinician's push (a record saved to
the server) must not wait behind them. Each worker process keeps one `Admission` on its event
loop:

- a push is counted while it runs (from the arrival of its body to its answer), in this worker
  and, with several workers, in a small file they share (`SharedPushes`): a push on one worker
  holds back the pulls of all, since they share the cores and PostgreSQL;
- a pull page waits its turn, first come first served: at most `pull_pages` pages run at once;
  while any push of the server is running, one at a time, and after each such page the next
  waits so that pull pages take at most `pull_share` of the worker's time (a page that took
  10 ms is followed by 190 ms for the pushes at the default twentieth). The pulls keep moving,
  every device in turn, and the rest of the worker (its event loop and interpreter lock, its
  share of the cores and of PostgreSQL) goes to the pushes.

No request is refused or timed out here: a pull page only starts later. The settings are
ODESK_SERVER_PULL_PAGES and ODESK_SERVER_PULL_SHARE (packaging/OPERATIONS.md); bench/README.md
(rush_bench.py) has the measurements behind the defaults.
"""

from __future__ import annotations

import asyncio
import mmap
import os
import struct
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows: each worker counts only its own pushes
    fcntl = None  # type: ignore[assignment]

PULL_PAGES_ENV = "ODESK_SERVER_PULL_PAGES"
PULL_SHARE_ENV = "ODESK_SERVER_PULL_SHARE"
PULL_PAGES = 2  # pull pages a worker assembles at once (each in a handler thread)
# Of a worker's time for pull pages while pushes run. A twentieth: at a quarter, a 9 a.m. rush
# still took about 28% of the pushes' rate (a page also costs PostgreSQL about as much again,
# and its handler thread holds the interpreter), at a twentieth about 12% (bench/README.md,
# "Pushes keep their pace"). A first pull of 10,000 records then takes a few seconds more while
# pushes run, and none at all once they end.
PULL_SHARE = 0.05
MIN_PULL_SHARE = 0.01
# Set by `serve` for its workers (not a setting): the file of SharedPushes.
SHARED_ENV = "ODESK_SERVER_PUSHES_FILE"
SLOTS = 64  # workers at most (`serve --workers` allows 1 to 64)
_SLOTS = struct.Struct(f"={SLOTS}q")
# How often pulls held back by another worker's pushes look again (seconds).
POLL = 0.005


def settings_from_env() -> tuple[int, float]:
    """(pull pages at once, pull share while pushes run) from the environment, or ValueError
    with a one-line message naming the setting."""
    pages, share = PULL_PAGES, PULL_SHARE
    raw = os.environ.get(PULL_PAGES_ENV, "").strip()
    if raw:
        if not raw.isdigit() or not 1 <= int(raw) <= 64:
            raise ValueError(f"{PULL_PAGES_ENV} must be a whole number from 1 to 64, not {raw!r}")
        pages = int(raw)
    raw = os.environ.get(PULL_SHARE_ENV, "").strip()
    if raw:
        try:
            share = float(raw)
        except ValueError:
            share = -1.0
        if not MIN_PULL_SHARE <= share <= 1:
            raise ValueError(
                f"{PULL_SHARE_ENV} must be a number from {MIN_PULL_SHARE} to 1, not {raw!r}"
            )
    return pages, share


def make_shared_file(folder: str | os.PathLike[str]) -> str:
    """A zeroed SharedPushes file in ``folder`` (made by `serve` before its workers start)."""
    path = Path(folder) / "pushes-running"
    path.write_bytes(bytes(_SLOTS.size))
    return str(path)


class SharedPushes:
    """The pushes running in every worker of one server: a counter per worker in a shared
    memory-mapped file, each written only by its worker, which holds a lock on its slot for as
    long as it lives (a worker started again after a crash takes a free slot and zeroes it)."""

    def __init__(self, path: str) -> None:
        self._file = open(path, "r+b")  # noqa: SIM115 - kept open for the worker's life
        self._map = mmap.mmap(self._file.fileno(), _SLOTS.size)
        for slot in range(SLOTS):
            try:
                fcntl.lockf(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB, 8, slot * 8)
            except OSError:
                continue
            self._offset = slot * 8
            break
        else:
            raise RuntimeError(f"more than {SLOTS} workers share {path}")
        self.set(0)

    def set(self, pushes: int) -> None:
        struct.pack_into("=q", self._map, self._offset, pushes)

    def total(self) -> int:
        return sum(_SLOTS.unpack_from(self._map))


def shared_from_env() -> SharedPushes | None:
    path = os.environ.get(SHARED_ENV)
    return SharedPushes(path) if path and fcntl is not None else None


class Admission:
    """Pushes first, pull pages in turn (one per worker event loop; not thread-safe: every
    method runs on the loop)."""

    def __init__(
        self, pull_pages: int, pull_share: float, shared: SharedPushes | None = None
    ) -> None:
        if pull_pages < 1 or not 0 < pull_share <= 1:
            raise ValueError("pull_pages >= 1 and 0 < pull_share <= 1")
        self.pull_pages = pull_pages
        self.pull_share = pull_share
        self.shared = shared
        self.pushes = 0  # running now in this worker
        self.pulls = 0  # pages running now
        self._waiting: deque[asyncio.Future[None]] = deque()
        self._not_before = 0.0  # loop time before which no pull page starts while pushing
        self._wake: asyncio.TimerHandle | None = None

    def pushing(self) -> bool:
        return bool(self.pushes) or (self.shared is not None and self.shared.total() > 0)

    def _admit(self) -> None:
        loop = asyncio.get_running_loop()
        while self._waiting and self._waiting[0].done():  # cancelled: its client left
            self._waiting.popleft()
        if not self._waiting:
            return
        pushing = self.pushing()
        while self._waiting and self.pulls < (1 if pushing else self.pull_pages):
            if pushing and loop.time() < self._not_before:
                break
            turn = self._waiting.popleft()
            if not turn.done():
                self.pulls += 1
                turn.set_result(None)
        if self._waiting and (pushing or self.shared is not None) and self._wake is None:
            # Woken when its pause ends, or to see whether another worker's pushes have ended.
            delay = max(POLL, self._not_before - loop.time()) if pushing else POLL
            self._wake = loop.call_later(delay, self._woken)

    def _woken(self) -> None:
        self._wake = None
        self._admit()

    @asynccontextmanager
    async def push(self) -> AsyncIterator[None]:
        self.pushes += 1
        if self.shared is not None:
            self.shared.set(self.pushes)
        try:
            yield
        finally:
            self.pushes -= 1
            if self.shared is not None:
                self.shared.set(self.pushes)
            if not self.pushes:
                self._admit()

    @asynccontextmanager
    async def pull(self) -> AsyncIterator[None]:
        """Held while one pull page is assembled."""
        loop = asyncio.get_running_loop()
        if not self._waiting and self.pulls < self.pull_pages and not self.pushing():
            self.pulls += 1
        else:
            turn: asyncio.Future[None] = loop.create_future()
            self._waiting.append(turn)
            self._admit()
            try:
                await turn
            except asyncio.CancelledError:
                if turn.done() and not turn.cancelled():  # admitted, then cancelled
                    self._release()
                raise
        started = loop.time()
        try:
            yield
        finally:
            now = loop.time()
            if self.pushing():
                self._not_before = now + (now - started) * (1 / self.pull_share - 1)
            self._release()

    def _release(self) -> None:
        self.pulls -= 1
        self._admit()


class PushesFirst:
    """ASGI wrapper: a push request counts as running from its body's arrival to its answer."""

    def __init__(self, app: Any, admission: Admission, path: str = "/v1/sync/push") -> None:
        self.app = app
        self.admission = admission
        self.path = path

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope.get("path") == self.path:
            async with self.admission.push():
                await self.app(scope, receive, send)
        else:
            await self.app(scope, receive, send)
