"""A server restored from an older backup: notice it and send again what it lost.

The server answers with its ``epoch`` (its database's incarnation) and, to pushes,
``device_high_water`` (the highest device_seq it holds from this device). A new epoch means the
server may have lost any of this device's revisions, so every own revision is queued again (the
server answers ``duplicate`` for those it kept) and pulling restarts from the beginning, since a
restored server numbers its log afresh. A mark below what the server once confirmed, seen before
this round pushes anything, means the same on a smaller scale: revisions above the mark go again.
"""

from __future__ import annotations

from typing import Any

from odesk.sync import state
from odesk.sync.ports import StoreForSync
from odesk.sync.report import SyncReport


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def check_epoch(
    store: StoreForSync, answer: dict, report: SyncReport, *, before_push: bool = False
) -> bool:
    """Handle a server answer's epoch (and, before any push this round, its high-water mark).

    True when revisions were queued again.
    """
    epoch = answer.get("epoch")
    known_epoch = store.meta_get(state.EPOCH)
    if epoch is None:
        return False
    if known_epoch is None:
        store.meta_set(state.EPOCH, epoch)
        known_epoch = epoch
    if epoch != known_epoch:
        adopt_epoch(store, epoch, report)
        return True
    server_high = _int_or_none(answer.get("device_high_water"))
    confirmed = int(store.meta_get(state.PUSHED_HIGH_WATER) or 0)
    if before_push and server_high is not None and server_high < confirmed:
        store.requeue_above(server_high)
        store.meta_set(state.PUSHED_HIGH_WATER, server_high)
        report.requeued = True
        return True
    return False


def adopt_epoch(store: StoreForSync, epoch: Any, report: SyncReport) -> None:
    """The server is a new incarnation: queue every own revision again and pull from the start."""
    store.requeue_above(0)
    store.meta_set(state.PUSHED_HIGH_WATER, 0)
    store.meta_set(state.EPOCH, epoch)
    reset_pull(store)
    report.requeued = True


def reset_pull(store: StoreForSync) -> None:
    """Pull everything again: re-delivered revisions are known and change nothing."""
    store.meta_set(state.CURSOR, None)
    store.meta_set(state.AUDIT_ACCEPTED, 0)
