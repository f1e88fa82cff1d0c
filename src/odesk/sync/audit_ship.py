"""Ship the local hash-chained audit log to the server, which checks it continues its copy.

A sync round sends the log while it pulls (`AuditShipment`): both are round trips to the server,
and after a big push the log holds an entry for every saved record (12,000 entries take about as
long as the pull that follows). The shipment starts only once the pull's first answer has shown
the server's epoch unchanged: a restored server resets what it accepted (epochs.reset_pull), and a
log sent from the old mark would look like a break in the chain. The entries are read and the
accepted mark saved on the round's own thread; only the HTTP calls run on the shipment's thread.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from odesk.sync import state
from odesk.sync.errors import ApiError
from odesk.sync.ports import StoreForSync
from odesk.sync.report import Progress, SyncReport
from odesk.sync.transport import Api

BATCH = 1000
_FIELDS = ("seq", "at", "action", "record_id", "prev_hash", "hash")


@dataclass
class Shipped:
    """What the server accepted of a log sent: how far (None: nothing answered) and any error."""

    sent: int = 0
    through: int | None = None
    errors: list[str] = field(default_factory=list)


def send_audit(api: Api, entries: list[dict]) -> Shipped:
    """POST the entries in batches; stops at the first refusal or break (no store needed)."""
    shipped = Shipped()
    while entries:
        batch = [{k: e.get(k) for k in _FIELDS} for e in entries[:BATCH]]
        try:
            answer = api.call("POST", "/v1/audit", json_body={"entries": batch})
        except ApiError as exc:
            # The records moved already; an audit the server will not take is reported, and the
            # same entries go again next round.
            shipped.errors.append(f"the audit log was not accepted: {exc}")
            return shipped
        through = answer.get("accepted_through")
        if not isinstance(through, int) or isinstance(through, bool):
            shipped.errors.append("the server did not say how much of the audit log it accepted")
            return shipped
        shipped.through = through
        shipped.sent += len(batch)
        if through < entries[len(batch) - 1]["seq"]:  # the last entry sent
            # The server recorded a break in the chain as an alert; sending again cannot mend it.
            shipped.errors.append(f"the server accepted the audit log only through entry {through}")
            return shipped
        entries = [e for e in entries if e["seq"] > through]
    return shipped


def _pending(store: StoreForSync) -> list[dict]:
    return store.audit_entries(after_seq=int(store.meta_get(state.AUDIT_ACCEPTED) or 0))


def _record(store: StoreForSync, shipped: Shipped, report: SyncReport, progress: Progress) -> None:
    if shipped.through is not None:
        store.meta_set(state.AUDIT_ACCEPTED, shipped.through)
    report.errors.extend(shipped.errors)
    progress("audit", shipped.sent, shipped.sent)


def ship_audit(store: StoreForSync, api: Api, report: SyncReport, progress: Progress) -> None:
    """Send the log not yet accepted, here and now."""
    entries = _pending(store)
    progress("audit", 0, len(entries))
    _record(store, send_audit(api, entries), report, progress)


class AuditShipment:
    """The log sent on a thread of its own while the round goes on (see the module's docstring).

    ``start`` (from the round's thread, when the epoch is known to hold) reads the entries and
    sends them; ``finish`` waits, saves how far the server accepted and reports; a round whose
    shipment never started ships the log in ``finish`` itself, as ship_audit does.
    """

    def __init__(self, store: StoreForSync, api: Api) -> None:
        self._store = store
        # An Api of its own: the pull's reads its last answer's size from its Api.
        self._api = Api(api.client, token=api.token, retry=api.retry)
        self._pool: ThreadPoolExecutor | None = None
        self._sending: Future[Shipped] | None = None
        self._epoch: object = None

    def start(self) -> None:
        if self._sending is not None:
            return
        self._epoch = self._store.meta_get(state.EPOCH)
        entries = _pending(self._store)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="odesk-audit")
        self._sending = self._pool.submit(send_audit, self._api, entries)

    def finish(self, report: SyncReport, progress: Progress) -> None:
        if self._sending is None:
            ship_audit(self._store, self._api, report, progress)
            return
        progress("audit", 0, None)
        shipped = self._wait()  # a SyncError or DeviceRevoked is the round's
        if not self._same_epoch():
            # The server turned out restored later in the round (its accepted mark was reset):
            # what the old incarnation accepted says nothing; the log goes again from the mark.
            ship_audit(self._store, self._api, report, progress)
            return
        _record(self._store, shipped, report, progress)

    def abandon(self) -> None:
        """The round failed: wait for the calls in flight, keep what the server accepted."""
        if self._sending is None:
            return
        try:
            shipped = self._wait()
        except Exception:  # noqa: BLE001 - the round's own error is the one reported
            return
        if shipped.through is not None and self._same_epoch():
            self._store.meta_set(state.AUDIT_ACCEPTED, shipped.through)

    def _wait(self) -> Shipped:
        assert self._sending is not None
        try:
            return self._sending.result()
        finally:
            self.close()

    def _same_epoch(self) -> bool:
        return bool(self._store.meta_get(state.EPOCH) == self._epoch)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
