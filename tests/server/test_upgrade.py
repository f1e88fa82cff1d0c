"""A trust's database made by an earlier odesk-server is upgraded when the new server starts. On
PostgreSQL from schema version 4 (whose push function took its rows as 16 arrays): every earlier
push function is dropped, the current ones are made, and new pushes are taken. Since schema 7 the
server keeps revisions only, so the `heads` table earlier versions kept goes, on PostgreSQL and
SQLite alike, and the revisions stay. From schema 10 (whose write took its rows as one jsonb
document), the write is replaced by one taking them column by column, and the revisions pushed
before stay and are pulled with the new ones."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import orjson
import psycopg
import pytest
from sqlalchemy import inspect, text

from odesk.core.ids import new_id
from odesk.server.db import SEQ_LOCK_KEY, make_engine
from odesk.server.engines import engine_for, forget_engine
from odesk.server.schema import MIGRATIONS, SCHEMA_VERSION, set_meta
from tests.server.helpers import envelope, make_world
from tests.servers import run_server

# The heads table as releases before schema 7 made it (copied from them, not from today's code).
OLD_HEADS = """
CREATE TABLE heads (
    record_id VARCHAR(64) NOT NULL PRIMARY KEY, kind VARCHAR(16) NOT NULL,
    team_id VARCHAR(128) NOT NULL, network_id VARCHAR(64), view TEXT, leaves TEXT NOT NULL,
    conflict BOOLEAN NOT NULL, deleted BOOLEAN NOT NULL, updated_seq BIGINT NOT NULL
)
"""
OLD_HEAD_ROW = (
    "INSERT INTO heads VALUES ('r1', 'network', 'team-x', 'r1', '{}', '[\"1-a\"]', false, false, 1)"
)


def _old_function(name: str, args: str, returns: str) -> str:
    """A push function of an earlier release, by the signature that release gave it (copied
    from it), with a body that fails if it is ever called after the upgrade."""
    return (
        f"CREATE FUNCTION {name}({args}) RETURNS {returns} LANGUAGE plpgsql AS $$ BEGIN"
        f" RAISE EXCEPTION '{name} must not be called after the upgrade'; END $$"
    )


_WRITE_ARGS = (
    "lock_key bigint, planned_epoch text, seen bigint, push_device text, push_user text,"
    " received text, doc jsonb, mark bigint, audit_detail text"
)
_WRITE_RETURNS = "TABLE (top bigint, high_water bigint)"
# Made by schema m3 (version 4), its rows as 16 arrays.
OLD_PUSH_WRITE = _old_function(
    "odesk_push_write",
    "lock_key bigint, planned_epoch text, seen bigint, watched text[], change_ids text[],"
    " push_device text, push_user text, received text,"
    " r_record_id text[], r_rev text[], r_change_id text[], r_kind text[], r_json text[],"
    " r_network_id text[], r_team_id text[], r_device_seq bigint[],"
    " h_record_id text[], h_kind text[], h_team_id text[], h_network_id text[], h_view text[],"
    " h_leaves text[], h_conflict boolean[], h_deleted boolean[], mark bigint, audit_detail text",
    _WRITE_RETURNS,
)
# Made by schema m2 (versions 2 to 6).
OLD_PUSH_GUARD = _old_function(
    "odesk_push_guard",
    "planned_epoch text, seen bigint, watched text[], change_ids text[]",
    "bigint",
)
# Made by schema m5 and m6 (version 6 had all three).
OLD_M6_FUNCTIONS = (
    _old_function("odesk_push_write_doc", _WRITE_ARGS, _WRITE_RETURNS),
    _old_function("odesk_push_apply", _WRITE_ARGS, _WRITE_RETURNS),
    _old_function(
        "odesk_push_read",
        "change_ids jsonb, head_ids jsonb, record_ids jsonb",
        "TABLE (epoch text, seen bigint, changes json, head_rows json, revision_rows json)",
    ),
)


@pytest.fixture
def pg_url(postgresql_proc) -> Iterator[str]:  # type: ignore[no-untyped-def]
    name = "odesk_upgrade_" + uuid.uuid4().hex[:8]
    admin = dict(host=postgresql_proc.host, port=postgresql_proc.port, dbname="postgres")
    with psycopg.connect(user=postgresql_proc.user, autocommit=True, **admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    user, host, port = postgresql_proc.user, postgresql_proc.host, postgresql_proc.port
    yield f"postgresql+psycopg://{user}@{host}:{port}/{name}"
    forget_engine(f"postgresql+psycopg://{user}@{host}:{port}/{name}")
    with psycopg.connect(user=postgresql_proc.user, autocommit=True, **admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


def _push_functions(url: str) -> list[tuple[str, str]]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return [
                (r[0], r[1])
                for r in conn.execute(
                    text(
                        "SELECT proname, pg_get_function_identity_arguments(oid) FROM pg_proc"
                        " WHERE proname LIKE 'odesk_push%' ORDER BY proname"
                    )
                )
            ]
    finally:
        engine.dispose()


def _make_old(url: str, version: int, *statements: str) -> None:
    """A database as the release of schema ``version`` left it: that release's migrations, then
    ``statements`` for what it had that today's migrations no longer make."""
    old = make_engine(url)
    with old.begin() as conn:
        for migration in MIGRATIONS[:version]:
            migration(conn)
        for statement in statements:
            conn.exec_driver_sql(statement)
        set_meta(conn, "schema_version", str(version))
    old.dispose()


def test_a_version_4_database_is_upgraded_at_start(pg_url: str) -> None:
    assert SCHEMA_VERSION > 4
    _make_old(pg_url, 4, OLD_PUSH_WRITE, OLD_PUSH_GUARD, OLD_HEADS, OLD_HEAD_ROW)
    assert "odesk_push_write" in [name for name, _ in _push_functions(pg_url)]

    engine_for(pg_url)  # what the server does at start
    names = [name for name, _ in _push_functions(pg_url)]
    assert names == ["odesk_push_commit", "odesk_push_lookup"]
    assert "heads" not in _tables(pg_url)

    with run_server(pg_url, workers=2, rate_limit=None) as base:
        world = make_world(pg_url, base)
        try:
            ana, ben = world.enrol("ana"), world.enrol("ben")
            network = ana.network(world.teams["a"])
            ana.push_ok(network, ana.member(network))
            assert len(ben.pull_all()) == 2
        finally:
            world.close()


def test_a_version_6_database_is_upgraded_at_start(pg_url: str) -> None:
    _make_old(pg_url, 6, OLD_PUSH_GUARD, *OLD_M6_FUNCTIONS, OLD_HEADS, OLD_HEAD_ROW)
    assert len(_push_functions(pg_url)) == 4

    engine_for(pg_url)  # what the server does at start
    assert [name for name, _ in _push_functions(pg_url)] == [
        "odesk_push_commit",
        "odesk_push_lookup",
    ]
    assert "heads" not in _tables(pg_url)


def _old_network_push(pg_url: str) -> str:
    """A network record pushed through schema 10's write (m7's, its rows as one jsonb
    document), as a server of that release called it; its record id."""
    record = {
        **envelope("network", "ana", "old-device"),
        "team_id": "team-a",
        "person": {"name": "Robin Fictional"},
        "status": "open",
    }
    record_id, now = record["id"], record["created_at"]
    row = [record_id, record["rev"], new_id(), "network", orjson.dumps(record).decode()]
    doc = {"w": [record_id], "c": [], "r": [[*row, record_id, "team-a", 1]]}
    with psycopg.connect(pg_url.replace("+psycopg", ""), autocommit=True) as conn:
        epoch = conn.execute("SELECT value FROM meta WHERE key = 'epoch'").fetchone()
        assert epoch is not None
        written = conn.execute(
            "SELECT * FROM odesk_push_commit(%s, %s, 0, 'old-device', 'ana', %s, %s::jsonb, 1,"
            " '{}')",
            (SEQ_LOCK_KEY, epoch[0], now, orjson.dumps(doc).decode()),
        ).fetchone()
    assert written == (0, 1)
    return record_id


def test_a_version_10_database_is_upgraded_at_start(pg_url: str) -> None:
    assert SCHEMA_VERSION > 10
    _make_old(pg_url, 10)  # m7's write (one jsonb document), m9's lookup
    old_id = _old_network_push(pg_url)

    engine_for(pg_url)  # what the server does at start
    functions = dict(_push_functions(pg_url))
    assert sorted(functions) == ["odesk_push_commit", "odesk_push_lookup"]
    assert "doc jsonb" not in functions["odesk_push_commit"]
    with psycopg.connect(pg_url.replace("+psycopg", ""), autocommit=True) as conn:
        ids = orjson.dumps([old_id]).decode()
        lookup = "SELECT held, revision_rows FROM odesk_push_lookup('[]', %s, %s, '[]')"
        held, rows = conn.execute(lookup, (ids, ids)).fetchone()
        assert [r[0] for r in held] == [r[0] for r in rows] == [old_id]
        # A linked record only (not pushed): its kind and scope, not its revisions.
        held, rows = conn.execute(lookup, (ids, "[]")).fetchone()
        assert ([r[0] for r in held], rows) == ([old_id], None)

    with run_server(pg_url, workers=2, rate_limit=None) as base:
        world = make_world(pg_url, base)
        try:
            ana, ben = world.enrol("ana"), world.enrol("ben")
            network = ana.network(world.teams["a"])
            members = [ana.member(network) for _ in range(3)]
            ana.push_ok(network, *members)
            assert [r["status"] for r in ana.push(*members)] == ["duplicate"] * 3
            pulled = ben.pull_all()
            # The revision pushed before the upgrade first, then the new ones in push order.
            assert [c["record"]["id"] for c in pulled] == [
                old_id,
                network["id"],
                *(m["id"] for m in members),
            ]
        finally:
            world.close()


def test_a_sqlite_database_that_kept_heads_is_upgraded_at_start(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'server.db'}"
    _make_old(url, 6, OLD_HEADS, OLD_HEAD_ROW)
    assert "heads" in _tables(url)

    engine_for(url)  # what the server does at start
    try:
        assert "heads" not in _tables(url)
        assert "revisions" in _tables(url)
        with run_server(url, rate_limit=None) as base:
            world = make_world(url, base)
            try:
                ana, ben = world.enrol("ana"), world.enrol("ben")
                network = ana.network(world.teams["a"])
                ana.push_ok(network)
                ben.push_ok(ben.edit(network, status="closed", closed_reason="Fictional."))
                assert len(ben.pull_all()) == 2
            finally:
                world.close()
    finally:
        forget_engine(url)
