"""One sync round: push the outbox, pull the server's log, ship the audit chain, refresh policy.

Safe to interrupt anywhere and run again: pushes are idempotent by change id, pages are applied
with their cursor in one transaction, and nothing is marked sent before the server answers.
"""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from odesk.core.ids import parse_time, utc_now
from odesk.sync import state
from odesk.sync.audit_ship import AuditShipment
from odesk.sync.enrollment import save_me
from odesk.sync.epochs import check_epoch
from odesk.sync.errors import ApiError, DeviceRevoked, NotEnrolled, SyncError
from odesk.sync.ports import StoreForSync
from odesk.sync.pull import PAGE, pull_changes
from odesk.sync.push import BATCH_BYTES, MAX_CHANGES, push_outbox
from odesk.sync.report import Progress, SyncReport, no_progress
from odesk.sync.transport import Api, RetryPolicy, make_client

ME_REFRESH_SECONDS = 600


def api_for(
    store: StoreForSync, *, client: httpx.Client | None = None, retry: RetryPolicy | None = None
) -> Api:
    if not state.is_enrolled(store):
        raise NotEnrolled("this device is not enrolled with a trust server (run odesk enroll)")
    http = client or make_client(
        store.meta_get(state.SERVER_URL), ca_pem=store.meta_get(state.CA_PEM)
    )
    return Api(http, token=store.meta_get(state.TOKEN), retry=retry)


def _me_is_stale(store: StoreForSync) -> bool:
    """The user, directory and policy are fetched again every few minutes, not every round."""
    last = store.meta_get(state.ME_REFRESHED)
    if not last:
        return True
    try:
        age = (datetime.now(UTC) - parse_time(last)).total_seconds()
    except (TypeError, ValueError):
        return True
    return not 0 <= age < ME_REFRESH_SECONDS


def _probe(store: StoreForSync, api: Api, report: SyncReport) -> None:
    """Before pushing: has the server lost anything of ours (new epoch, lower high-water mark)?"""
    try:
        answer = api.call("POST", "/v1/sync/push", json_body={"changes": []})
    except ApiError as exc:
        if exc.status in (401, 403):
            raise
        answer = api.call("GET", "/v1/health", auth=False)
        check_epoch(store, answer, report)
        return
    state.touch_contact(store)
    check_epoch(store, answer, report, before_push=True)


def sync_once(
    store: StoreForSync,
    *,
    progress: Progress | None = None,
    client: httpx.Client | None = None,
    retry: RetryPolicy | None = None,
    page: int = PAGE,
    batch: int = MAX_CHANGES,
    batch_bytes: int = BATCH_BYTES,
) -> SyncReport:
    """Run one round; raises SyncError (one line) when it gives up, DeviceRevoked after wiping."""
    progress = progress or no_progress
    report = SyncReport()
    api = api_for(store, client=client, retry=retry)
    try:
        store.audit("sync")
        _probe(store, api, report)
        push_outbox(store, api, report, progress, max_changes=batch, max_bytes=batch_bytes)
        # The audit log goes while the pull runs (odesk.sync.audit_ship).
        audit = AuditShipment(store, api)
        try:
            if pull_changes(store, api, report, progress, page=page, epoch_holds=audit.start):
                push_outbox(store, api, report, progress, max_changes=batch, max_bytes=batch_bytes)
                pull_changes(store, api, report, progress, page=page, epoch_holds=audit.start)
        except BaseException:
            audit.abandon()
            raise
        audit.finish(report, progress)
        if _me_is_stale(store):
            progress("me", 0, 1)
            save_me(store, api.call("GET", "/v1/me"))
            store.meta_set(state.ME_REFRESHED, utc_now())
            progress("me", 1, 1)
    except DeviceRevoked:
        store.wipe()
        raise DeviceRevoked(
            "this device was revoked by the trust; its local records have been wiped"
        ) from None
    finally:
        if client is None:
            api.client.close()
    now = utc_now()
    state.touch_contact(store, now)
    store.meta_set(state.LAST_SYNC, now)
    report.conflicts = len(store.conflicts())
    return report


__all__ = ["SyncError", "SyncReport", "sync_once", "api_for"]
