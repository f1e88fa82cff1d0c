"""The store's schema as an ordered list of migrations; PRAGMA user_version counts those applied.

Each migration runs inside the caller's transaction together with the user_version bump, so a
crash leaves the database at one version or the next, never between.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def _v1_initial(db: Database) -> None:
    statements = [
        # Every revision ever seen, local or remote; never deleted. `local` = made on this device.
        """CREATE TABLE revisions (
            rev TEXT PRIMARY KEY,
            record_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            generation INTEGER NOT NULL,
            hlc TEXT NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0,
            local INTEGER NOT NULL DEFAULT 0,
            server_seq INTEGER,
            received_at TEXT NOT NULL,
            json TEXT NOT NULL
        )""",
        "CREATE INDEX revisions_record ON revisions(record_id, generation)",
        "CREATE INDEX revisions_hlc ON revisions(hlc)",
        # One row per record: its current merged view (core.merge.resolve over all revisions).
        # `num` is a stable integer key shared with the full-text index's rowid.
        """CREATE TABLE records (
            num INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            network_id TEXT,
            head_rev TEXT,
            head TEXT,
            leaves TEXT NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0,
            conflict INTEGER NOT NULL DEFAULT 0,
            conflict_fields TEXT NOT NULL DEFAULT '[]',
            flags TEXT NOT NULL DEFAULT '[]',
            updated_at TEXT
        )""",
        "CREATE INDEX records_kind_network ON records(kind, network_id)",
        "CREATE INDEX records_conflict ON records(conflict) WHERE conflict = 1",
        # Local revisions waiting for (or answered by) the server. The change id sent with a
        # revision is its rev (unique and random already), so re-sending is idempotent and no
        # second unique index costs a page per write. `pushed` stays 1 once a revision has been
        # handed out for sending, so it is never amended in place after that.
        """CREATE TABLE outbox (
            device_seq INTEGER PRIMARY KEY,
            rev TEXT NOT NULL UNIQUE,
            record_id TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'inflight', 'sent', 'rejected')),
            pushed INTEGER NOT NULL DEFAULT 0,
            reason TEXT,
            server_seq INTEGER,
            created_at TEXT NOT NULL,
            answered_at TEXT
        )""",
        # Partial indexes: only unacknowledged (or rejected) entries are in them, so a write
        # touches as few encrypted pages as possible and the outbox stays fast to read.
        "CREATE INDEX outbox_open ON outbox(device_seq) WHERE state IN ('pending', 'inflight')",
        "CREATE INDEX outbox_rejected ON outbox(device_seq) WHERE state = 'rejected'",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, json TEXT NOT NULL)",
        """CREATE TABLE audit (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            action TEXT NOT NULL,
            record_id TEXT,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        )""",
        # Remote revisions that failed validation: kept (nothing is dropped), never applied.
        """CREATE TABLE quarantine (
            id INTEGER PRIMARY KEY,
            server_seq INTEGER,
            reason TEXT NOT NULL,
            json TEXT NOT NULL,
            received_at TEXT NOT NULL
        )""",
        # Full-text index (rowid = records.num) over names and clinical text of the current view
        # and the other leaves of a conflict. It keeps its own copy of the text (for snippets):
        # an external-content index would save a page per write but make every listing read
        # twice the pages, and listing is what a clinician waits for.
        "CREATE VIRTUAL TABLE fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')",
    ]
    for sql in statements:
        db.execute(sql)


def _v2_withdrawn(db: Database) -> None:
    # This device's revisions the server refused, and local edits built on them, that a person
    # took back (to send a fixed version, or to return to the server's view): out of the record's
    # tree, never sent again, but kept with the server's reason so no text is lost.
    db.execute(
        """CREATE TABLE withdrawn (
            rev TEXT PRIMARY KEY,
            record_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            reason TEXT,
            withdrawn_at TEXT NOT NULL,
            json TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX withdrawn_record ON withdrawn(record_id)")


def _v3_network_summaries(db: Database) -> None:
    # The network list's rows, kept up to date in every write's transaction (odesk.store.summaries);
    # filled here from the records an existing store already holds.
    from odesk.store import summaries

    summaries.create_schema(db)


def _v4_rev_owner_index(db: Database) -> None:
    # Which record holds a rev, answered from the index alone: a pull asks it for every revision
    # of a page, and reading each 2 KiB row instead means decrypting a page per revision
    # (16 ms rather than 1 ms a 1,000 revisions; odesk.store.remote_page).
    db.execute("CREATE INDEX revisions_rev_owner ON revisions(rev, record_id, server_seq)")


MIGRATIONS: list[Callable[[Database], None]] = [
    _v1_initial,
    _v2_withdrawn,
    _v3_network_summaries,
    _v4_rev_owner_index,
]
SCHEMA_VERSION = len(MIGRATIONS)
