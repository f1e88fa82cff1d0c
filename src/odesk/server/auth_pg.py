"""Who is calling, on PostgreSQL: the device, its user and the team tree in one statement.

Every authenticated call starts here, so it is one autocommit statement on the driver
connection (no BEGIN/COMMIT, no SQL compilation); SQLite goes through SQLAlchemy in
odesk.server.app. Imported only on the PostgreSQL path (psycopg is not in the desktop bundle).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import psycopg
from sqlalchemy import Engine

from odesk.server.directory import Access, access_from_user, user_row
from odesk.server.push_pg import pg_connection

_LOOKUP = """SELECT d.id, d.name, d.revoked_at, d.last_seen_at,
  u.id, u.name, u.profession, u.roles, u.team_ids, u.supervises_team_ids,
  (SELECT json_agg(json_build_object('id', t.id, 'name', t.name, 'kind', t.kind,
                                     'parent_id', t.parent_id)) FROM teams AS t)
FROM devices AS d JOIN users AS u ON u.id = d.user_id
WHERE d.token_hash = %s"""


def lookup_device(engine: Engine, token_hash: str) -> tuple[SimpleNamespace, Access] | None:
    """The device row (device_id, device_name, revoked_at, last_seen_at, id = its user) and the
    user's access, or None for an unknown token."""
    with pg_connection(engine) as pg:
        return _found(pg.execute(_LOOKUP, (token_hash,)).fetchone())


async def lookup_device_async(
    pg: psycopg.AsyncConnection, token_hash: str
) -> tuple[SimpleNamespace, Access] | None:
    """lookup_device on a push's own connection (odesk.server.push_pg.AsyncPool)."""
    return _found(await (await pg.execute(_LOOKUP, (token_hash,))).fetchone())


def _found(row: Any) -> tuple[SimpleNamespace, Access] | None:
    if row is None:
        return None
    device = SimpleNamespace(
        device_id=row[0],
        device_name=row[1],
        revoked_at=row[2],
        last_seen_at=row[3],
        id=row[4],
        name=row[5],
        profession=row[6],
        roles=row[7],
        team_ids=row[8],
        supervises_team_ids=row[9],
    )
    team_map = {team["id"]: team for team in row[10] or ()}  # as directory.team_row makes them
    return device, access_from_user(user_row(device), team_map)
