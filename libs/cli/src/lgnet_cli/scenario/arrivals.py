"""Waiting for what a referral becomes in another service: it arrives through Kafka, later.

One poller per (service, municipality) lists the pending items while someone waits there,
and hands each waiter the item opened for its referral.
"""

import asyncio
import contextlib
import time
from dataclasses import dataclass
from typing import Any

from lgnet_cli.scenario.client import Mesh

POLL_SECONDS = 0.3


@dataclass(frozen=True)
class Inbox:
    service: str
    path: str
    pending_status: str


HOUSING_REQUESTS = Inbox("housing", "/requests", "pending")
CIVIC_CANDIDATES = Inbox("civic", "/candidates", "received")


class Arrivals:
    def __init__(self, mesh: Mesh, inbox: Inbox) -> None:
        self.mesh, self.inbox = mesh, inbox
        self._waiting: dict[str, dict[str, asyncio.Future[dict[str, Any]]]] = {}
        self._pollers: dict[str, asyncio.Task[None]] = {}

    async def wait(self, municipality: str, referral_id: str, timeout: float) -> dict[str, Any]:
        """The pending item for *referral_id*; ``TimeoutError`` if it never shows up."""
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(municipality, {})[referral_id] = future
        if municipality not in self._pollers or self._pollers[municipality].done():
            self._pollers[municipality] = asyncio.create_task(self._poll(municipality))
        try:
            return await asyncio.wait_for(future, timeout)
        finally:
            self._waiting[municipality].pop(referral_id, None)

    async def aclose(self) -> None:
        for task in self._pollers.values():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _poll(self, municipality: str) -> None:
        waiting = self._waiting[municipality]
        while waiting:
            started = time.monotonic()
            for item in await self._pending(municipality):
                future = waiting.get(str(item["referral_id"]))
                if future is not None and not future.done():
                    future.set_result(item)
            await asyncio.sleep(max(0.0, POLL_SECONDS - (time.monotonic() - started)))

    async def _pending(self, municipality: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        cursor: str | None = None
        while True:
            page = await self.mesh.get(
                self.inbox.service,
                self.inbox.path,
                "coordinator",
                municipality,
                {
                    "municipality": municipality,
                    "status": self.inbox.pending_status,
                    "limit": 200,
                    "cursor": cursor,
                },
            )
            if not page.ok:
                return items
            items += page["items"]
            cursor = page["next_cursor"]
            if not cursor:
                return items
