"""Client side of the odesk sync protocol (DESIGN §5): enrolment, sync rounds, conflicts.

Qt-free, so it runs in tests, in `odesk sync`, and in the GUI's worker thread.
The parts that talk HTTP (enrolment, sync rounds, the transport) are imported on first use
(PEP 562): the app checks the offline lock and lists conflicts at start-up without loading an
HTTP client (about 60 ms of every launch).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from odesk.sync.conflicts import ConflictInfo, conflicts, resolve_conflict
from odesk.sync.errors import ApiError, DeviceRevoked, NotEnrolled, SyncError
from odesk.sync.offline import offline_lock_message, offline_locked
from odesk.sync.report import Progress, SyncReport
from odesk.sync.state import is_enrolled

if TYPE_CHECKING:
    from odesk.sync.enrollment import EnrollResult, enroll
    from odesk.sync.sync_round import sync_once
    from odesk.sync.transport import RetryPolicy, check_server_url, make_client

_LAZY = {
    "EnrollResult": "enrollment",
    "enroll": "enrollment",
    "sync_once": "sync_round",
    "RetryPolicy": "transport",
    "check_server_url": "transport",
    "make_client": "transport",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'odesk.sync' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"odesk.sync.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "ApiError",
    "ConflictInfo",
    "DeviceRevoked",
    "EnrollResult",
    "NotEnrolled",
    "Progress",
    "RetryPolicy",
    "SyncError",
    "SyncReport",
    "check_server_url",
    "conflicts",
    "enroll",
    "is_enrolled",
    "make_client",
    "offline_lock_message",
    "offline_locked",
    "resolve_conflict",
    "sync_once",
]
