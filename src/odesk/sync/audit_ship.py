"""Ship the local hash-chained audit log to the server, which checks it continues its copy."""

from __future__ import annotations

from odesk.sync import state
from odesk.sync.errors import ApiError
from odesk.sync.ports import StoreForSync
from odesk.sync.report import Progress, SyncReport
from odesk.sync.transport import Api

BATCH = 1000
_FIELDS = ("seq", "at", "action", "record_id", "prev_hash", "hash")


def ship_audit(store: StoreForSync, api: Api, report: SyncReport, progress: Progress) -> None:
    accepted = int(store.meta_get(state.AUDIT_ACCEPTED) or 0)
    entries = store.audit_entries(after_seq=accepted)
    done = 0
    progress("audit", 0, len(entries))
    while entries:
        batch = [{k: e.get(k) for k in _FIELDS} for e in entries[:BATCH]]
        try:
            answer = api.call("POST", "/v1/audit", json_body={"entries": batch})
        except ApiError as exc:
            # The records moved already; an audit the server will not take is reported, and the
            # same entries go again next round.
            report.errors.append(f"the audit log was not accepted: {exc}")
            return
        through = answer.get("accepted_through")
        if not isinstance(through, int) or isinstance(through, bool):
            report.errors.append("the server did not say how much of the audit log it accepted")
            return
        store.meta_set(state.AUDIT_ACCEPTED, through)
        done += len(batch)
        progress("audit", done, done + max(0, len(entries) - BATCH))
        if through < entries[len(batch) - 1]["seq"]:  # the last entry sent
            # The server recorded a break in the chain as an alert; sending again cannot mend it.
            report.errors.append(f"the server accepted the audit log only through entry {through}")
            return
        entries = [e for e in entries if e["seq"] > through]
