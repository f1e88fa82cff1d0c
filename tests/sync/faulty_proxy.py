"""A faulty HTTP proxy on 127.0.0.1 for sync tests: drops, delays, truncates and duplicates.

It reads one HTTP/1.1 request per client connection (asking the server to close after answering),
then, by a seeded draw, forwards it cleanly, drops it before the server sees it, drops the answer
after the server acted on it, cuts the answer short, stalls past the client's timeout, or sends
the request to the server twice. Runs its own asyncio loop in a thread.
"""

from __future__ import annotations

import asyncio
import random
import threading
from collections import Counter

FAULTS = ("pass", "drop_request", "drop_response", "truncate", "delay", "duplicate", "stall")


class FaultyProxy:
    def __init__(
        self,
        upstream_port: int,
        *,
        seed: int = 0,
        fault_rate: float = 0.3,
        stall_seconds: float = 0.0,
        upstream_host: str = "127.0.0.1",
    ) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.random = random.Random(seed)
        self.fault_rate = fault_rate
        self.stall_seconds = stall_seconds
        self.counts: Counter[str] = Counter()
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.base_events.Server | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultyProxy:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._start(), self._loop)
        self.port = future.result(10)
        return self

    async def _start(self) -> int:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        return self._server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        async def _stop() -> None:
            if self._server is not None:
                self._server.close()
            others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in others:
                task.cancel()
            await asyncio.gather(*others, return_exceptions=True)
            if self._server is not None:
                await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(_stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    def __enter__(self) -> FaultyProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _choose(self) -> str:
        if self.random.random() >= self.fault_rate:
            return "pass"
        faults = [f for f in FAULTS[1:] if f != "stall" or self.stall_seconds > 0]
        return self.random.choice(faults)

    @staticmethod
    async def _read_request(reader: asyncio.StreamReader) -> bytes | None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            return None
        lines = head.split(b"\r\n")
        kept = [lines[0]]
        length = 0
        for line in lines[1:]:
            if not line:
                continue
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
            if name.strip().lower() == b"connection":
                continue
            kept.append(line)
        kept.append(b"Connection: close")
        body = await reader.readexactly(length) if length else b""
        return b"\r\n".join(kept) + b"\r\n\r\n" + body

    async def _forward(self, request: bytes) -> bytes:
        reader, writer = await asyncio.open_connection(*self.upstream)
        try:
            writer.write(request)
            await writer.drain()
            return await reader.read()
        finally:
            writer.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await self._read_request(reader)
            if request is None:
                return
            fault = self._choose()
            self.counts[fault] += 1
            if fault == "drop_request":
                return
            if fault == "delay":
                await asyncio.sleep(self.random.uniform(0.005, 0.05))
            if fault == "stall":
                await asyncio.sleep(self.stall_seconds)
            response = await self._forward(request)
            if fault == "duplicate":
                response = await self._forward(request)
            if fault == "drop_response":
                return
            if fault == "truncate":
                response = response[: self.random.randint(0, max(0, len(response) - 1))]
            writer.write(response)
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, OSError):
            return
        finally:
            writer.close()
