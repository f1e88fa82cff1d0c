"""`GET /metrics` for the trust's Prometheus: requests, latency, errors, pushed changes by result,
pulls and devices, on both backends, and summed over every worker of `--workers N`."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families

from odesk.server import admin
from tests.server.helpers import World
from tests.server.test_upgrade import pg_url  # noqa: F401 - the fixture
from tests.servers import run_server


def scrape(base: str) -> dict[tuple[str, tuple], float]:
    answer = httpx.get(f"{base}/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(answer.text)
        for sample in family.samples
    }


def test_metrics_count_requests_pushes_pulls_and_devices(world: World) -> None:
    ana = world.enrol("ana")
    lost = world.enrol("ben")
    admin.revoke(world.db_url, lost.device_id)
    ana.push_ok(ana.network(world.teams["a"]))
    assert [r["status"] for r in ana.push(ana.network(world.teams["b"]))] == ["rejected"]
    ana.pull_all()
    assert lost.http.get("/v1/me").status_code == 401
    got = scrape(world.base_url)
    push = ("method", "POST"), ("route", "/v1/sync/push"), ("status", "200")
    assert got[("odesk_requests_total", push)] == 2
    assert got[("odesk_pushes_total", ())] == 2 and got[("odesk_pulls_total", ())] >= 1
    assert got[("odesk_pushed_changes_total", (("status", "applied"),))] == 1
    assert got[("odesk_pushed_changes_total", (("status", "rejected"),))] == 1
    me = ("method", "GET"), ("route", "/v1/me"), ("status", "401")
    assert got[("odesk_requests_total", me)] == 1
    assert got[("odesk_devices", (("state", "active"),))] == 1
    assert got[("odesk_devices", (("state", "revoked"),))] == 1
    latency = ("odesk_request_duration_seconds_count", (("route", "/v1/sync/push"),))
    assert got[latency] == 2
    assert not any(name == "odesk_errors_total" for name, _ in got)


def test_metrics_sum_every_worker(pg_url: str) -> None:  # noqa: F811
    with run_server(pg_url, workers=2, rate_limit=None) as base:
        for _ in range(30):
            assert httpx.get(f"{base}/v1/health").status_code == 200  # a new connection each
        health = ("method", "GET"), ("route", "/v1/health"), ("status", "200")
        counts = {scrape(base)[("odesk_requests_total", health)] for _ in range(8)}
    assert len(counts) == 1 and counts.pop() >= 30
