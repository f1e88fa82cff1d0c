"""Hybrid logical clock: orders revisions across devices whose wall clocks disagree.

The clock only orders (history lists, sync logs); it never decides whose text survives a conflict.
Its string form ``<13-digit ms>-<5-digit counter>-<node>`` sorts lexically in clock order.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


def _wall_ms() -> int:
    return time.time_ns() // 1_000_000


def format_hlc(ms: int, counter: int, node: str) -> str:
    return f"{ms:013d}-{counter:05d}-{node}"


def parse_hlc(value: str) -> tuple[int, int, str]:
    ms, counter, node = value.split("-", 2)
    return int(ms), int(counter), node


class HybridClock:
    def __init__(self, node: str, now_ms: Callable[[], int] = _wall_ms) -> None:
        self.node = node
        self._now_ms = now_ms
        self._ms = 0
        self._counter = 0
        self._lock = threading.Lock()

    def tick(self) -> str:
        """A timestamp for a local event, strictly greater than every one issued or observed."""
        with self._lock:
            wall = self._now_ms()
            if wall > self._ms:
                self._ms, self._counter = wall, 0
            else:
                self._counter += 1
            return format_hlc(self._ms, self._counter, self.node)

    def observe(self, remote: str) -> None:
        """Advance past a timestamp received from another device."""
        try:
            r_ms, r_counter, _ = parse_hlc(remote)
        except ValueError:
            return  # a malformed clock from a peer must not stop sync; it orders nothing
        with self._lock:
            wall = self._now_ms()
            if wall > self._ms and wall > r_ms:
                self._ms, self._counter = wall, 0
            elif r_ms > self._ms:
                self._ms, self._counter = r_ms, r_counter + 1
            elif r_ms == self._ms:
                self._counter = max(self._counter, r_counter) + 1
            else:
                self._counter += 1
