"""A record's current view: its head, leaves, flags and full-text entry, from all its revisions.

Every write of a revision (a local edit, an import, a pulled page, a withdrawal) ends by
refreshing the record's row in `records` and its entry in `fts` here, inside the same
transaction, so the lists and the search always show what the revisions say.
"""

from __future__ import annotations

import json
from typing import Any

from odesk.core.ids import utc_now
from odesk.core.merge import Resolution, resolve
from odesk.core.records import network_id_of
from odesk.core.revs import generation
from odesk.store.connection import Db, dumps
from odesk.store.textindex import index_text

REVISION_COLUMNS = "revisions(rev, record_id, kind, generation, hlc, deleted, local, server_seq, received_at, json)"
_RECORD_COLUMNS = (
    "records(num, id, kind, network_id, head_rev, head, leaves, deleted, conflict,"
    " conflict_fields, flags, updated_at)"
)


def revision_row(
    revision: dict, local: bool, server_seq: int | None, received_at: str, text: str
) -> tuple[Any, ...]:
    """A `revisions` row (columns as REVISION_COLUMNS); ``text`` is the revision's stored JSON."""
    return (
        revision["rev"],
        revision["id"],
        revision["kind"],
        generation(revision["rev"]),
        revision["hlc"],
        int(bool(revision.get("deleted"))),
        int(local),
        server_seq,
        received_at,
        text,
    )


class Heads:
    """Reads a record's revisions and keeps its `records` row and index entry in step."""

    def __init__(self, db: Db) -> None:
        self._db = db

    def revisions_of(self, record_id: str) -> list[dict]:
        """Every revision of a record held here, oldest first (the caller holds the lock)."""
        rows = (
            self._db.conn()
            .execute(
                "SELECT json FROM revisions WHERE record_id = ? ORDER BY generation, hlc, rev",
                (record_id,),
            )
            .fetchall()
        )
        return [json.loads(r[0]) for r in rows]

    def view_row(
        self,
        record_id: str,
        revisions: list[dict],
        res: Resolution | None = None,
        head_text: str | None = None,
    ) -> tuple[tuple[Any, ...], str, Resolution]:
        """A record's `records` row (without num), its full-text body and its resolution,
        computed from all its revisions (``res`` when already resolved). ``head_text``: the
        stored JSON of the view when the caller has it (the head revision's own text)."""
        if res is None:
            res = resolve(revisions)
        kind = revisions[-1]["kind"]
        latest = res.record or max(revisions, key=lambda r: (generation(r["rev"]), r["rev"]))
        network_id = network_id_of(latest)
        if network_id is None and kind == "addendum" and latest.get("note_id"):
            row = (
                self._db.conn()
                .execute("SELECT network_id FROM records WHERE id = ?", (latest["note_id"],))
                .fetchone()
            )
            network_id = row[0] if row else None
        body = ""
        head: str | None = None
        if res.record is not None:
            texts = [index_text(res.record)]
            if res.conflict:
                by_rev = {r["rev"]: r for r in revisions}
                texts += [
                    index_text(by_rev[leaf])
                    for leaf in res.leaves
                    if leaf != res.head_rev and not by_rev[leaf].get("deleted")
                ]
            body = "\n".join(t for t in texts if t)
            head = dumps(res.record) if head_text is None else head_text
        row = (
            record_id,
            kind,
            network_id,
            res.head_rev or None,
            head,
            # A rev is "<generation>-<hex>" (validated), so a lone leaf needs no JSON encoder.
            f'["{res.leaves[0]}"]' if len(res.leaves) == 1 else dumps(res.leaves),
            int(res.record is None),
            int(res.conflict),
            dumps(res.conflict_fields) if res.conflict_fields else "[]",
            dumps(res.flags) if res.flags else "[]",
            latest.get("updated_at"),
        )
        return row, body, res

    def refresh(self, record_id: str, revisions: list[dict] | None = None) -> Resolution:
        """Recompute a record's head, leaves and index entry from all its revisions (given when
        the caller already holds them all)."""
        conn = self._db.conn()
        if revisions is None:
            revisions = self.revisions_of(record_id)
        row, body, res = self.view_row(record_id, revisions)
        num = conn.execute(
            "INSERT INTO records(id, kind, network_id, head_rev, head, leaves, deleted, conflict,"
            " conflict_fields, flags, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, network_id = excluded.network_id,"
            " head_rev = excluded.head_rev, head = excluded.head, leaves = excluded.leaves,"
            " deleted = excluded.deleted, conflict = excluded.conflict,"
            " conflict_fields = excluded.conflict_fields, flags = excluded.flags,"
            " updated_at = excluded.updated_at RETURNING num",
            row,
        ).fetchone()[0]
        conn.execute("DELETE FROM fts WHERE rowid = ?", (num,))
        if body:
            conn.execute("INSERT INTO fts(rowid, body) VALUES (?, ?)", (num, body))
        return res

    def remove(self, record_id: str) -> None:
        """Drop a record's row and index entry (its last revision was withdrawn)."""
        conn = self._db.conn()
        row = conn.execute("SELECT num FROM records WHERE id = ?", (record_id,)).fetchone()
        if row:
            conn.execute("DELETE FROM fts WHERE rowid = ?", (row[0],))
            conn.execute("DELETE FROM records WHERE id = ?", (record_id,))

    def add_new(self, records: list[tuple[str, list[dict]]], texts: dict[str, str]) -> None:
        """Rows and index entries of records this store has never seen, in one insert each.

        Every revision of such a record arrived in this page, so the head is resolved from them
        in memory: nothing to read back, no upsert, no index entry to remove.
        """
        if not records:
            return
        conn = self._db.conn()
        num = conn.execute("SELECT coalesce(max(num), 0) FROM records").fetchone()[0]
        rows: list[tuple[Any, ...]] = []
        bodies: list[tuple[int, str]] = []
        for record_id, revisions in records:
            head_text: str | None = None
            res = resolve(revisions)
            # The view is the head revision unchanged (same keys, same order): reuse its text.
            # A lone live revision always is; otherwise compare.
            if res.record is not None and len(revisions) == 1:
                head_text = texts[res.head_rev]
            elif res.record is not None:
                stored = next((r for r in revisions if r["rev"] == res.head_rev), {})
                if res.record == stored and list(res.record) == list(stored):
                    head_text = texts[res.head_rev]
            row, body, _ = self.view_row(record_id, revisions, res, head_text)
            num += 1
            rows.append((num, *row))
            if body:
                bodies.append((num, body))
        self._db.insert_all(_RECORD_COLUMNS, rows)
        self._db.insert_all("fts(rowid, body)", bodies)

    def insert_local(self, revision: dict) -> None:
        """Keep a revision made on (or imported to) this device."""
        self._db.insert_all(
            REVISION_COLUMNS, [revision_row(revision, True, None, utc_now(), dumps(revision))]
        )

    def kind_and_network(self, record_id: str) -> tuple[str, str | None] | None:
        """(kind, network id) of a record this store holds, or None."""
        row = (
            self._db.conn()
            .execute("SELECT kind, network_id FROM records WHERE id = ?", (record_id,))
            .fetchone()
        )
        return (row[0], row[1]) if row else None
