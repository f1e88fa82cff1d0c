"""Request limits: body size (8 MiB, by Content-Length and by bytes actually read) and a
per-device token-bucket rate limit.

The rate limiter lives in each worker process (no shared state, no extra round trip to the
database): with N workers a device gets at most N times the configured rate, which is the bound
that matters for protecting the database. Configure with `ODESK_SERVER_RATE_LIMIT="RATE/BURST"`
(requests per second / bucket size; "0" turns it off) or `create_app(rate_limit=(rate, burst))`.
"""

from __future__ import annotations

import json
import math
import os
import threading
import time
from typing import Any

MAX_BODY_BYTES = 8 * 1024 * 1024
DEFAULT_RATE = (50.0, 300.0)


def rate_from_env() -> tuple[float, float] | None:
    raw = os.environ.get("ODESK_SERVER_RATE_LIMIT")
    if raw is None:
        return DEFAULT_RATE
    if raw.strip() in ("", "0", "off"):
        return None
    rate, _, burst = raw.partition("/")
    return float(rate), float(burst or rate)


class TokenBucket:
    def __init__(self, rate: float, burst: float) -> None:
        self.rate = rate
        self.burst = burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """0 when allowed, else the seconds to wait before the next request is allowed."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1 - tokens) / self.rate


def retry_after(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))


_DRAIN_LIMIT = 64 * 1024 * 1024


async def _drain(receive: Any, budget: int = _DRAIN_LIMIT) -> None:
    """Read and discard the rest of a refused body, so the client gets our answer rather than
    a reset connection (bounded: beyond the budget the connection is simply closed)."""
    while budget > 0:
        message = await receive()
        if message["type"] != "http.request":
            return
        budget -= len(message.get("body", b""))
        if not message.get("more_body", False):
            return


class BodyLimitMiddleware:
    """Refuse a request body over the limit with 413 before the application reads any of it."""

    def __init__(self, app: Any, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _refuse(self, send: Any, status: int, code: str, message: str) -> None:
        body = json.dumps({"error": code, "message": message}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_big = f"the request body is larger than {self.max_bytes // (1024 * 1024)} MiB"
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await self._refuse(send, 400, "bad_request", "bad Content-Length header")
                    return
                if declared > self.max_bytes:
                    if declared <= _DRAIN_LIMIT:
                        await _drain(receive)
                    await self._refuse(send, 413, "too_large", too_big)
                    return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                if more and size <= _DRAIN_LIMIT:
                    await _drain(receive, _DRAIN_LIMIT - size)
                await self._refuse(send, 413, "too_large", too_big)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        delivered = False

        async def replay() -> Any:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
