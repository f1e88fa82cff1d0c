"""Sync test fixtures: a real odesk-server (uvicorn on 127.0.0.1) over SQLite and over a real
PostgreSQL started by pytest-postgresql, plus a fictional trust set up through its admin functions."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest

from odesk.server import admin
from odesk.server.engines import forget_engine
from tests.servers import run_server
from tests.sync.devices import Device

# postgresql_proc (one throwaway PostgreSQL per test run) comes from tests/conftest.py.


def _pg_admin(proc) -> psycopg.Connection:  # type: ignore[no-untyped-def]
    return psycopg.connect(
        host=proc.host, port=proc.port, user=proc.user, dbname="postgres", autocommit=True
    )


@contextlib.contextmanager
def database(kind: str, request: pytest.FixtureRequest, folder: Path) -> Iterator[str]:
    if kind == "sqlite":
        (folder / "server").mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{folder / 'server' / 'server.db'}"
        yield url
        forget_engine(url)
        return
    proc = request.getfixturevalue("postgresql_proc")
    name = "odesk_sync_" + uuid.uuid4().hex[:12]
    with _pg_admin(proc) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+psycopg://{proc.user}@{proc.host}:{proc.port}/{name}"
    try:
        yield url
    finally:
        forget_engine(url)
        with _pg_admin(proc) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Trust:
    """A fictional trust: team A with practitioners ana and ben, team B with cara."""

    db_url: str
    url: str
    root: Path
    team_a: str = ""
    team_b: str = ""
    users: dict[str, str] = field(default_factory=dict)
    devices: list[Device] = field(default_factory=list)

    def setup(self) -> Trust:
        self.team_a = admin.add_team(self.db_url, "Fictional North POD")
        self.team_b = admin.add_team(self.db_url, "Fictional South POD")
        for name, team in (("ana", self.team_a), ("ben", self.team_a), ("cara", self.team_b)):
            self.users[name] = admin.add_user(
                self.db_url, f"{name.title()} Fictional", ["practitioner"], [team]
            )
        return self

    def device(self, user: str, name: str | None = None, *, enrol: bool = True) -> Device:
        device = Device(self.root, name or f"{user}-{len(self.devices)}")
        self.devices.append(device)
        if enrol:
            device.enroll(self.url, admin.make_code(self.db_url, self.users[user]))
        return device

    def close(self) -> None:
        for device in self.devices:
            device.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database(request.param, request, tmp_path) as url:
        yield url


@pytest.fixture
def trust(db_url: str, tmp_path: Path) -> Iterator[Trust]:
    with run_server(db_url, rate_limit=None) as url:
        world = Trust(db_url, url, tmp_path / "devices").setup()
        try:
            yield world
        finally:
            world.close()
