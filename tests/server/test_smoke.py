"""Round trip: enrol, push a network, pull it back, on SQLite and PostgreSQL."""

from __future__ import annotations

from tests.server.helpers import World


def test_enrol_push_pull_round_trip(world: World) -> None:
    ana = world.enrol("ana")
    net = ana.network(world.teams["a"])
    ana.push_ok(net)
    changes = ana.pull_all()
    assert [c["record"] for c in changes] == [net]
