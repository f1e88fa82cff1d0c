"""Reading records: current views by id, kind or flag, their history, conflicts and search.

The views are the `records` rows odesk.store.heads keeps in step with the revisions; nothing
here writes.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable, Sequence
from typing import Any

from odesk.core.merge import Resolution, resolve
from odesk.core.records import KINDS
from odesk.store import summaries
from odesk.store.connection import Db
from odesk.store.errors import StoreError
from odesk.store.heads import Heads
from odesk.store.textindex import fts_query

_FIELD_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
FIELDS_SLICE = 1000  # records a slice of `fields`, `flagged_records` (the lock held ~30 ms)
SLICE_PAUSE_S = 0.001  # between two slices, the lock let go
_KIND_NUMS = "SELECT num FROM records WHERE kind = ? ORDER BY num"


def _at_path(record: dict, path: str) -> Any:
    value: Any = record
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


class Records:
    """Read-only queries over the records held."""

    def __init__(self, db: Db, heads: Heads) -> None:
        self._db = db
        self._heads = heads

    def get(self, record_id: str) -> dict | None:
        """The record's current merged view; None when unknown or deleted."""
        with self._db.guard() as conn:
            row = conn.execute(
                "SELECT head FROM records WHERE id = ? AND deleted = 0", (record_id,)
            ).fetchone()
        return json.loads(row[0]) if row and row[0] else None

    def resolution(self, record_id: str) -> Resolution:
        """Leaves, conflict state and flags of a record, computed by core.merge.resolve."""
        with self._db.guard():
            return resolve(self._heads.revisions_of(record_id))

    def history(self, record_id: str) -> list[dict]:
        """Every revision of a record, oldest first."""
        with self._db.guard():
            return self._heads.revisions_of(record_id)

    def records(self, kind: str, **equals: Any) -> list[dict]:
        """Current views of live records of a kind, with optional top-level field equality."""
        if kind not in KINDS:
            raise StoreError(f"not a record kind: {kind!r}")
        sql = "SELECT head FROM records WHERE kind = ? AND deleted = 0"
        params: list[Any] = [kind]
        for key, want in equals.items():
            if not _FIELD_RE.match(key):
                raise StoreError(f"not a field name: {key!r}")
            if key == "network_id" and kind != "network":
                sql += " AND network_id IS ?"
                params.append(want)
            elif isinstance(want, str):
                # Narrow in SQL; the exact comparison below still decides.
                sql += f" AND json_extract(head, '$.{key}') = ?"
                params.append(want)
        sql += " ORDER BY num"
        with self._db.guard() as conn:
            rows = conn.execute(sql, params).fetchall()
        views = [json.loads(r[0]) for r in rows]
        if equals:
            views = [v for v in views if all(v.get(k) == want for k, want in equals.items())]
        return views

    def fields(self, kind: str, paths: Sequence[str], **equals: str) -> list[tuple[Any, ...]]:
        """Chosen fields (dotted paths) of the live records of a kind, one tuple a record in the
        order they arrived, with optional top-level text field equality: SQLite picks them out
        of each record, so a screen that needs a few fields of tens of thousands of records
        (the review queue, the dashboard) parses no whole record in Python. A field absent (or
        null) is None; a field holding an object or a list comes as its JSON text."""
        if kind not in KINDS:
            raise StoreError(f"not a record kind: {kind!r}")
        if not paths:
            raise StoreError("no field asked for")
        for path in (*paths, *equals):
            if not all(_FIELD_RE.match(part) for part in path.split(".")):
                raise StoreError(f"not a field path: {path!r}")
        columns = ", ".join(f"json_extract(head, '$.{path}')" for path in paths)
        where = ""
        params: list[Any] = []
        for key, want in equals.items():
            if not isinstance(want, str):
                raise StoreError(f"{key}: only text is compared here")
            where += f" AND json_extract(head, '$.{key}') = ?"
            params.append(want)
        return self._in_slices(columns, kind, where, params)

    def _in_slices(
        self, columns: str, kind: str, where: str, params: list[Any]
    ) -> list[tuple[Any, ...]]:
        """``SELECT columns`` of a kind's live records matching ``where``, in arrival order, read
        in slices with the store's lock let go between them: on a big caseload a whole kind
        takes about a second to go over, and the UI thread's own store calls must not wait
        behind it. Not one snapshot: a record written meanwhile may come as it was or as it is,
        one added meanwhile not at all (a screen reading this way reads again after a write)."""
        # Which records, from the kind's index (no row read), then each slice by those numbers:
        # each slice reads only its own rows, whether the kind is a third of the store or rare.
        with self._db.guard() as conn:
            nums = [r[0] for r in conn.execute(_KIND_NUMS, (kind,)).fetchall()]
        found: list[tuple[Any, ...]] = []
        for first in range(0, len(nums), FIELDS_SLICE):
            if first:
                # Python's lock is not fair: taken again at once, it would go back to this
                # reader before a thread waiting for it had woken. A millisecond lets it in.
                time.sleep(SLICE_PAUSE_S)
            some = nums[first : first + FIELDS_SLICE]
            marks = ", ".join("?" * len(some))
            sql = (
                f"SELECT {columns} FROM records WHERE num IN ({marks}) AND deleted = 0{where}"
                " ORDER BY num"
            )
            with self._db.guard() as conn:
                found.extend(conn.execute(sql, [*some, *params]).fetchall())
        return found

    def network_summaries(
        self, limit: int | None = None, offset: int = 0
    ) -> list[summaries.NetworkSummary]:
        """The network list's rows (odesk.store.summaries): live networks, newest referral
        first, read from one table kept up to date by every write; ``limit``/``offset`` page."""
        with self._db.guard() as conn:
            if conn.in_transaction:
                summaries.flush(conn)
            return summaries.read(conn, limit, offset)

    def flagged_records(self, kind: str, path: str) -> list[dict]:
        """Current views of live records of a kind whose field at a dotted path is true.

        For flags that must be found among many records without reading each one in Python,
        e.g. notes with ``safety.safeguarding_concern``.
        """
        if kind not in KINDS:
            raise StoreError(f"not a record kind: {kind!r}")
        if not all(_FIELD_RE.match(part) for part in path.split(".")):
            raise StoreError(f"not a field path: {path!r}")
        rows = self._in_slices("head", kind, f" AND json_extract(head, '$.{path}') = 1", [])
        views = [json.loads(r[0]) for r in rows]
        return [v for v in views if _at_path(v, path) is True]

    def conflicts(self) -> list[str]:
        """Ids of records in conflict (more than one leaf a person must reconcile)."""
        with self._db.guard() as conn:
            rows = conn.execute("SELECT id FROM records WHERE conflict = 1 ORDER BY num").fetchall()
        return [r[0] for r in rows]

    def record_ids(
        self,
        kind: str | None = None,
        *,
        include_deleted: bool = False,
        network_id: str | None = None,
    ) -> list[str]:
        """Ids of the records held (of a kind, of a network), in the order they arrived."""
        sql = "SELECT id FROM records WHERE 1 = 1"
        params: list[Any] = []
        if kind is not None:
            sql += " AND kind = ?"
            params.append(kind)
        if network_id is not None:  # a network's records (removed ones too, for its history)
            sql += " AND network_id = ?"
            params.append(network_id)
        if not include_deleted:
            sql += " AND deleted = 0"
        with self._db.guard() as conn:
            return [r[0] for r in conn.execute(sql + " ORDER BY num", params).fetchall()]

    def search(
        self,
        text: str,
        limit: int = 50,
        *,
        kinds: Iterable[str] | None = None,
        network_id: str | None = None,
        start: str = "[",
        end: str = "]",
    ) -> list[dict]:
        """Full-text search over names and note text: [{record_id, kind, network_id, snippet}].

        Every word must match (as a prefix, any case); best matches first. ``start``/``end``
        mark the matched words in the snippet. Search text is never FTS syntax.
        """
        query = fts_query(text if isinstance(text, str) else "")
        if query is None:
            return []
        sql = (
            "SELECT r.id, r.kind, r.network_id, snippet(fts, 0, ?, ?, '…', 12)"
            " FROM fts JOIN records r ON r.num = fts.rowid WHERE fts MATCH ? AND r.deleted = 0"
        )
        params: list[Any] = [start, end, query]
        if kinds is not None:
            wanted = list(kinds)
            sql += f" AND r.kind IN ({', '.join('?' * len(wanted)) or 'NULL'})"
            params.extend(wanted)
        if network_id is not None:
            sql += " AND r.network_id = ?"
            params.append(network_id)
        sql += " ORDER BY rank LIMIT ?"
        params.append(max(1, int(limit)))
        with self._db.guard() as conn:
            rows = conn.execute(sql, params).fetchall()
        return [
            {"record_id": r[0], "kind": r[1], "network_id": r[2], "snippet": r[3]} for r in rows
        ]
