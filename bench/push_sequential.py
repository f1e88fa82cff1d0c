"""The push as it was until 2026-12-07, kept only so bench/push_notes.py can time "today's"
push beside the pipelined one in the same run: read and encode a batch of up to 500 changes,
wait while the server applies it, then record the answers; nothing overlaps.

A verbatim copy of odesk.sync.push.push_outbox of that day (commit 0ffd8ed), on the store
methods it used (outbox_pending, mark_inflight, mark_acknowledged), which the store keeps.
"""

from __future__ import annotations

import json
from typing import Any

from odesk.sync import state
from odesk.sync.epochs import check_epoch
from odesk.sync.errors import ApiError, SyncError
from odesk.sync.report import Progress, SyncReport
from odesk.sync.transport import Api

MAX_CHANGES = 500
MAX_BYTES = 8 * 1024 * 1024 - 64 * 1024  # the server's 8 MiB, less room for the wrapper
_STORED = ("applied", "duplicate", "conflict")
_ANSWERS = (*_STORED, "rejected")
_MAX_REQUEUES = 2


def _encode(change: dict) -> bytes:
    return json.dumps(
        {
            "change_id": change["change_id"],
            "device_seq": change["device_seq"],
            "record": change["record"],
        },
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()


def _batch(pending: list[dict], max_changes: int) -> tuple[list[dict], bytes]:
    chosen: list[dict] = []
    parts: list[bytes] = []
    size = len(b'{"changes":[]}')
    for change in pending[:max_changes]:
        encoded = _encode(change)
        if chosen and size + len(encoded) + 1 > MAX_BYTES:
            break
        chosen.append(change)
        parts.append(encoded)
        size += len(encoded) + 1
    return chosen, b'{"changes":[' + b",".join(parts) + b"]}"


def sequential_push_outbox(
    store: Any,
    api: Api,
    report: SyncReport,
    progress: Progress,
    *,
    max_changes: int = MAX_CHANGES,
    max_bytes: int = 0,
) -> None:
    del max_bytes  # this push cut its batches by count only
    unanswered: set[str] = set()  # sent this round, left without an answer: next round
    max_changes = max(1, min(max_changes, MAX_CHANGES))
    requeues = 0
    done = 0
    total = store.pending_count()
    progress("push", 0, total)
    while True:
        pending = [
            c
            for c in store.outbox_pending(max_changes + len(unanswered))
            if c["change_id"] not in unanswered
        ]
        if not pending:
            return
        batch, body = _batch(pending, max_changes)
        ids = [c["change_id"] for c in batch]
        store.mark_inflight(ids)
        try:
            answer = api.call("POST", "/v1/sync/push", content=body)
        except ApiError as exc:
            if exc.status == 413 and len(batch) > 1:
                max_changes = max(1, len(batch) // 2)
                continue
            raise
        results = answer.get("results")
        if not isinstance(results, list):
            raise SyncError("the server's push answer had no results")
        by_id = {c["change_id"]: c for c in batch}
        results = [r for r in results if isinstance(r, dict) and r.get("change_id") in by_id]
        store.mark_acknowledged(results)
        state.touch_contact(store)
        high = int(store.meta_get(state.PUSHED_HIGH_WATER) or 0)
        for result in results:
            status = result.get("status")
            if status == "applied" or status == "conflict":
                report.pushed += 1
            elif status == "duplicate":
                report.duplicates += 1
            elif status == "rejected":
                report.rejected += 1
            if status in _STORED:
                high = max(high, int(by_id[result["change_id"]]["device_seq"]))
        settled = {r["change_id"] for r in results if r.get("status") in _ANSWERS}
        unanswered.update(set(ids) - settled)
        done += len(batch)
        progress("push", done, total)
        if requeues < _MAX_REQUEUES and check_epoch(store, answer, report):
            requeues += 1
            unanswered.clear()
            total = done + store.pending_count()
            continue
        store.meta_set(state.PUSHED_HIGH_WATER, high)
