"""A push on PostgreSQL over one pooled connection: a pipelined read, then the locked write as one
function call sent together with the commit.

The sequence lock (odesk.server.db.SEQ_LOCK_KEY) is held from the moment it is granted to the
commit, and every push waits for it, so the time it is held bounds the whole server's push
rate. `odesk_push_write` (created by the schema migrations, odesk.server.schema) takes the lock,
runs `odesk_push_guard`, and writes the revisions, heads, device mark and audit row; the COMMIT
follows in the same pipeline, so the lock is never held across a round trip to a worker process
that may be busy with other requests. Rows go in as arrays (`unnest`), passed in binary (`%b`:
psycopg's text array format escapes every element in Python, many times slower).

The guard refuses with a serialization failure when a push committed after the read touched the
plan's records, linked records or change ids, or the epoch changed; nothing is written and the
caller plans again under the lock (odesk.server.push).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import psycopg
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from odesk.server.db import SEQ_LOCK_KEY

if TYPE_CHECKING:
    from odesk.server.push import _Plan


_WRITE = (
    "SELECT * FROM odesk_push_write(%s, %s, %s, %b::text[], %b::text[], %s, %s, %s,"
    " %b::text[], %b::text[], %b::text[], %b::text[], %b::text[], %b::text[], %b::text[],"
    " %b::bigint[],"
    " %b::text[], %b::text[], %b::text[], %b::text[], %b::text[], %b::text[], %b::boolean[],"
    " %b::boolean[], %s, %s)"
)

_REVISION_COLUMNS = (
    "record_id",
    "rev",
    "change_id",
    "kind",
    "json",
    "network_id",
    "team_id",
    "device_seq",
)
_HEAD_COLUMNS = (
    "record_id",
    "kind",
    "team_id",
    "network_id",
    "view",
    "leaves",
    "conflict",
    "deleted",
)


def _columns(rows: list[dict[str, Any]], names: tuple[str, ...]) -> list[list[Any]]:
    return [[row[name] for row in rows] for name in names]


@contextmanager
def pg_connection(engine: Engine) -> Iterator[psycopg.Connection]:
    """The psycopg connection under a pooled SQLAlchemy one (returned to the pool rolled back)."""
    with engine.connect() as conn:
        try:
            yield conn.connection.driver_connection  # type: ignore[misc]
        except psycopg.OperationalError as exc:
            raise OperationalError("push", None, exc) from exc


_READ_TOP = (
    "SELECT (SELECT value FROM meta WHERE key = 'epoch'), (SELECT max(server_seq) FROM revisions)"
)
_READ_CHANGES = (
    "SELECT change_id, server_seq, device_id FROM revisions WHERE change_id = ANY(%b::text[])"
)
_READ_HEADS = (
    "SELECT record_id, kind, network_id, team_id FROM heads WHERE record_id = ANY(%b::text[])"
)
_READ_REVISIONS = "SELECT record_id, json FROM revisions WHERE record_id = ANY(%b::text[])"


def read_known(
    pg: psycopg.Connection, change_ids: list[str], record_ids: set[str], linked: set[str]
) -> tuple[str, int, dict[str, tuple[int, str]], dict[str, Any], dict[str, list[dict]]]:
    """What a plan needs, in one round trip (two when some records are already held): the
    epoch, the newest server_seq (read first: whatever commits later has a higher number),
    known change ids, heads of the records and linked records, revisions of held records."""
    with pg.pipeline():
        top = pg.execute(_READ_TOP)
        changes = pg.execute(_READ_CHANGES, (change_ids,))
        head_rows = pg.execute(_READ_HEADS, (sorted(record_ids | linked),))
    epoch, seen = top.fetchone() or (None, None)
    known_changes = {r[0]: (int(r[1]), r[2]) for r in changes}
    heads = {r[0]: (r[1], r[2], r[3]) for r in head_rows}
    # A record without a head has no revisions (both are written in one transaction).
    held = sorted(rid for rid in record_ids if rid in heads)
    trees: dict[str, list[dict]] = {}
    if held:
        for record_id, text in pg.execute(_READ_REVISIONS, (held,)):
            trees.setdefault(record_id, []).append(json.loads(text))
    return epoch or "", int(seen or 0), known_changes, heads, trees


def write_planned(
    pg: psycopg.Connection,
    plan: _Plan,
    device_id: str,
    user_id: str,
    change_ids: list[str],
    audit_detail: dict[str, Any],
    received_at: str,
) -> tuple[int, int] | None:
    """Write the plan in one pipeline and commit; (newest server_seq before it, the device's
    high-water mark), or None when the plan went stale (rolled back, nothing written)."""
    detail = json.dumps(audit_detail, separators=(",", ":"), sort_keys=True)
    params = [
        SEQ_LOCK_KEY,
        plan.epoch,
        plan.seen,
        sorted(plan.watched),
        change_ids,
        device_id,
        user_id,
        received_at,
        *_columns(plan.rows, _REVISION_COLUMNS),
        *_columns(list(plan.head_rows.values()), _HEAD_COLUMNS),
        plan.high_water,
        detail,
    ]
    try:
        # The call and the commit go out together: the lock is released as soon as PostgreSQL
        # has run them, whatever this process is doing meanwhile.
        with pg.pipeline():
            written = pg.execute(_WRITE, params)
            pg.commit()
    except psycopg.errors.SerializationFailure:
        pg.rollback()
        return None
    row = written.fetchone()
    assert row is not None
    return int(row[0]), int(row[1])
