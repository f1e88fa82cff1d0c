"""Which requests a worker starts first when it is saturated: pushes before pull pages.

At 9 a.m. a hundred laptops make their first pull at once; a clinician's push (a record saved to
the server) must not wait behind them. Each worker process keeps one `Admission` on its event
loop:

- a push is counted while it runs (from its route's first line to its answer), in this worker
  and, with several workers, in a small file they share (`SharedPushes`: a push on one worker
  holds back the pulls of all, since they share the cores and PostgreSQL);
- a pull page waits for a slot, first come first served: at most `pull_pages` pages run at once,
  and while any push of the server is running, only `pull_pages_pushing` (default 1): the pulls
  keep moving, one page after another, and the rest of the worker (its event loop, the
  interpreter lock, its share of the cores and of PostgreSQL) goes to the pushes.

No request is refused or timed out here: a pull page only starts a little later. The settings
are ODESK_SERVER_PULL_PAGES and ODESK_SERVER_PULL_PAGES_PUSHING (packaging/OPERATIONS.md).
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
PULL_PAGES_PUSHING_ENV = "ODESK_SERVER_PULL_PAGES_PUSHING"
# Pull pages a worker assembles at once (each in a handler thread): see bench/README.md, rush.
PULL_PAGES = 2
PULL_PAGES_PUSHING = 1
# Set by `serve` for its workers (not a setting): the file of SharedPushes.
SHARED_ENV = "ODESK_SERVER_PUSHES_FILE"
SLOTS = 64  # workers at most (`serve --workers` allows 1 to 64)
_SLOTS = struct.Struct(f"={SLOTS}q")
# How often pulls held back by another worker's pushes look again (seconds).
POLL = 0.005


def _count(name: str, default: int, least: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from None
    if value < least:
        raise ValueError(f"{name} must be at least {least}, not {value}")
    return value


def pull_pages_from_env() -> tuple[int, int]:
    """(pull pages at once, pull pages at once while pushes run) from the environment."""
    pages = _count(PULL_PAGES_ENV, PULL_PAGES, 1)
    pushing = _count(PULL_PAGES_PUSHING_ENV, min(PULL_PAGES_PUSHING, pages), 1)
    return pages, min(pushing, pages)


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
        self, pull_pages: int, pull_pages_pushing: int, shared: SharedPushes | None = None
    ) -> None:
        if not 1 <= pull_pages_pushing <= pull_pages:
            raise ValueError("pull pages: 1 <= pull_pages_pushing <= pull_pages")
        self.pull_pages = pull_pages
        self.pull_pages_pushing = pull_pages_pushing
        self.pushes = 0  # running now
        self.pulls = 0  # pages running now
        self._waiting: deque[asyncio.Future[None]] = deque()
        self.shared = shared
        self._polling = False

    def _limit(self) -> int:
        pushing = self.pushes or (self.shared is not None and self.shared.total() > 0)
        return self.pull_pages_pushing if pushing else self.pull_pages

    def _admit(self) -> None:
        while self._waiting and self.pulls < self._limit():
            turn = self._waiting.popleft()
            if not turn.done():  # a cancelled waiter (its client left) is skipped
                self.pulls += 1
                turn.set_result(None)
        if self._waiting and self.shared is not None and not self._polling:
            # Another worker's pushes ending wake nobody here: look again shortly.
            self._polling = True
            asyncio.get_running_loop().call_later(POLL, self._poll)

    def _poll(self) -> None:
        self._polling = False
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
        if not self._waiting and self.pulls < self._limit():
            self.pulls += 1
        else:
            turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._waiting.append(turn)
            try:
                await turn
            except asyncio.CancelledError:
                if turn.done() and not turn.cancelled():  # admitted, then cancelled
                    self._release()
                raise
        try:
            yield
        finally:
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
