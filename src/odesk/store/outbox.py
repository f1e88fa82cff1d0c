"""The outbox: this device's revisions waiting for the server, and the server's answers.

Every local revision gets an entry (pending). Sync hands out pending entries (which freezes
them: no more amending in place), marks them in flight, then records the server's answer:
sent, or rejected with its reason. A refused revision may be withdrawn (kept aside in the
`withdrawn` table) so the record shows what the server accepted again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from odesk.core.ids import utc_now
from odesk.core.revs import generation
from odesk.store.audit import Audit
from odesk.store.connection import Db, dumps
from odesk.store.errors import StoreError
from odesk.store.heads import Heads

_ACK_STATUSES = {"applied", "duplicate", "conflict"}


class Outbox:
    """Entries of the `outbox` table (and the `withdrawn` revisions taken out of it)."""

    def __init__(self, db: Db, heads: Heads, audit: Audit) -> None:
        self._db = db
        self._heads = heads
        self._audit = audit

    def append(self, revision: dict) -> None:
        """A pending entry for a new local revision, inside the caller's transaction."""
        conn = self._db.conn()
        seq = conn.execute("SELECT coalesce(max(device_seq), 0) + 1 FROM outbox").fetchone()[0]
        conn.execute(
            "INSERT INTO outbox(device_seq, rev, record_id, state, created_at)"
            " VALUES (?, ?, ?, 'pending', ?)",
            (seq, revision["rev"], revision["id"], utc_now()),
        )

    def amendable(self, rev: str, leaves: list[str]) -> bool:
        """Whether an edit of ``rev`` may change it in place: a leaf never offered to the
        server."""
        if rev not in leaves:
            return False
        row = (
            self._db.conn().execute("SELECT state, pushed FROM outbox WHERE rev = ?", (rev,))
        ).fetchone()
        return bool(row) and row[0] == "pending" and row[1] == 0

    def refused_revs(self, record_id: str) -> set[str]:
        """Revisions of a record the server refused (the caller holds the lock)."""
        rows = self._db.conn().execute(
            "SELECT rev FROM outbox WHERE record_id = ? AND state = 'rejected'", (record_id,)
        )
        return {r[0] for r in rows}

    def pending(self, limit: int = 500, *, for_sending: bool = True) -> list[dict]:
        """Local revisions not yet acknowledged by the server, oldest first.

        With ``for_sending`` (the default) the revisions handed out are frozen at once: an edit
        made between this call and mark_inflight (autosave on another thread) becomes a new
        revision instead of changing text that may already be on its way to the server.
        """
        with self._db.tx() as conn:
            rows = conn.execute(
                "SELECT o.rev, o.device_seq, r.json FROM outbox o JOIN revisions r"
                " ON r.rev = o.rev WHERE o.state IN ('pending', 'inflight')"
                " ORDER BY o.device_seq LIMIT ?",
                (max(0, int(limit)),),
            ).fetchall()
            if for_sending and rows:
                conn.executemany(
                    "UPDATE outbox SET pushed = 1 WHERE rev = ?", [(r[0],) for r in rows]
                )
        return [{"change_id": r[0], "device_seq": r[1], "record": json.loads(r[2])} for r in rows]

    def take(self, after_seq: int, limit: int) -> list[tuple[str, int, str]]:
        """For push: the changes waiting (pending or in flight) made after ``after_seq``, oldest
        first, as (change_id, device_seq, the revision's JSON as stored, to send as it is).

        They are marked in flight at once, in the same transaction (mark_inflight's meaning:
        handed to a sync round, perhaps on the wire, no longer amended in place); a round that
        stops before sending some of them leaves them in flight, and the next round sends them.
        """
        with self._db.tx() as conn:
            rows = conn.execute(
                "SELECT o.rev, o.device_seq, r.json FROM outbox o JOIN revisions r"
                " ON r.rev = o.rev WHERE o.state IN ('pending', 'inflight') AND o.device_seq > ?"
                " ORDER BY o.device_seq LIMIT ?",
                (int(after_seq), max(0, int(limit))),
            ).fetchall()
            if rows:
                conn.executemany(
                    "UPDATE outbox SET state = 'inflight', pushed = 1 WHERE rev = ?",
                    [(r[0],) for r in rows],
                )
        return [(r[0], r[1], r[2]) for r in rows]

    def counts(self) -> dict[str, int]:
        """Outbox entries by state: pending, inflight, sent, rejected."""
        with self._db.guard() as conn:
            rows = conn.execute(
                "SELECT state, count(*) FROM outbox WHERE state IN ('pending', 'inflight')"
                " GROUP BY state"
            ).fetchall()
            rejected = conn.execute(
                "SELECT count(*) FROM outbox WHERE state = 'rejected'"
            ).fetchone()[0]
            total = conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
        counts = {"pending": 0, "inflight": 0, "rejected": rejected}
        counts.update({r[0]: r[1] for r in rows})
        counts["sent"] = total - counts["pending"] - counts["inflight"] - rejected
        return counts

    def mark_inflight(self, change_ids: Iterable[str]) -> None:
        """Call before sending: those revisions are no longer amended in place."""
        ids = list(change_ids)
        with self._db.tx() as conn:
            conn.executemany(
                "UPDATE outbox SET state = 'inflight', pushed = 1"
                " WHERE rev = ? AND state IN ('pending', 'inflight')",
                [(i,) for i in ids],
            )

    def mark_acknowledged(self, results: Iterable[dict]) -> None:
        """Record the server's answers. applied/duplicate/conflict: sent; rejected: kept + reason."""
        now = utc_now()
        sent: list[tuple[int | None, str, Any]] = []
        numbered: list[tuple[int, Any]] = []
        refused: list[tuple[str, str, Any]] = []
        last = {r.get("change_id"): r for r in results if isinstance(r, dict)}  # the last wins
        for result in last.values():
            change_id, status = result.get("change_id"), result.get("status")
            seq = result.get("server_seq")
            seq = seq if isinstance(seq, int) and not isinstance(seq, bool) else None
            if status in _ACK_STATUSES:
                sent.append((seq, now, change_id))
                if seq is not None:
                    numbered.append((seq, change_id))
            elif status == "rejected":
                reason = str(result.get("reason") or "rejected by the server")
                refused.append((reason, now, change_id))
        # In three statement groups: a push answers hundreds of changes at once.
        with self._db.tx() as conn:
            conn.executemany(
                "UPDATE outbox SET state = 'sent', pushed = 1, reason = NULL,"
                " server_seq = coalesce(?, server_seq), answered_at = ? WHERE rev = ?",
                sent,
            )
            conn.executemany(
                "UPDATE revisions SET server_seq = ? WHERE rev = ? AND local = 1", numbered
            )
            conn.executemany(
                "UPDATE outbox SET state = 'rejected', pushed = 1, reason = ?,"
                " answered_at = ? WHERE rev = ?",
                refused,
            )

    def rejected(self) -> list[dict]:
        """Local changes the server refused, kept with its reason:
        [{change_id, record_id, rev, reason, kind}] in the order they were made."""
        with self._db.guard() as conn:
            rows = conn.execute(
                "SELECT o.rev, o.record_id, o.rev, o.reason, r.kind FROM outbox o"
                " LEFT JOIN records r ON r.id = o.record_id WHERE o.state = 'rejected'"
                " ORDER BY o.device_seq"
            ).fetchall()
        return [
            {"change_id": r[0], "record_id": r[1], "rev": r[2], "reason": r[3], "kind": r[4]}
            for r in rows
        ]

    def requeue_above(self, device_seq: int) -> int:
        """Epoch change or low server high-water: push again every own revision above the mark."""
        with self._db.tx() as conn:
            cur = conn.execute(
                "UPDATE outbox SET state = 'pending' WHERE device_seq > ?"
                " AND state IN ('sent', 'inflight')",
                (int(device_seq),),
            )
            return cur.rowcount

    def withdraw_refused(self, record_id: str) -> dict | None:
        """Take back this device's refused revisions of a record and the local edits built on
        them (the server accepts no revision whose parent it never stored).

        They leave the record's tree and the outbox for the `withdrawn` table, kept with the
        server's reason; the record's view becomes what the server accepted (a record the
        server never accepted disappears from the lists). Returns the latest withdrawn
        revision, whose content a person may send again (`save` it on the current head), or
        None when the record has no refused revision. Refuses while one is being sent.
        """
        with self._db.tx() as conn:
            refused = dict(
                conn.execute(
                    "SELECT rev, reason FROM outbox WHERE record_id = ? AND state = 'rejected'",
                    (record_id,),
                ).fetchall()
            )
            if not refused:
                return None
            revisions = self._heads.revisions_of(record_id)
            taken = set(refused)
            for revision in revisions:  # oldest first: a descendant comes after its parents
                if taken & set(revision.get("parent_revs") or ()):
                    taken.add(revision["rev"])
            marks = ",".join("?" * len(taken))
            sending = conn.execute(
                f"SELECT count(*) FROM outbox WHERE state = 'inflight' AND rev IN ({marks})",
                list(taken),
            ).fetchone()[0]
            if sending:
                raise StoreError(
                    f"record {record_id}: a change is being sent now; try again after the sync"
                )
            gone = [r for r in revisions if r["rev"] in taken]
            now = utc_now()
            reason = "; ".join(sorted({str(v) for v in refused.values() if v}))
            conn.executemany(
                "INSERT OR REPLACE INTO withdrawn(rev, record_id, kind, reason, withdrawn_at,"
                " json) VALUES (?, ?, ?, ?, ?, ?)",
                [(r["rev"], record_id, r["kind"], reason, now, dumps(r)) for r in gone],
            )
            conn.execute(f"DELETE FROM outbox WHERE rev IN ({marks})", list(taken))
            conn.execute(f"DELETE FROM revisions WHERE rev IN ({marks})", list(taken))
            kept = [r for r in revisions if r["rev"] not in taken]
            if kept:
                self._heads.refresh(record_id, kept)
            else:
                self._heads.remove(record_id)
            self._audit.append("withdraw", record_id)
        return max(gone, key=lambda r: (generation(r["rev"]), r.get("hlc") or ""))

    def withdrawn(self, record_id: str | None = None) -> list[dict]:
        """Revisions taken back after the server refused them, each with `_withdrawn_reason`
        and `_withdrawn_at`, oldest first."""
        sql = "SELECT json, reason, withdrawn_at FROM withdrawn"
        params: list[Any] = []
        if record_id is not None:
            sql += " WHERE record_id = ?"
            params.append(record_id)
        with self._db.guard() as conn:
            rows = conn.execute(sql + " ORDER BY withdrawn_at, rev", params).fetchall()
        return [
            {**json.loads(r[0]), "_withdrawn_reason": r[1], "_withdrawn_at": r[2]} for r in rows
        ]
