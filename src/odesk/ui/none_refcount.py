"""Keep CPython 3.11's None alive under PySide6 6.12.0, which drops one reference to None on
every call of a C++ method that returns void (timer.start(), setText(), ...).

Each such call lowers None's reference count by one; a few thousand keystrokes later the
interpreter aborts with "deallocating None". The project pins PySide6 below 6.12, so this only
acts if a 6.12 build is installed anyway (a packager's override, a distribution's PySide6); from
Python 3.12 None is immortal and it never acts. Its count is raised once by 2**40, far beyond
what a session could drop.
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
    import PySide6

    if tuple(PySide6.__version_info__[:2]) != (6, 12):
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
