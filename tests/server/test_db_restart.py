"""The trust's PostgreSQL goes away and comes back (maintenance, failover) under a running server.

While it is down every call answers 503 `unavailable` in the JSON error shape, never a 500, and
nothing half-written is left behind; once it is back the same server process (two workers)
serves again at once without a restart, and a push refused meanwhile goes through when the laptop
retries. The outage is made on the shared test PostgreSQL for this test's database only: every
connection to it is cut and new ones are refused, as the server sees a restart.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import httpx
import psycopg
import pytest

from odesk.core.ids import new_id
from odesk.server.engines import forget_engine
from tests.server.helpers import make_world
from tests.servers import run_server

pytestmark = pytest.mark.timeout(180)


@pytest.fixture
def database(postgresql_proc) -> Iterator[tuple[str, Callable[[bool], None]]]:  # type: ignore[no-untyped-def]
    """A PostgreSQL database URL and a switch that takes the database down (True) or up."""
    name = "odesk_restart_" + uuid.uuid4().hex[:8]

    def admin() -> psycopg.Connection:
        return psycopg.connect(
            host=postgresql_proc.host,
            port=postgresql_proc.port,
            user=postgresql_proc.user,
            dbname="postgres",
            autocommit=True,
        )

    def down(is_down: bool) -> None:
        with admin() as conn:
            conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(not is_down).lower()}')
            if is_down:
                conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                    (name,),
                )

    with admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    user, host, port = postgresql_proc.user, postgresql_proc.host, postgresql_proc.port
    url = f"postgresql+psycopg://{user}@{host}:{port}/{name}"
    yield url, down
    forget_engine(url)
    down(False)
    with admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_database_restart_under_a_running_server(
    database: tuple[str, Callable[[bool], None]],
) -> None:
    pg_url, take_down = database
    with run_server(pg_url, workers=2, rate_limit=None) as base:
        world = make_world(pg_url, base)
        try:
            ana = world.enrol("ana")
            before = ana.network("team-a", name="Before Fictional")
            ana.push_ok(before)

            take_down(True)
            during = ana.network("team-a", name="During Fictional")
            # The laptop sends the same change again when it retries (same change id).
            ana.seq += 1
            body = {"changes": [{"change_id": new_id(), "device_seq": ana.seq, "record": during}]}

            def push() -> httpx.Response:
                return ana.http.post("/v1/sync/push", json=body)

            calls = [
                push,
                lambda: ana.http.get("/v1/sync/pull"),
                lambda: ana.http.get("/v1/me"),
            ]
            for call in calls * 2:  # both workers, several pooled connections
                response = call()
                assert response.status_code == 503, response.text
                assert response.json() == {
                    "error": "unavailable",
                    "message": "the server's database is unavailable; try again shortly",
                }

            take_down(False)
            # The database accepts connections again at once; the server finds its dead
            # connections itself (pre-ping; a push sends its first statement again on a new
            # connection), so the very next call is served.
            retried = push()
            assert retried.status_code == 200, retried.text
            assert [r["status"] for r in retried.json()["results"]] == ["applied"]
            assert ana.http.get("/v1/me").status_code == 200

            ben = world.enrol("ben")
            names = [c["record"]["person"]["name"] for c in ben.pull_all()]
            # Exactly once each: the refused push left nothing behind.
            assert sorted(n for n in names if n.endswith("Fictional")) == [
                "Before Fictional",
                "During Fictional",
            ]
        finally:
            world.close()


def test_pushes_after_their_connections_were_cut_are_served(
    database: tuple[str, Callable[[bool], None]],
) -> None:
    """Every connection the server holds is cut while no call is under way (a failover between
    two syncs): the next pushes find their pooled connections dead, and are served anyway."""
    pg_url, take_down = database
    with run_server(pg_url, workers=2, rate_limit=None) as base:
        world = make_world(pg_url, base)
        try:
            ana = world.enrol("ana")
            for _ in range(6):  # connections idle in both workers' pools
                ana.push_ok(ana.network("team-a"))
            take_down(True)
            take_down(False)
            for _ in range(6):
                network = ana.network("team-a")
                ana.seq += 1
                change = {"change_id": new_id(), "device_seq": ana.seq, "record": network}
                answer = ana.http.post("/v1/sync/push", json={"changes": [change]})
                assert answer.status_code == 200, answer.text
                assert [r["status"] for r in answer.json()["results"]] == ["applied"]
            assert len(world.enrol("ben").pull_all()) == 12
        finally:
            world.close()
