"""A trust server inside this process: uvicorn in a thread on a loopback socket.

The demo world (`odesk.demo.world`) and the tests start one with `run_in_thread(db_url)`; the real
deployment runs `odesk-server serve` instead (odesk.server.cli). No httpx here: the base install
(the server alone) has none.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from odesk.server.app import create_app

START_TIMEOUT = 60.0


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on now (for a server started a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@contextmanager
def run_in_thread(
    db_url: str,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    tls_cert: str | os.PathLike[str] | None = None,
    tls_key: str | os.PathLike[str] | None = None,
    rate_limit: tuple[float, float] | None | str = "env",
    api_docs: bool = False,
) -> Iterator[str]:
    """Serve ``db_url`` on ``host`` (a free port unless given) and yield the base URL
    (``http://127.0.0.1:PORT``); on exit stop the server and close its PostgreSQL pool."""
    scheme = "https" if tls_cert else "http"
    # Named TCP so asyncio sets TCP_NODELAY on its connections (see odesk.server.cli.tcp_socket):
    # httptools writes an answer's head and body apart, and each answer waited ~40 ms otherwise.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    port = int(sock.getsockname()[1])
    app = create_app(db_url, rate_limit=rate_limit, api_docs=api_docs)
    config = uvicorn.Config(
        app,
        log_level="warning",
        lifespan="off",
        ssl_certfile=str(tls_cert) if tls_cert else None,
        ssl_keyfile=str(tls_key) if tls_key else None,
        timeout_graceful_shutdown=5,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="odesk-server", daemon=True
    )
    thread.start()
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("odesk-server did not start")
            time.sleep(0.01)
        yield f"{scheme}://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()
        if app.state.pg_pool is not None:
            app.state.pg_pool.close_idle()
