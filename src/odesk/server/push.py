"""Push: store each accepted revision once, in server_seq order, deciding each change with the
record's heads computed (core `resolve`) from the revisions the server holds.

A push runs in two steps so that the part serialised by the sequence lock stays short:

1. Plan, in a read-only snapshot and without the lock: the duplicate check, the rules that read
   what the server already holds, the merge of each touched record and every row to write.
   Pushes on any number of workers plan at the same time.
2. Write, under the lock (odesk.server.db.write_tx semantics): check that no push committed since
   the snapshot touched the plan's records, linked records or change ids, and that the epoch did
   not change; number the rows after the newest server_seq, write them and commit, still under
   the lock, so pushes commit in server_seq order and a pull never passes a revision a later
   pull could reveal. On PostgreSQL the read and the write are one statement each
   (odesk.server.push_pg). If something did move, or on SQLite (one writer at a time anyway),
   the check and the write run through SQLAlchemy in `write_tx` (odesk.server.push_sql),
   planning again under the lock when needed (rare: two devices pushing the same record at the
   same moment).

The plan itself (odesk.server.push_plan) is shared by both paths; this module only chooses one.

Schema validation runs before either step. The server keeps revisions only: a record's heads are
computed when a push needs them, from its revisions, which a plan reads anyway (a table of heads,
kept up to date by every push, cost a fifth of the push rate; schema m7 dropped it).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from odesk.server.db import is_sqlite
from odesk.server.directory import Access
from odesk.server.push_plan import Device, prevalidate
from odesk.server.push_sql import push_locked

__all__ = ["Device", "prevalidate", "push_changes"]


def push_changes(
    engine: Engine, access: Access, device: Device, changes: list[dict]
) -> dict[str, Any]:
    """Apply a push (see the module's docstring), blocking. On PostgreSQL the server's push
    route awaits odesk.server.push_pg.serve_push itself; this runs the same code."""
    if changes and not is_sqlite(engine):
        # Imported here: psycopg is only installed where PostgreSQL is used (the desktop
        # bundle's embedded demo server runs on SQLite).
        from odesk.server.push_pg import push_changes_blocking

        return push_changes_blocking(engine, access, device, changes)
    return push_locked(engine, access, device, [prevalidate(change) for change in changes])
