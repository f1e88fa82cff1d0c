"""Client side of the odesk sync protocol (DESIGN §5): enrolment, sync rounds, conflicts.

Qt-free, so it runs in tests, in `odesk sync`, and in the GUI's worker thread.
"""

from odesk.sync.cli import cli_enroll, cli_sync
from odesk.sync.conflicts import ConflictInfo, conflicts, resolve_conflict
from odesk.sync.enrollment import EnrollResult, enroll
from odesk.sync.errors import ApiError, DeviceRevoked, NotEnrolled, SyncError
from odesk.sync.offline import offline_lock_message, offline_locked
from odesk.sync.report import Progress, SyncReport
from odesk.sync.state import is_enrolled
from odesk.sync.sync_round import sync_once
from odesk.sync.transport import RetryPolicy, check_server_url, make_client

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
    "cli_enroll",
    "cli_sync",
    "conflicts",
    "enroll",
    "is_enrolled",
    "make_client",
    "offline_lock_message",
    "offline_locked",
    "resolve_conflict",
    "sync_once",
]
