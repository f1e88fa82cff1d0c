"""Round trip: enrol, push a network, pull it back, on SQLite and PostgreSQL."""

from __future__ import annotations

import httpx

from tests.server.helpers import World


def test_enrol_push_pull_round_trip(world: World) -> None:
    ana = world.enrol("ana")
    net = ana.network(world.teams["a"])
    ana.push_ok(net)
    changes = ana.pull_all()
    assert [c["record"] for c in changes] == [net]


def test_openapi_document_and_docs_are_served(world: World) -> None:
    spec = httpx.get(f"{world.base_url}/openapi.json").json()
    assert {
        "/v1/health",
        "/v1/devices/enroll",
        "/v1/me",
        "/v1/sync/push",
        "/v1/sync/pull",
        "/v1/audit",
    } <= set(spec["paths"])
    assert httpx.get(f"{world.base_url}/docs").status_code == 200
