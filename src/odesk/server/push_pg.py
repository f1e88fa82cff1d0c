"""A push on PostgreSQL over one connection in autocommit: one statement reads the caller's
device and what the plan needs, one more writes it under the lock.

The push route awaits `serve_push` on the worker's event loop, over an `AsyncPool` connection:
no hop to a handler thread and back for every push, and the plan's Python work (validation,
rules, merge) never contends for the GIL with handler threads. With the two statements
(there were five: two pings, the caller, the read, the write) a 50-change push costs its
worker about a tenth less CPU.

The sequence lock (odesk.server.db.SEQ_LOCK_KEY) is held from the moment it is granted to the
commit, and every push waits for it, so the time it is held bounds the whole server's push
rate. `odesk_push_commit` (created by the schema migrations, odesk.server.schema) takes the
lock, checks that the plan still holds, and writes the revisions, device mark and audit row;
being one autocommit statement, it commits as soon as it has run, so the lock is never held
across a round trip to a worker process that may be busy with other requests. The rows go in
column by column, each a JSON text (one pass of the encoder; array parameters are dumped item
by item in Python), and their record texts as one text (schema m11).

When a push committed after the read touched the plan's records, linked records or change ids,
or the epoch changed, the call fails (a serialization failure from the guard, or a unique
violation from a write that met a change id committed meanwhile); nothing is written and the
caller plans again under the lock (odesk.server.push_sql).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any

import anyio.to_thread
import orjson
import psycopg
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from odesk.server import push_plan
from odesk.server.auth_pg import LOOKUP, found_device
from odesk.server.db import SEQ_LOCK_KEY
from odesk.server.directory import Access
from odesk.server.push_plan import (
    Device,
    Known,
    Plan,
    Prepared,
    Wanted,
    audit_detail,
    needs_refs,
    number,
    prevalidate,
    wanted_ids,
)
from odesk.server.push_sql import push_locked, read_refs_now

_WRITE = (
    "SELECT * FROM odesk_push_commit(%s, %s, %s, %s, %s, %s, %s::json, %s::json, %s::json,"
    " %s::json, %s::json, %s::json, %s::json, %s::json, %s::json, %s, %s, %s)"
)

# The short columns of a row, each passed as a JSON array (schema m11), in the function's order.
_COLUMNS = ("record_id", "rev", "change_id", "kind", "network_id", "team_id", "device_seq")
# Joins the record texts: U+001E, which no JSON text holds (RFC 8259; RFC 7464 uses it so).
_SEPARATOR = "\x1e"


def _columns(plan: Plan) -> list[str]:
    """A plan's input to odesk_push_commit (schema m11) after the caller's: what its guard must
    probe, the records and linked records the plan read and the change ids it refused (the
    change ids it writes are checked by the write), then its rows, column by column, and their
    record texts joined by U+001E."""
    rows = plan.rows
    refused = [r["change_id"] for r in plan.results if r["status"] == "rejected"]
    listed = [orjson.dumps(sorted(plan.watched)).decode(), orjson.dumps(refused).decode()]
    listed += [orjson.dumps([row[name] for row in rows]).decode() for name in _COLUMNS]
    # orjson writes JSON: a control character in a record's strings is escaped, never raw.
    listed.append(_SEPARATOR.join([row["json"] for row in rows]))
    return listed


def conninfo(engine: Engine) -> str:
    """The engine's database as a libpq URL (psycopg's own, without SQLAlchemy's driver name)."""
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


class AsyncPool:
    """Autocommit async connections of one event loop, at most ``size`` lent at once.

    Not psycopg_pool: its clients wait, up to its timeout, while it reconnects in the background,
    and the server's contract is an immediate 503 when the database cannot be reached. Nor is
    a connection pinged before it is lent (a round trip a push): serve_push's first statement
    only reads, and if the connection turns out dead it is sent again on a new one.
    """

    def __init__(self, conninfo: str, size: int) -> None:
        self._conninfo = conninfo
        self._size = size
        self._idle: list[psycopg.AsyncConnection] = []
        self._slots: asyncio.Semaphore | None = None
        self._lock = threading.Lock()

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[psycopg.AsyncConnection]:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self._size)  # of the loop that first asks
        async with self._slots:
            try:
                conn = await self._take()
            except psycopg.OperationalError as exc:
                raise OperationalError("connect", None, exc) from exc
            try:
                yield conn
            except psycopg.OperationalError as exc:
                raise OperationalError("push", None, exc) from exc
            finally:
                idle = conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
                if conn.closed or conn.broken or not idle:
                    await conn.close()
                else:
                    with self._lock:
                        self._idle.append(conn)

    async def _take(self) -> psycopg.AsyncConnection:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return await psycopg.AsyncConnection.connect(self._conninfo, autocommit=True)

    def close_idle(self) -> None:
        """Close the idle connections at once, from any thread (the server has stopped)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.pgconn.finish()


# Everything a plan reads, in one statement (schema m9).
_READ = "SELECT * FROM odesk_push_lookup(%s::jsonb, %s::jsonb, %s::jsonb, %s::jsonb)"


def _json_list(values: Any) -> str:
    # A list of ids travels as one JSON text: psycopg dumps array parameters item by item.
    return orjson.dumps(sorted(values)).decode()


def _read_params(
    change_ids: list[str], record_ids: set[str], linked: set[str], revs: set[str]
) -> tuple:
    return (
        _json_list(change_ids),
        _json_list(record_ids | linked),
        _json_list(record_ids),
        _json_list(revs),
    )


def _known(row: Any) -> Known:
    epoch, seen, changes, held_rows, revision_rows, owner_rows = row
    known_changes = {r[0]: (int(r[1]), r[2]) for r in changes or ()}
    held = {r[0]: (r[1], r[2], r[3]) for r in held_rows or ()}
    trees: dict[str, list[dict]] = {}
    for record_id, text in revision_rows or ():
        trees.setdefault(record_id, []).append(orjson.loads(text))
    owners = {r[0]: r[1] for r in owner_rows or ()}
    return Known(epoch or "", int(seen or 0), known_changes, held, trees, owners)


async def read_known(
    pg: psycopg.AsyncConnection,
    change_ids: list[str],
    record_ids: set[str],
    linked: set[str],
    revs: set[str],
) -> Known:
    """What a plan needs, in one statement: the epoch, the newest server_seq, known change ids,
    the kind and scope of the records and linked records held, and the revisions of the records
    held."""
    cursor = await pg.execute(_READ, _read_params(change_ids, record_ids, linked, revs))
    row = await cursor.fetchone()
    assert row is not None
    return _known(row)


# The caller's device (auth_pg.LOOKUP, NULLs for an unknown token) and read_known, one statement.
_CALLER_AND_READ = (
    "SELECT l.*, r.* FROM odesk_push_lookup(%s::jsonb, %s::jsonb, %s::jsonb, %s::jsonb) AS r"
    f" LEFT JOIN ({LOOKUP}) AS l ON true"
)
_LOOKUP_COLUMNS = 12


async def read_with_caller(
    pg: psycopg.AsyncConnection, token_hash: str, wanted: Wanted
) -> tuple[Any, Known]:
    """auth_pg.found_device of the token, and read_known, in one round trip."""
    cursor = await pg.execute(_CALLER_AND_READ, (*_read_params(*wanted), token_hash))
    row = await cursor.fetchone()
    assert row is not None
    return found_device(row[:_LOOKUP_COLUMNS]), _known(row[_LOOKUP_COLUMNS:])


async def write_planned(
    pg: psycopg.AsyncConnection,
    plan: Plan,
    device_id: str,
    user_id: str,
    audit_detail: dict[str, Any],
) -> tuple[int, int] | None:
    """Write the plan in one statement, which commits; (newest server_seq before it, the
    device's high-water mark), or None when the plan went stale (nothing written)."""
    detail = orjson.dumps(audit_detail, option=orjson.OPT_SORT_KEYS).decode()
    params = [
        SEQ_LOCK_KEY,
        plan.epoch,
        plan.seen,
        device_id,
        user_id,
        plan.received_at,
        *_columns(plan),
        plan.high_water,
        detail,
    ]
    try:
        # One statement in autocommit: PostgreSQL commits it (and releases the lock) as soon
        # as it has run, whatever this process is doing meanwhile.
        row = await (await pg.execute(_WRITE, params)).fetchone()
    except (psycopg.errors.SerializationFailure, psycopg.errors.UniqueViolation):
        return None
    assert row is not None
    return int(row[0]), int(row[1])


Admit = Callable[[Any], Awaitable[tuple[Access, Device]]]


async def serve_push(
    pool: AsyncPool,
    engine: Engine,
    token_hash: str,
    prepared: list[Prepared] | None,
    admit: Admit,
) -> dict[str, Any] | None:
    """The push route's work on PostgreSQL: the caller (``admit`` turns auth_pg.found_device's
    answer into the caller or raises its 401 / 429) and the plan's read in one statement, then
    the plan and its write. ``prepared`` None (a body that could not be read): the caller only,
    so a bad token is answered before a bad body; None is returned."""
    wanted = wanted_ids(prepared or [])
    for attempt in (1, 2):
        async with pool.connection() as pg:
            try:
                found, known = await read_with_caller(pg, token_hash, wanted)
            except psycopg.OperationalError:
                if attempt == 2:
                    raise
                # Gone with a database restart, as the other idle ones will be: nothing was
                # written, so the statement is sent again on a new connection.
                pool.close_idle()
                continue
            access, device = await admit(found)
            if prepared is None:
                return None
            return await push_prepared(engine, access, device, prepared, pg, known, wanted)
    raise AssertionError("unreachable")


async def push_prepared(
    engine: Engine,
    access: Access,
    device: Device,
    prepared: list[Prepared],
    pg: psycopg.AsyncConnection,
    known: Known | None = None,
    wanted: Wanted | None = None,
) -> dict[str, Any]:
    """Apply a push on PostgreSQL (odesk.server.push): read (unless ``known`` was read with the
    caller, for ``wanted``), plan, and write under the lock on ``pg``; an empty push or a plan
    gone stale goes through push_locked in a thread."""
    if not prepared:
        return await anyio.to_thread.run_sync(push_locked, engine, access, device, prepared)
    if wanted is None:
        wanted = wanted_ids(prepared)
    refs = None
    if needs_refs(prepared):
        refs = await anyio.to_thread.run_sync(read_refs_now, engine, prepared)
        known = None  # read after the references, as push_locked's plan does
    if known is None:
        known = await read_known(pg, *wanted)
    # push_plan.decide, looked up at each call: tests interpose between the plan and the write.
    plan = push_plan.decide(known, wanted, access, device, prepared, refs)
    written = await write_planned(pg, plan, device.id, access.user_id, audit_detail(plan))
    if written is None:
        return await anyio.to_thread.run_sync(push_locked, engine, access, device, prepared, plan)
    top, high_water = written
    number(plan, top)
    return {"results": plan.results, "epoch": plan.epoch, "device_high_water": high_water}


def push_changes_blocking(
    engine: Engine, access: Access, device: Device, changes: list[dict]
) -> dict[str, Any]:
    """push_prepared for a caller without an event loop (odesk.server.push.push_changes), on a
    loop and connection of its own, in a thread of its own so it may run inside another push."""

    async def run() -> dict[str, Any]:
        async with await psycopg.AsyncConnection.connect(conninfo(engine), autocommit=True) as pg:
            prepared = [prevalidate(change) for change in changes]
            return await push_prepared(engine, access, device, prepared, pg)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="odesk-push") as pool:
        return pool.submit(asyncio.run, run()).result()
