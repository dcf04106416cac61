"""A TCP proxy a test controls: forward bytes, then cut the network and restore it.

Fault-injection tests put it between the services and the broker (the broker advertises the
proxy's address, so every connection a Kafka client opens after reading the metadata comes
through here too). The proxy runs its own event loop in a thread, so it outlives the event
loops of individual tests.
"""

import asyncio
import contextlib
import logging
import threading
from collections.abc import Coroutine
from typing import Any

from lgnet_devstack.ports import free_port

log = logging.getLogger(__name__)

_CHUNK = 64 * 1024


class TcpProxy:
    """Listens on 127.0.0.1:*port* and forwards every connection to 127.0.0.1:*target_port*."""

    def __init__(self, target_port: int, port: int | None = None) -> None:
        self.target_port = target_port
        self.port = port or free_port()
        self.connections_cut = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="tcp-proxy", daemon=True
        )
        self._server: asyncio.Server | None = None
        self._open: set[asyncio.StreamWriter] = set()
        self._cut = False

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def is_cut(self) -> bool:
        return self._cut

    def start(self) -> None:
        self._thread.start()
        self._call(self._listen())

    def stop(self) -> None:
        self._call(self._close_server())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        self._loop.close()

    def cut(self) -> None:
        """Drop every open connection and refuse new ones until :meth:`restore`."""
        self._cut = True
        self._call(self._drop_all())

    def restore(self) -> None:
        self._cut = False

    def _call(self, work: Coroutine[Any, Any, None]) -> None:
        asyncio.run_coroutine_threadsafe(work, self._loop).result(timeout=10)

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)

    async def _close_server(self) -> None:
        await self._drop_all()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _drop_all(self) -> None:
        for writer in list(self._open):
            self.connections_cut += 1
            writer.transport.abort()
        self._open.clear()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self._cut:
            writer.transport.abort()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.transport.abort()
            return
        self._open.update((writer, up_writer))
        await asyncio.gather(
            self._pipe(reader, up_writer), self._pipe(up_reader, writer), return_exceptions=True
        )
        for end in (writer, up_writer):
            self._open.discard(end)
            end.transport.abort()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, OSError):
            while chunk := await reader.read(_CHUNK):
                if self._cut:
                    break
                writer.write(chunk)
                await writer.drain()
        writer.transport.abort()
