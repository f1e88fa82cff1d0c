"""A pull page assembled by PostgreSQL: one statement returns the page's changes already joined
into the JSON text the client receives, with the page's record ids, last server_seq and whether
more follow.

The worker then only relays the text: no row objects, no string building for every revision
(about 7 us a record served in a handler thread, holding the interpreter lock that the pushes
on the worker's event loop also need). The text is byte for byte what odesk.server.pull
assembles row by row on SQLite: the stored JSON as it is, server_seq as a decimal, and a
reference's id and rev as JSON strings (to_json escapes as orjson does for the printable ids
and revs the server accepts).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import Connection, Text, case, cast, func, literal, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

from odesk.server.schema import revisions


class Page(NamedTuple):
    changes: str  # the changes' JSON objects joined by commas
    record_ids: list[str]
    last: int | None  # the last server_seq in the page, None when it is empty
    more: bool


def _text(value: Any) -> Any:
    return cast(value, Text)


def assembled_page(
    conn: Connection, teams: list[str], after: int, limit: int, own: str | None
) -> Page:
    """The revisions of ``teams`` after ``after`` (at most ``limit``), ``own``'s as references."""
    r = revisions.c
    page = (
        select(
            r.server_seq,
            r.record_id,
            r.rev,
            r.device_id,
            r.json,
            func.row_number().over(order_by=r.server_seq).label("n"),
        )
        .where(r.server_seq > after, r.team_id.in_(teams))
        .order_by(r.server_seq)
        .limit(limit + 1)  # one more than the page: whether more follow
        .subquery()
    )
    p = page.c
    record = literal('{"server_seq":') + _text(p.server_seq) + ',"record":' + p.json + "}"
    change: Any = record
    if own is not None:
        ref = (
            literal('{"server_seq":')
            + _text(p.server_seq)
            + ',"id":'
            + _text(func.to_json(p.record_id))
            + ',"rev":'
            + _text(func.to_json(p.rev))
            + "}"
        )
        change = case((p.device_id == own, ref), else_=record)
    in_page = p.n <= limit
    row = conn.execute(
        select(
            func.string_agg(change, aggregate_order_by(literal(","), p.server_seq)).filter(in_page),
            func.array_agg(p.record_id).filter(in_page),
            func.max(p.server_seq).filter(in_page),
            func.count() > limit,
        )
    ).one()
    return Page(row[0] or "", row[1] or [], row[2], bool(row[3]))
