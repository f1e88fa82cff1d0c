"""Keep CPython 3.11's None alive under PySide6 6.12, which drops one reference to None on
every call of a C++ method that returns void (timer.start(), setText(), ...).

Each such call lowers None's reference count by one; a few thousand keystrokes later the
interpreter aborts with "deallocating None". From Python 3.12 None is immortal and this is a
no-op. Here its count is raised once by 2**40, far beyond what a session could drop.
"""

from __future__ import annotations

import ctypes
import sys

_BALLAST = 1 << 40
_done = False


def keep_none_alive() -> bool:
    """Raise None's reference count once per process; True if it was raised."""
    global _done
    if _done or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if hasattr(sys, "gettotalrefcount"):  # debug build: other header layout; leave it alone
        return False
    before = sys.getrefcount(None)
    count = ctypes.c_ssize_t.from_address(id(None))
    if abs(count.value - before) > 16:
        return False  # not the layout expected; do nothing rather than corrupt memory
    count.value += _BALLAST
    _done = True
    return True
