"""A push on PostgreSQL over one pooled connection: a pipelined read, then one pipeline that
locks, checks, writes and commits.

The sequence lock (odesk.server.db.SEQ_LOCK_KEY) is held from its statement to the commit and
every push waits for it, so the time it is held bounds the whole server's push rate. Sent as one
psycopg pipeline, those statements run back to back inside PostgreSQL: the lock is never held
across a round trip to a worker process that may be busy with other requests. Rows go in as
arrays (`unnest`), one statement a table, passed in binary (`%b`: psycopg's text array format
escapes every element in Python, many times slower).

`odesk_push_guard` (created by the schema migration, odesk.server.schema) refuses with a
serialization failure when a push committed after the read touched the plan's records, linked
records or change ids, or the epoch changed; the caller then plans again under the lock
(odesk.server.push).
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


_LOCK = "SELECT pg_advisory_xact_lock(%s)"
_GUARD = "SELECT odesk_push_guard(%s, %s, %b::text[], %b::text[])"

# Under the lock max(server_seq) is the guard's answer, so the n-th row gets top + n.
_INSERT_REVISIONS = """
INSERT INTO revisions (server_seq, record_id, rev, change_id, kind, json, network_id, team_id,
                       device_id, device_seq, user_id, received_at)
SELECT top.n + r.ord, r.record_id, r.rev, r.change_id, r.kind, r.json, r.network_id, r.team_id,
       %(device_id)s, r.device_seq, %(user_id)s, %(received_at)s
FROM (SELECT coalesce(max(server_seq), 0) AS n FROM revisions) AS top,
     unnest(%(record_id)b::text[], %(rev)b::text[], %(change_id)b::text[], %(kind)b::text[],
            %(json)b::text[], %(network_id)b::text[], %(team_id)b::text[],
            %(device_seq)b::bigint[])
         WITH ORDINALITY AS r(record_id, rev, change_id, kind, json, network_id, team_id,
                              device_seq, ord)
"""

_UPSERT_HEADS = """
INSERT INTO heads (record_id, kind, team_id, network_id, view, leaves, conflict, deleted,
                   updated_seq)
SELECT h.record_id, h.kind, h.team_id, h.network_id, h.view, h.leaves, h.conflict, h.deleted,
       (SELECT max(server_seq) FROM revisions WHERE revisions.record_id = h.record_id)
FROM unnest(%(record_id)b::text[], %(kind)b::text[], %(team_id)b::text[],
            %(network_id)b::text[], %(view)b::text[], %(leaves)b::text[],
            %(conflict)b::boolean[], %(deleted)b::boolean[])
         AS h(record_id, kind, team_id, network_id, view, leaves, conflict, deleted)
ON CONFLICT (record_id) DO UPDATE SET
    kind = excluded.kind, team_id = excluded.team_id, network_id = excluded.network_id,
    view = excluded.view, leaves = excluded.leaves, conflict = excluded.conflict,
    deleted = excluded.deleted, updated_seq = excluded.updated_seq
"""

# The guard has checked the epoch, so a stored mark of another epoch is simply replaced.
_UPSERT_MARK = """
INSERT INTO device_marks (device_id, epoch, high_water) VALUES (%(device_id)s, %(epoch)s, %(mark)s)
ON CONFLICT (device_id) DO UPDATE SET
    epoch = excluded.epoch,
    high_water = CASE WHEN device_marks.epoch = excluded.epoch
                      THEN greatest(device_marks.high_water, excluded.high_water)
                      ELSE excluded.high_water END
RETURNING high_water
"""

_AUDIT = "INSERT INTO audit (at, actor, device_id, action, detail) VALUES (%s, %s, %s, 'push', %s)"


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


def _columns(rows: list[dict[str, Any]], names: tuple[str, ...]) -> dict[str, list[Any]]:
    return {name: [row[name] for row in rows] for name in names}


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
    try:
        with pg.pipeline():
            pg.execute(_LOCK, (SEQ_LOCK_KEY,))
            guard = pg.execute(_GUARD, (plan.epoch, plan.seen, sorted(plan.watched), change_ids))
            if plan.rows:
                revision_columns = _columns(plan.rows, _REVISION_COLUMNS)
                pg.execute(
                    _INSERT_REVISIONS,
                    {
                        "device_id": device_id,
                        "user_id": user_id,
                        "received_at": received_at,
                        **revision_columns,
                    },
                )
                pg.execute(_UPSERT_HEADS, _columns(list(plan.head_rows.values()), _HEAD_COLUMNS))
            mark = pg.execute(
                _UPSERT_MARK,
                {"device_id": device_id, "epoch": plan.epoch, "mark": plan.high_water},
            )
            detail = json.dumps(audit_detail, separators=(",", ":"), sort_keys=True)
            pg.execute(_AUDIT, (received_at, user_id, device_id, detail))
            pg.commit()
    except psycopg.errors.SerializationFailure:
        pg.rollback()
        return None
    top = guard.fetchone()
    high_water = mark.fetchone()
    assert top is not None and high_water is not None
    return int(top[0]), int(high_water[0])
