"""Pull: the revisions a user may see, in server_seq order after an opaque cursor, in pages.

The cursor is "<epoch>.<server_seq>". No cursor (or "0") starts from the beginning. A cursor from
another epoch answers 409 {"error": "epoch_changed"}: the server was restored, its numbering
restarted, and the client must adopt the new epoch, push again and pull from the start.
The page is assembled from the stored JSON text without re-parsing it.

With ``own_refs`` (the client's ``own=ref``), a revision the calling device pushed itself is
sent as a reference, ``{"server_seq", "id", "rev"}``, not as its record: the device holds it
already (it sent it), so a laptop's pull after a big push does not download, parse and check
its own records again. A client that finds it does not hold one (a laptop restored from an
older backup) asks for the same pages again without ``own=ref`` (odesk.sync.pull).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import orjson
from sqlalchemy import Engine, select

from odesk.server.auditlog import record_audit
from odesk.server.db import snapshot_tx
from odesk.server.directory import Access
from odesk.server.errors import ApiError
from odesk.server.schema import get_epoch, revisions

DEFAULT_LIMIT = 500
MAX_LIMIT = 1000
_CURSOR_RE = re.compile(r"^([0-9a-f]{1,64})\.([0-9]{1,18})$")


def parse_cursor(cursor: str | None, epoch: str) -> int:
    if cursor is None or cursor in ("", "0"):
        return 0
    match = _CURSOR_RE.match(cursor)
    if not match:
        raise ApiError(400, "bad_cursor", "the cursor is not one this server gave out")
    if match.group(1) != epoch:
        raise ApiError(
            409,
            "epoch_changed",
            "the server was restored since this cursor was given; push again and pull from the start",
        )
    return int(match.group(2))


def make_cursor(epoch: str, seq: int) -> str:
    return f"{epoch}.{seq}"


def _change(row: Any, device_id: str | None) -> str:
    if row.device_id == device_id:
        ref = {"server_seq": row.server_seq, "id": row.record_id, "rev": row.rev}
        return orjson.dumps(ref).decode()
    return f'{{"server_seq":{row.server_seq},"record":{row.json}}}'


def pull_page(
    engine: Engine,
    access: Access,
    device_id: str,
    cursor: str | None,
    limit: int,
    *,
    own_refs: bool = False,
) -> bytes:
    limit = max(1, min(limit, MAX_LIMIT))
    teams = sorted(access.readable)
    with snapshot_tx(engine) as conn:
        epoch = get_epoch(conn)
        after = parse_cursor(cursor, epoch)
        rows: Sequence[Any] = ()
        if teams:
            # .all(): one fetch of every row; iterating fetched them one at a time, which cost
            # a worker about a third more CPU a page (the rush of bench/rush_bench.py).
            rows = conn.execute(
                select(
                    revisions.c.server_seq,
                    revisions.c.record_id,
                    revisions.c.rev,
                    revisions.c.device_id,
                    revisions.c.json,
                )
                .where(revisions.c.server_seq > after, revisions.c.team_id.in_(teams))
                .order_by(revisions.c.server_seq)
                .limit(limit + 1)
            ).all()
        more = len(rows) > limit
        rows = rows[:limit]
        last = rows[-1].server_seq if rows else after
        if not more and teams:
            # Nothing more visible: move past invisible revisions too, up to the newest committed.
            newest = conn.execute(
                select(revisions.c.server_seq).order_by(revisions.c.server_seq.desc()).limit(1)
            ).scalar()
            last = max(last, int(newest or 0))
        record_audit(
            conn,
            "pull",
            actor=access.user_id,
            device_id=device_id,
            records=sorted({r.record_id for r in rows}),
            after=after,
            through=last,
        )
    if own_refs:
        body = ",".join([_change(r, device_id) for r in rows])
    else:  # the common case, without a call a row
        body = ",".join([f'{{"server_seq":{r[0]},"record":{r[4]}}}' for r in rows])
    return (
        f'{{"changes":[{body}],"cursor":"{make_cursor(epoch, last)}",'
        f'"more":{"true" if more else "false"},"epoch":"{epoch}"}}'
    ).encode()
