"""Rebuild jobs run in the background of the app; their progress is kept in ``rebuild_jobs``."""

import asyncio
import logging
import time
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import insert, update
from sqlalchemy.ext.asyncio import AsyncEngine

from lgnet_events.ids import uuid7
from lgnet_events.registry import EventRegistry
from lgnet_events.tasks import stop_task
from lgnet_service.errors import conflict
from reporting.rebuild import rebuild_projections
from reporting.schema import rebuild_jobs

log = logging.getLogger(__name__)


class RebuildJobs:
    """A background worker holding the running rebuild tasks (one at a time in effect)."""

    name = "reporting-rebuilds"

    def __init__(self) -> None:
        self._tasks: dict[UUID, asyncio.Task[None]] = {}

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        for task in self._tasks.values():
            await stop_task(task)
        self._tasks.clear()

    def status(self) -> dict[str, Any]:
        running = sum(not task.done() for task in self._tasks.values())
        return {"running": True, "rebuilds_running": running}

    async def submit(
        self, engine: AsyncEngine, registry: EventRegistry, actor: str, batch_size: int
    ) -> UUID:
        if any(not task.done() for task in self._tasks.values()):
            raise conflict("a rebuild is already running", code="rebuild-running")
        job_id = uuid7()
        async with engine.begin() as conn:
            await conn.execute(
                insert(rebuild_jobs).values(
                    job_id=job_id,
                    status="running",
                    generation=0,
                    total=0,
                    done=0,
                    requested_by=actor,
                    started_at=datetime.now(UTC),
                )
            )
        job = _Job(job_id, engine)
        task = asyncio.create_task(job.run(registry, batch_size), name=f"rebuild-{job_id}")
        self._tasks[job_id] = task
        task.add_done_callback(lambda _: self._tasks.pop(job_id, None))
        return job_id

    async def wait(self, job_id: UUID) -> None:
        task = self._tasks.get(job_id)
        if task is not None:
            await asyncio.gather(task, return_exceptions=True)


class _Job:
    def __init__(self, job_id: UUID, engine: AsyncEngine) -> None:
        self.job_id, self.engine = job_id, engine
        self._last_saved = 0.0

    async def run(self, registry: EventRegistry, batch_size: int) -> None:
        try:
            await rebuild_projections(
                self.engine,
                registry,
                batch_size=batch_size,
                on_progress=self._progress,
                on_generation=self._generation,
            )
        except Exception as error:
            log.exception("rebuild %s failed", self.job_id)
            await self._save(status="failed", error=f"{type(error).__name__}: {error}")
        else:
            await self._save(status="succeeded")

    async def _generation(self, generation: int) -> None:
        await self._save(generation=generation)

    async def _progress(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last_saved >= 0.5 or done == total:
            self._last_saved = now
            await self._save(done=done, total=total)

    async def _save(self, **values: Any) -> None:
        if "status" in values:
            values["finished_at"] = datetime.now(UTC)
        async with self.engine.begin() as conn:
            await conn.execute(
                update(rebuild_jobs).where(rebuild_jobs.c.job_id == self.job_id).values(**values)
            )
