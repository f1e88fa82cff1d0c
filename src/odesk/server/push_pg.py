"""A push on PostgreSQL over one pooled connection in autocommit: one statement reads what the
plan needs, one more writes it under the lock.

The sequence lock (odesk.server.db.SEQ_LOCK_KEY) is held from the moment it is granted to the
commit, and every push waits for it, so the time it is held bounds the whole server's push
rate. `odesk_push_apply` (created by the schema migrations, odesk.server.schema) takes the
lock, checks that the plan still holds, and writes the revisions, heads, device mark and audit
row; being one autocommit statement, it commits as soon as it has run, so the lock is never held
across a round trip to a worker process that may be busy with other requests. The rows go in as
one JSON document (one pass of the encoder; array parameters are dumped item by item in Python).

When a push committed after the read touched the plan's records, linked records or change ids,
or the epoch changed, the call fails (a serialization failure from the guard, or a unique
violation from a write that met a record or change id committed meanwhile); nothing is written
and the caller plans again under the lock (odesk.server.push).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson
import psycopg
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from odesk.server.db import SEQ_LOCK_KEY
from odesk.server.push import Known, _Plan

_WRITE = "SELECT * FROM odesk_push_apply(%s, %s, %s, %s, %s, %s, %s::jsonb, %s, %s)"

_REVISION_COLUMNS = ("record_id", "rev", "change_id", "kind", "json", "network_id", "team_id")
_HEAD_COLUMNS = ("record_id", "kind", "team_id", "network_id", "view", "leaves", "conflict")


def _document(plan: _Plan) -> str:
    """The rows of a plan as the JSON document odesk_push_apply reads (schema m6), with what
    its guard must probe: held records ("w"), absent records not created here ("a") and the
    change ids refused ("c"); new records and written change ids are checked by the writes."""
    rows = [[*(row[c] for c in _REVISION_COLUMNS), row["device_seq"]] for row in plan.rows]
    head_rows = []
    for record_id, head in plan.head_rows.items():
        last = plan.last_row_of[record_id]
        row = [*(head[c] for c in _HEAD_COLUMNS), head["deleted"], last + 1]
        if head["view"] is not None and head["view"] is plan.rows[last]["json"]:
            row[4] = last + 1  # the view is that revision's text: PostgreSQL copies it
        row.append(record_id not in plan.held)
        head_rows.append(row)
    refused = [r["change_id"] for r in plan.results if r["status"] == "rejected"]
    return orjson.dumps(
        {
            "w": sorted(plan.watched & plan.held),
            "a": sorted(plan.watched - plan.held - plan.head_rows.keys()),
            "c": refused,
            "r": rows,
            "h": head_rows,
        }
    ).decode()


@contextmanager
def pg_connection(engine: Engine) -> Iterator[psycopg.Connection]:
    """The psycopg connection under a pooled SQLAlchemy one, in autocommit while it is lent:
    a push's reads need no common snapshot (the guard catches whatever moved since `seen`) and
    its write is one statement, so no BEGIN or COMMIT goes over the wire."""
    with engine.connect() as conn:
        pg: psycopg.Connection = conn.connection.driver_connection  # type: ignore[assignment]
        pg.autocommit = True
        try:
            yield pg
        except psycopg.OperationalError as exc:
            raise OperationalError("push", None, exc) from exc
        finally:
            if not pg.closed:
                pg.autocommit = False


# Everything a plan reads, in one statement (schema m5).
_READ = "SELECT * FROM odesk_push_read(%s::jsonb, %s::jsonb, %s::jsonb)"


def _json_list(values: Any) -> str:
    # A list of ids travels as one JSON text: psycopg dumps array parameters item by item.
    return orjson.dumps(sorted(values)).decode()


def read_known(
    pg: psycopg.Connection, change_ids: list[str], record_ids: set[str], linked: set[str]
) -> Known:
    """What a plan needs, in one statement: the epoch, the newest server_seq, known change ids,
    heads of the records and linked records, and the revisions of records already held."""
    row = pg.execute(
        _READ, (_json_list(change_ids), _json_list(record_ids | linked), _json_list(record_ids))
    ).fetchone()
    assert row is not None
    epoch, seen, changes, head_rows, revision_rows = row
    known_changes = {r[0]: (int(r[1]), r[2]) for r in changes or ()}
    heads = {r[0]: (r[1], r[2], r[3]) for r in head_rows or ()}
    trees: dict[str, list[dict]] = {}
    for record_id, text in revision_rows or ():
        trees.setdefault(record_id, []).append(orjson.loads(text))
    return Known(epoch or "", int(seen or 0), known_changes, heads, trees)


def write_planned(
    pg: psycopg.Connection,
    plan: _Plan,
    device_id: str,
    user_id: str,
    audit_detail: dict[str, Any],
) -> tuple[int, int] | None:
    """Write the plan in one pipeline and commit; (newest server_seq before it, the device's
    high-water mark), or None when the plan went stale (rolled back, nothing written)."""
    detail = orjson.dumps(audit_detail, option=orjson.OPT_SORT_KEYS).decode()
    params = [
        SEQ_LOCK_KEY,
        plan.epoch,
        plan.seen,
        device_id,
        user_id,
        plan.received_at,
        _document(plan),
        plan.high_water,
        detail,
    ]
    try:
        # One statement in autocommit: PostgreSQL commits it (and releases the lock) as soon
        # as it has run, whatever this process is doing meanwhile.
        row = pg.execute(_WRITE, params).fetchone()
    except (psycopg.errors.SerializationFailure, psycopg.errors.UniqueViolation):
        return None
    assert row is not None
    return int(row[0]), int(row[1])
