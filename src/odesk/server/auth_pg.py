"""Who is calling, on PostgreSQL: the device, its user and the team tree in one statement.

Every authenticated call starts here, so it is one autocommit statement on the driver
connection (no BEGIN/COMMIT, no SQL compilation); SQLite goes through SQLAlchemy in
odesk.server.app. Imported only on the PostgreSQL path (psycopg is not in the desktop bundle).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

import psycopg
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from odesk.server.directory import Access, access_from_user, user_row

LOOKUP = """SELECT d.id, d.name, d.revoked_at, d.last_seen_at,
  u.id, u.name, u.profession, u.roles, u.team_ids, u.supervises_team_ids,
  (SELECT json_agg(json_build_object('id', t.id, 'name', t.name, 'kind', t.kind,
                                     'parent_id', t.parent_id)) FROM teams AS t),
  d.created_at
FROM devices AS d JOIN users AS u ON u.id = d.user_id
WHERE d.token_hash = %s"""


@contextmanager
def pg_connection(engine: Engine) -> Iterator[psycopg.Connection]:
    """The psycopg connection under a pooled SQLAlchemy one, in autocommit while it is lent."""
    with engine.connect() as conn:
        pg: psycopg.Connection = conn.connection.driver_connection  # type: ignore[assignment]
        pg.autocommit = True
        try:
            yield pg
        except psycopg.OperationalError as exc:
            raise OperationalError("lookup", None, exc) from exc
        finally:
            if not pg.closed:
                pg.autocommit = False


def lookup_device(engine: Engine, token_hash: str) -> tuple[SimpleNamespace, Access] | None:
    """The device row (device_id, device_name, revoked_at, last_seen_at, device_created_at,
    id = its user) and the
    user's access, or None for an unknown token."""
    with pg_connection(engine) as pg:
        return found_device(pg.execute(LOOKUP, (token_hash,)).fetchone())


def found_device(row: Any) -> tuple[SimpleNamespace, Access] | None:
    """What lookup_device answers, from the lookup's row (None, or all NULL, for no device)."""
    if row is None or row[0] is None:
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
        device_created_at=row[11],
    )
    team_map = {team["id"]: team for team in row[10] or ()}  # as directory.team_row makes them
    return device, access_from_user(user_row(device), team_map)
