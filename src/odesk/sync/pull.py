"""Pull: fetch the server's log after the cursor, page by page.

Each page and the cursor after it are applied in one store transaction, so an interrupted pull
resumes exactly where it stopped, and a page delivered twice changes nothing. The next page is
fetched, and its revisions validated and serialised, while the store applies the current one (the
network, Python and SQLCipher overlap), but only a page that has been applied moves the saved cursor.

The device's own revisions come back as references (``own=ref``, odesk.server.pull): after a push
of 12,000 records, the pull that follows no longer downloads them all again. A store that does
not hold one of them (restored from an older backup) refuses that page, and the pull starts again
from the same cursor asking for whole records.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from odesk.store.remote_page import OwnRevisionsMissing, RemotePage, prepare_remote
from odesk.sync import state
from odesk.sync.epochs import adopt_epoch, check_epoch
from odesk.sync.errors import ApiError, SyncError
from odesk.sync.ports import StoreForSync
from odesk.sync.report import Progress, SyncReport
from odesk.sync.transport import Api

PAGE = 1000  # the server's largest page
_MAX_PAGES = 1_000_000  # a server that never says "no more" must not hold the laptop forever


_BIG_PAGE = 16 * 1024 * 1024  # above this a page of long notes is halved, to spare memory
_SMALL_PAGE = 2 * 1024 * 1024


def _fetch(api: Api, cursor: Any, page: int, own_refs: bool) -> tuple[dict, int, RemotePage | None]:
    params: dict[str, object] = {"limit": page}
    if own_refs:
        params["own"] = "ref"
    if cursor:
        params["cursor"] = cursor
    answer = api.call("GET", "/v1/sync/pull", params=params)
    changes = answer.get("changes")
    # Checked here, on the fetching thread, while the store still writes the page before.
    prepared = prepare_remote(changes) if isinstance(changes, list) else None
    return answer, api.last_size, prepared


def _next_page(page: int, size: int, largest: int) -> int:
    if size > _BIG_PAGE:
        return max(10, page // 2)
    if size < _SMALL_PAGE:
        return min(largest, page * 2)
    return page


def pull_changes(
    store: StoreForSync,
    api: Api,
    report: SyncReport,
    progress: Progress,
    *,
    page: int = PAGE,
    own_refs: bool = True,
    epoch_holds: Callable[[], None] | None = None,
) -> bool:
    """Pull until the server has no more; True when a new epoch made own revisions go again.

    ``epoch_holds`` is called once the first answer has shown the server's epoch unchanged."""
    progress("pull", 0, None)
    try:
        return _pull(store, api, report, progress, page, own_refs, epoch_holds)
    except OwnRevisionsMissing:
        # Pages before this one are applied and their cursor saved: go on from there, whole.
        return _pull(store, api, report, progress, page, False, epoch_holds)


def _pull(
    store: StoreForSync,
    api: Api,
    report: SyncReport,
    progress: Progress,
    page: int,
    own_refs: bool,
    epoch_holds: Callable[[], None] | None,
) -> bool:
    done = 0
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="odesk-pull") as pool:
        cursor = store.meta_get(state.CURSOR) or None
        largest = page
        ahead: Future[tuple[dict, int, RemotePage | None]] = pool.submit(
            _fetch, api, cursor, page, own_refs
        )
        for _ in range(_MAX_PAGES):
            try:
                answer, size, prepared = ahead.result()
            except ApiError as exc:
                if exc.status == 409 and exc.code == "epoch_changed" and cursor:
                    # A cursor from the server's previous incarnation: the probe missed a restore.
                    health = api.call("GET", "/v1/health", auth=False)
                    adopt_epoch(store, health.get("epoch"), report)
                    return True
                raise
            if check_epoch(store, answer, report):
                return True
            if epoch_holds is not None:
                epoch_holds()
                epoch_holds = None
            changes = answer.get("changes")
            new_cursor = answer.get("cursor")
            if not isinstance(changes, list) or prepared is None or new_cursor is None:
                raise SyncError("the server's pull answer had no changes or cursor")
            more = bool(answer.get("more")) and (bool(changes) or new_cursor != cursor)
            if more:
                page = _next_page(page, size, largest)
                ahead = pool.submit(_fetch, api, new_cursor, page, own_refs)
            try:
                if changes or new_cursor != cursor:
                    report.changed_ids |= set(store.apply_remote(prepared, new_cursor) or ())
            except BaseException:
                if more:
                    ahead.cancel()
                raise
            cursor = new_cursor
            report.pulled += len(changes)
            done += len(changes)
            progress("pull", done, None)
            if not more:
                state.touch_contact(store)
                return False
    raise SyncError("the server kept saying there was more to pull")
