"""Push: send the outbox in order, in batches sized by bytes, pipelined with the server's work.

A change is marked in flight before it leaves (so autosave stops amending it in place) and is
marked sent only when the server's answer is in; a lost answer means the same change_id goes
again and the server answers ``duplicate``.

Pipelining: while the server applies batch n, this thread records the answer to batch n-1 and
reads and encodes batch n+1; one sender thread does the HTTP. Only one batch is ever on the
wire, and batch n+1 leaves only once batch n's answer is in and its epoch checked, so the
server receives the changes in outbox order exactly as before (a record's revisions in order,
a note after its meeting) and a restored server is noticed before anything more reaches it.
The store is touched only from the calling thread; the sender thread never touches it.

Batches are cut by encoded size (``BATCH_BYTES``, at most ``MAX_CHANGES`` changes): a batch of
notes carries as much work for the server as a batch of small records, and a record larger
than the budget goes alone (the server refuses records over 256 KiB and bodies over 8 MiB).
The revisions' JSON goes out as the store holds it, never decoded and encoded again.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from odesk.sync import state
from odesk.sync.epochs import check_epoch
from odesk.sync.errors import ApiError, SyncError
from odesk.sync.ports import StoreForSync
from odesk.sync.report import Progress, SyncReport
from odesk.sync.transport import Api

MAX_CHANGES = 500  # the server's limit a push
MAX_BYTES = 8 * 1024 * 1024 - 64 * 1024  # the server's 8 MiB body, less room for the wrapper
# Large enough that a push's fixed cost is shared by many changes (on the server two
# transactions, one of them waiting for its fsync, while the laptop waits too: the next batch
# leaves only after the answer), small enough that the first batch (read with nothing to
# overlap) and the last (recorded with nothing to overlap) are a small part of a long push.
# For 2 KiB notes that is about 480 changes a push; against 512 KiB, twice as many pushes cost
# the server about 7% more CPU and 26 more fsyncs for 10,000 notes (bench/sync_bench.py P11).
BATCH_BYTES = 1024 * 1024
_STORED = ("applied", "duplicate", "conflict")
_MAX_REQUEUES = 2
_WRAPPER = len(b'{"changes":[]}')


@dataclass
class _Change:
    change_id: str
    device_seq: int
    encoded: bytes


@dataclass
class _Batch:
    changes: list[_Change]
    body: bytes


def _encode(change_id: str, device_seq: int, record_json: str) -> bytes:
    """One change of a push body; the record's JSON is the store's own text, inserted as is."""
    head = json.dumps(change_id, ensure_ascii=False)
    return f'{{"change_id":{head},"device_seq":{int(device_seq)},"record":{record_json}}}'.encode()


class _Outbox:
    """The changes still to send, read from the store in order after the last one read (an
    edit saved while the push runs comes after it, and is read when its turn comes)."""

    def __init__(self, store: StoreForSync) -> None:
        self.store = store
        self.after = 0  # device_seq of the last change read
        self.waiting: deque[_Change] = deque()

    def restart(self) -> None:
        """Read again from the start (revisions were queued again: a new epoch)."""
        self.after = 0
        self.waiting.clear()

    def give_back(self, changes: list[_Change]) -> None:
        """Changes taken but not sent go first again, in their order."""
        self.waiting.extendleft(reversed(changes))

    def _fill(self) -> None:
        rows = self.store.outbox_take(self.after, MAX_CHANGES)
        for change_id, device_seq, record_json in rows:
            self.waiting.append(
                _Change(change_id, device_seq, _encode(change_id, device_seq, record_json))
            )
            self.after = max(self.after, int(device_seq))

    def next_batch(self, max_changes: int, max_bytes: int) -> _Batch | None:
        """The next batch within both limits (a change bigger than the budget goes alone),
        already marked in flight when read; None when nothing is left."""
        chosen: list[_Change] = []
        size = _WRAPPER
        while len(chosen) < max_changes:
            if not self.waiting:
                self._fill()
                if not self.waiting:
                    break
            change = self.waiting[0]
            if chosen and size + len(change.encoded) + 1 > max_bytes:
                break
            chosen.append(self.waiting.popleft())
            size += len(change.encoded) + 1
        if not chosen:
            return None
        return _Batch(chosen, b'{"changes":[' + b",".join(c.encoded for c in chosen) + b"]}")


@contextmanager
def _sender(api: Api) -> Iterator[Any]:
    """A thread that POSTs one batch at a time; on the way out it waits for the one on the
    wire (its answer is dropped: those changes stay in flight and go again next time)."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="odesk-push") as pool:

        def send(batch: _Batch) -> Future[dict]:
            return pool.submit(api.call, "POST", "/v1/sync/push", content=batch.body)

        yield send


def push_outbox(
    store: StoreForSync,
    api: Api,
    report: SyncReport,
    progress: Progress,
    *,
    max_changes: int = MAX_CHANGES,
    max_bytes: int = BATCH_BYTES,
) -> None:
    max_changes = max(1, min(max_changes, MAX_CHANGES))
    max_bytes = max(1, min(max_bytes, MAX_BYTES))
    outbox = _Outbox(store)
    requeues = 0
    done = 0
    total = store.pending_count()
    progress("push", 0, total)
    epoch = store.meta_get(state.EPOCH)
    with _sender(api) as send:
        sending = outbox.next_batch(max_changes, max_bytes)
        if sending is None:
            return
        on_wire = send(sending)
        following = outbox.next_batch(max_changes, max_bytes)
        while True:
            try:
                answer = on_wire.result()
            except ApiError as exc:
                if exc.status != 413 or len(sending.changes) == 1:
                    raise
                # Something in front of the server takes less: smaller batches from here on.
                max_changes = max(1, len(sending.changes) // 2)
                max_bytes = max(1, len(sending.body) // 2)
                outbox.give_back(sending.changes + (following.changes if following else []))
                after = outbox.next_batch(max_changes, max_bytes)
            else:
                results = answer.get("results")
                if not isinstance(results, list):
                    raise SyncError("the server's push answer had no results")
                after = following
                moved = answer.get("epoch") is not None and answer.get("epoch") != epoch
                # The next batch leaves now, while this answer is recorded and the batch after
                # it read; not to a server in a new epoch (it may lack what that batch needs).
                if after is not None and not moved:
                    on_wire = send(after)
                    # One transaction (one commit) for this answer and the batch after `after`.
                    with store.transaction():
                        _record(store, sending, results, report)
                        following = outbox.next_batch(max_changes, max_bytes)
                else:
                    _record(store, sending, results, report)
                done += len(sending.changes)
                progress("push", done, total)
                if not moved:
                    if after is None:
                        return
                    sending = after
                    continue
                if requeues < _MAX_REQUEUES and check_epoch(store, answer, report):
                    requeues += 1
                    outbox.restart()  # what was read stays in flight and is read again
                    total = done + store.pending_count()
                    after = outbox.next_batch(max_changes, max_bytes)
                epoch = store.meta_get(state.EPOCH)
            # Nothing is on the wire: the next batch leaves now.
            if after is None:
                return
            sending = after
            on_wire = send(sending)
            following = outbox.next_batch(max_changes, max_bytes)


def _record(store: StoreForSync, batch: _Batch, results: list, report: SyncReport) -> None:
    """The server's answers to one batch, kept in one transaction with the contact time and
    the highest device_seq the server has confirmed storing (a savepoint inside the caller's
    transaction, if any)."""
    by_seq = {c.change_id: c.device_seq for c in batch.changes}
    results = [r for r in results if isinstance(r, dict) and r.get("change_id") in by_seq]
    with store.transaction():
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
                high = max(high, int(by_seq[result["change_id"]]))
        store.meta_set(state.PUSHED_HIGH_WATER, high)
