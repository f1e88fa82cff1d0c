"""The local audit log: hash-chained entries (unlock, lock, view, sign, ...) in the `audit` table.

The hash chain itself is odesk.core.auditchain; ``Audit.append`` writes inside the caller's
transaction, so an entry is kept exactly when the action it records is.
"""

from __future__ import annotations

import re

from odesk.core.auditchain import GENESIS, entry_hash, verify_chain
from odesk.core.ids import utc_now
from odesk.store.connection import Db
from odesk.store.errors import StoreError

__all__ = ["ACTIONS", "GENESIS", "Audit", "entry_hash", "verify_chain"]

ACTIONS = frozenset(
    {"create", "unlock", "lock", "view", "sign", "export", "import", "sync", "enroll", "passwd"}
)
_ACTION_RE = re.compile(r"^[a-z][a-z0-9_.-]{0,39}$")
_KEYS = ("seq", "at", "action", "record_id", "prev_hash", "hash")


class Audit:
    """Appends to and reads the store's audit log."""

    def __init__(self, db: Db) -> None:
        self._db = db

    def append(self, action: str, record_id: str | None) -> dict:
        """Add an entry inside the caller's transaction (the action is trusted)."""
        conn = self._db.conn()
        row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev_hash = (row[0] + 1, row[1]) if row else (1, GENESIS)
        at = utc_now()
        digest = entry_hash(prev_hash, seq, at, action, record_id)
        conn.execute(
            "INSERT INTO audit(seq, at, action, record_id, prev_hash, hash) VALUES (?,?,?,?,?,?)",
            (seq, at, action, record_id, prev_hash, digest),
        )
        return dict(zip(_KEYS, (seq, at, action, record_id, prev_hash, digest), strict=True))

    def audit(self, action: str, record_id: str | None = None) -> dict:
        """Append an entry to the hash-chained local audit log (unlock, lock, view, sign, ...)."""
        if not isinstance(action, str) or not _ACTION_RE.match(action):
            raise StoreError(f"not an audit action: {action!r}")
        if record_id is not None and not isinstance(record_id, str):
            raise StoreError("audit record_id must be a string")
        with self._db.tx():
            return self.append(action, record_id)

    def entries(self, after_seq: int = 0, limit: int | None = None) -> list[dict]:
        """Entries after ``after_seq``, oldest first (at most ``limit``)."""
        with self._db.guard() as conn:
            rows = conn.execute(
                "SELECT seq, at, action, record_id, prev_hash, hash FROM audit WHERE seq > ?"
                " ORDER BY seq LIMIT ?",
                (int(after_seq), -1 if limit is None else int(limit)),
            ).fetchall()
        return [dict(zip(_KEYS, row, strict=True)) for row in rows]
