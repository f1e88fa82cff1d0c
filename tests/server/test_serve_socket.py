"""`serve --workers N` shares one listening socket that says it is TCP, so asyncio turns Nagle's
algorithm off on every connection: otherwise each answer's last segment waited for the client's
delayed ACK (about 40 ms a request for a device pushing its outbox)."""

from __future__ import annotations

import asyncio
import socket

from odesk.server.cli import tcp_socket


def test_shared_socket_names_tcp_and_its_connections_do_not_wait_for_acks() -> None:
    bare = socket.socket(family=socket.AF_INET)  # as uvicorn binds it for several workers
    bare.bind(("127.0.0.1", 0))
    assert bare.proto == 0
    sock = tcp_socket(bare)
    assert sock.proto == socket.IPPROTO_TCP
    sock.listen()

    async def accept_one() -> int:
        nodelay: list[int] = []

        def on_connect(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            conn = writer.get_extra_info("socket")
            nodelay.append(conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(on_connect, sock=sock)
        async with server:
            _, writer = await asyncio.open_connection(*sock.getsockname())
            while not nodelay:
                await asyncio.sleep(0)
            writer.close()
        return nodelay[0]

    assert asyncio.run(asyncio.wait_for(accept_one(), 10)) != 0
