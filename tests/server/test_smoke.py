"""Round trip: enrol, push a network, pull it back, on SQLite and PostgreSQL."""

from __future__ import annotations

import httpx

from tests.server.helpers import World
from tests.servers import run_server


def test_enrol_push_pull_round_trip(world: World) -> None:
    ana = world.enrol("ana")
    net = ana.network(world.teams["a"])
    ana.push_ok(net)
    changes = ana.pull_all()
    assert [c["record"] for c in changes] == [net]


def test_api_pages_are_off_unless_asked_for(world: World, db_url: str) -> None:
    for page in ("/openapi.json", "/docs", "/redoc"):
        assert httpx.get(f"{world.base_url}{page}").status_code == 404
    with run_server(db_url, rate_limit=None, api_docs=True) as base:
        spec = httpx.get(f"{base}/openapi.json").json()
        assert httpx.get(f"{base}/docs").status_code == 200
    assert {
        "/v1/health",
        "/v1/devices/enroll",
        "/v1/me",
        "/v1/sync/push",
        "/v1/sync/pull",
        "/v1/audit",
    } <= set(spec["paths"])
