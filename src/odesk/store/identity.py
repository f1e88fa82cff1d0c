"""Who writes here: the store's id, the user and device ids, and the hybrid logical clock.

Until enrolment the user and device ids are placeholders made at create; set_identity puts the
server's ids in their place, also inside every revision not yet offered to the server.
"""

from __future__ import annotations

import json
import re

from odesk.core.hlc import HybridClock
from odesk.store.connection import Db, dumps
from odesk.store.errors import StoreError
from odesk.store.heads import Heads

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$")


def _replace_ids(value: object, mapping: dict[str, str]) -> object:
    if isinstance(value, str):
        return mapping.get(value, value)
    if isinstance(value, list):
        return [_replace_ids(v, mapping) for v in value]
    if isinstance(value, dict):
        return {k: _replace_ids(v, mapping) for k, v in value.items()}
    return value


class Identity:
    """The ids every local revision carries and the clock that orders them."""

    def __init__(self, db: Db, heads: Heads) -> None:
        self._db = db
        self._heads = heads
        self.store_id = ""
        self.user_id = ""
        self.device_id = ""
        self.clock = HybridClock("local")

    def load(self) -> None:
        """Read the ids from `meta` and move the clock past every revision held."""
        self.store_id = self._db.meta_read("store_id") or ""
        self.user_id = self._db.meta_read("user_id") or ""
        self.device_id = self._db.meta_read("device_id") or ""
        self._reset_clock()

    def _reset_clock(self) -> None:
        self.clock = HybridClock(self.device_id or "local")
        row = self._db.conn().execute("SELECT max(hlc) FROM revisions").fetchone()
        if row and row[0]:
            self.clock.observe(row[0])

    @property
    def enrolled(self) -> bool:
        """True once set_identity has replaced the placeholder user id."""
        with self._db.guard():
            return self.user_id != self._db.meta_read("placeholder_user_id")

    def set_identity(self, user_id: str, device_id: str) -> None:
        """At enrolment: the server's user and device ids replace the placeholders in every
        revision not yet offered to the server."""
        for name, value in (("user_id", user_id), ("device_id", device_id)):
            if not isinstance(value, str) or not _ID_RE.match(value):
                raise StoreError(f"{name} is not a valid id: {value!r}")
        with self._db.tx() as conn:
            mapping = {
                old: new
                for old, new in ((self.user_id, user_id), (self.device_id, device_id))
                if old and old != new
            }
            touched: set[str] = set()
            if mapping:
                rows = conn.execute(
                    "SELECT r.rev, r.record_id, r.json FROM outbox o JOIN revisions r"
                    " ON r.rev = o.rev WHERE o.pushed = 0"
                ).fetchall()
                for rev, record_id, text in rows:
                    updated = _replace_ids(json.loads(text), mapping)
                    conn.execute(
                        "UPDATE revisions SET json = ? WHERE rev = ?", (dumps(updated), rev)
                    )
                    touched.add(record_id)
            self._db.meta_put("user_id", user_id)
            self._db.meta_put("device_id", device_id)
            for record_id in touched:
                self._heads.refresh(record_id)
            self.user_id, self.device_id = user_id, device_id
            self._reset_clock()
