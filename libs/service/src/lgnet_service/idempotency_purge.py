"""Expired ``Idempotency-Key`` rows are deleted in small batches, now and then, in the background.

The app's lifespan starts an :class:`IdempotencyPurger` for every service (settings
``LGNET_IDEMPOTENCY_RETENTION_HOURS`` and ``LGNET_IDEMPOTENCY_PURGE_INTERVAL_SECONDS``). Each
batch is its own short transaction (``DELETE … WHERE ctid IN (SELECT … LIMIT n)``), so the
table is never locked for long. Expiry itself does not wait for the purge: a retry with a key
older than the retention is a new request (``lgnet_service.idempotency``).
"""

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from lgnet_events.tasks import stop_task
from lgnet_service.settings import ServiceSettings

log = logging.getLogger(__name__)

BATCH = 500

PURGE_BATCH = text(
    "DELETE FROM idempotency_keys WHERE ctid IN ("
    " SELECT ctid FROM idempotency_keys"
    " WHERE created_at < now() - CAST(:retention AS interval)"
    " LIMIT :batch FOR UPDATE SKIP LOCKED)"
)


async def purge_expired_keys(engine: AsyncEngine, retention: timedelta, batch: int = BATCH) -> int:
    """Delete every key older than *retention*, *batch* rows a transaction; how many went."""
    purged = 0
    while True:
        async with engine.begin() as conn:
            deleted = await conn.execute(PURGE_BATCH, {"retention": retention, "batch": batch})
        purged += deleted.rowcount
        if deleted.rowcount < batch:
            return purged
        await asyncio.sleep(0)  # let requests in between batches


class IdempotencyPurger:
    """A background worker: purges at start, then every *interval* seconds, until stopped."""

    name = "idempotency-purge"

    def __init__(
        self, engine: AsyncEngine, retention: timedelta, interval: float, batch: int = BATCH
    ) -> None:
        self.engine, self.retention, self.interval, self.batch = engine, retention, interval, batch
        self.purged = 0
        self.last_run: datetime | None = None
        self.last_error: str | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        if self.interval > 0:
            self._task = asyncio.create_task(self._run(), name=self.name)

    async def stop(self) -> None:
        await stop_task(self._task)
        self._task = None

    def status(self) -> dict[str, Any]:
        """Never holds readiness back: a failed purge only delays the clean-up."""
        return {
            "running": self._task is not None and not self._task.done(),
            "ready": True,
            "purged": self.purged,
            "last_run": self.last_run.isoformat() if self.last_run else None,
            "last_error": self.last_error,
        }

    @classmethod
    def from_settings(cls, engine: AsyncEngine, settings: ServiceSettings) -> "IdempotencyPurger":
        retention = timedelta(hours=settings.idempotency_retention_hours)
        return cls(engine, retention, settings.idempotency_purge_interval_seconds)

    async def purge_once(self) -> int:
        try:
            purged = await purge_expired_keys(self.engine, self.retention, self.batch)
        except Exception as error:
            self.last_error = f"{type(error).__name__}: {error}"
            log.warning("purging expired idempotency keys failed: %s", self.last_error)
            return 0
        self.purged += purged
        self.last_run, self.last_error = datetime.now(UTC), None
        if purged:
            log.info("purged %d expired idempotency keys", purged)
        return purged

    async def _run(self) -> None:
        while True:
            await self.purge_once()
            await asyncio.sleep(self.interval)
