"""Pull: fetch the server's log after the cursor, page by page.

Each page and the cursor after it are applied in one store transaction, so an interrupted pull
resumes exactly where it stopped, and a page delivered twice changes nothing.
"""

from __future__ import annotations

from typing import Any

from odesk.sync import state
from odesk.sync.epochs import adopt_epoch, check_epoch
from odesk.sync.errors import ApiError, SyncError
from odesk.sync.report import Progress, SyncReport
from odesk.sync.transport import Api

PAGE = 500
_MAX_PAGES = 1_000_000  # a server that never says "no more" must not hold the laptop forever


def pull_changes(
    store: Any, api: Api, report: SyncReport, progress: Progress, *, page: int = PAGE
) -> bool:
    """Pull until the server has no more; True when a new epoch made own revisions go again."""
    done = 0
    progress("pull", 0, None)
    for _ in range(_MAX_PAGES):
        cursor = store.meta_get(state.CURSOR) or None
        params: dict[str, object] = {"limit": page}
        if cursor:
            params["cursor"] = cursor
        try:
            answer = api.call("GET", "/v1/sync/pull", params=params)
        except ApiError as exc:
            if exc.status == 409 and exc.code == "epoch_changed" and cursor:
                # A cursor from the server's previous incarnation: the probe missed the restore.
                health = api.call("GET", "/v1/health", auth=False)
                adopt_epoch(store, health.get("epoch"), report)
                return True
            raise
        state.touch_contact(store)
        if check_epoch(store, answer, report):
            return True
        changes = answer.get("changes")
        new_cursor = answer.get("cursor")
        if not isinstance(changes, list) or new_cursor is None:
            raise SyncError("the server's pull answer had no changes or cursor")
        if changes or new_cursor != cursor:
            report.changed_ids |= set(store.apply_remote(changes, new_cursor) or ())
        report.pulled += len(changes)
        done += len(changes)
        progress("pull", done, None)
        if not answer.get("more") or (not changes and new_cursor == cursor):
            return False
    raise SyncError("the server kept saying there was more to pull")
