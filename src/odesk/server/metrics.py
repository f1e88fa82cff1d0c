"""Prometheus metrics at `GET /metrics`: requests, latency, errors, pushed changes by result,
pulls, and devices (active, revoked) read from the database at each scrape.

With several worker processes, `odesk-server serve` points PROMETHEUS_MULTIPROC_DIR at a private
folder before they start, so every worker writes its counts there and any worker's /metrics
answers for all of them (prometheus-client's multiprocess mode). Labels are routes and statuses,
never ids or content.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram
from prometheus_client import generate_latest as _generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import Engine, func, select

from odesk.server.schema import devices

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class DeviceCollector(Collector):
    """Devices by state, counted in the database when scraped (the same for every worker)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily("odesk_devices", "Enrolled devices by state", labels=["state"])
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(devices.c.revoked_at.is_(None).label("active"), func.count()).group_by(
                    devices.c.revoked_at.is_(None)
                )
            ).all()
        counts = {bool(active): int(n) for active, n in rows}
        family.add_metric(["active"], counts.get(True, 0))
        family.add_metric(["revoked"], counts.get(False, 0))
        yield family


class Metrics:
    """One application's metrics (its own registry: tests run several apps in one process)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "odesk_requests",
            "HTTP requests answered",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "odesk_request_duration_seconds",
            "Time to answer a request",
            ["route"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.errors = Counter(
            "odesk_errors",
            "Answers with a status of 500 or more",
            ["route"],
            registry=self.registry,
        )
        self.changes = Counter(
            "odesk_pushed_changes",
            "Changes received in pushes, by result",
            ["status"],
            registry=self.registry,
        )
        self.pushes = Counter("odesk_pushes", "Pushes answered", registry=self.registry)
        self.pulls = Counter("odesk_pulls", "Pull pages answered", registry=self.registry)
        self.registry.register(DeviceCollector(engine))

    def request_done(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(route).observe(seconds)
        if status >= 500:
            self.errors.labels(route).inc()
        if status == 200 and route == "/v1/sync/push":
            self.pushes.inc()
        elif status == 200 and route == "/v1/sync/pull":
            self.pulls.inc()

    def pushed(self, answer: dict[str, Any]) -> None:
        counts: dict[str, int] = {}
        for result in answer.get("results", ()):
            status = str(result.get("status"))
            counts[status] = counts.get(status, 0) + 1
        for status, n in counts.items():
            self.changes.labels(status).inc(n)

    def render(self) -> tuple[bytes, str]:
        if os.environ.get(MULTIPROC_ENV):
            from prometheus_client import multiprocess

            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            registry.register(DeviceCollector(self.engine))
            return _generate_latest(registry), CONTENT_TYPE_LATEST
        return _generate_latest(self.registry), CONTENT_TYPE_LATEST
