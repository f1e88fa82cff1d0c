"""Server test fixtures: every test that takes `db_url` runs on SQLite and on a real PostgreSQL
(started once per session by pytest-postgresql from the machine's binaries), against a real
uvicorn on 127.0.0.1."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest

from odesk.server.engines import forget_engine
from tests.server.helpers import World, make_world
from tests.servers import run_server

# postgresql_proc (one throwaway PostgreSQL per test run) comes from tests/conftest.py.


def _pg_admin(proc) -> psycopg.Connection:  # type: ignore[no-untyped-def]
    return psycopg.connect(
        host=proc.host, port=proc.port, user=proc.user, dbname="postgres", autocommit=True
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'server' / 'server.db'}"
        yield url
        forget_engine(url)
        return
    proc = request.getfixturevalue("postgresql_proc")
    name = "odesk_" + uuid.uuid4().hex[:12]
    with _pg_admin(proc) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+psycopg://{proc.user}@{proc.host}:{proc.port}/{name}"
    yield url
    forget_engine(url)
    with _pg_admin(proc) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def base_url(db_url: str) -> Iterator[str]:
    with run_server(db_url, rate_limit=None) as base:
        yield base


@pytest.fixture
def world(db_url: str, base_url: str) -> Iterator[World]:
    w = make_world(db_url, base_url)
    yield w
    w.close()
