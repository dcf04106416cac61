"""After an upgrade that changed how facts are derived, rebuild the projections once.

At start, the live generation's ``facts_version`` is compared with the code's
(:data:`reporting.projections.version.FACTS_VERSION`). Older: a rebuild from the audit log
starts in the background, the old figures answering until its swap. An empty audit log is
simply stamped: every fact it will hold is derived by this code. Off with
``LGNET_REBUILD_ON_UPGRADE=false`` (then run ``lgnet reporting rebuild`` yourself).
"""

import asyncio
import logging
from typing import Any
from uuid import UUID

from sqlalchemy import exists, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from lgnet_events.registry import EventRegistry
from lgnet_events.tasks import stop_task
from lgnet_service.errors import ProblemError
from reporting.generations import POINTER_ID
from reporting.jobs import RebuildJobs
from reporting.projections.version import FACTS_VERSION
from reporting.schema import audit_log, projection_pointer

log = logging.getLogger(__name__)

UPGRADE_ACTOR = "reporting-upgrade"


class FactsUpgrade:
    """A background worker that checks once, at start, and never holds readiness back."""

    name = "facts-upgrade"

    def __init__(
        self, engine: AsyncEngine, jobs: RebuildJobs, registry: EventRegistry, batch_size: int
    ) -> None:
        self.engine, self.jobs, self.registry = engine, jobs, registry
        self.batch_size = batch_size
        self.live_version: int | None = None
        self.job_id: UUID | None = None
        self.last_error: str | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._check(), name=self.name)

    async def stop(self) -> None:
        await stop_task(self._task)
        self._task = None

    def status(self) -> dict[str, Any]:
        return {
            "running": True,
            "ready": True,
            "facts_version": FACTS_VERSION,
            "live_facts_version": self.live_version,
            "rebuild_job": str(self.job_id) if self.job_id else None,
            "last_error": self.last_error,
        }

    async def _check(self) -> None:
        try:
            await self.check()
        except Exception as error:  # the old figures keep answering; say what to do
            self.last_error = f"{type(error).__name__}: {error}"
            log.exception("checking the facts version failed: run `lgnet reporting rebuild`")

    async def check(self) -> UUID | None:
        """Rebuild (returning the job) or stamp when the live generation is older."""
        async with self.engine.begin() as conn:
            pointer = projection_pointer.c
            live = (
                await conn.execute(select(pointer.facts_version).where(pointer.id == POINTER_ID))
            ).scalar_one()
            self.live_version = int(live)
            if live >= FACTS_VERSION:
                return None
            if not (await conn.execute(select(exists().select_from(audit_log)))).scalar_one():
                await conn.execute(update(projection_pointer).values(facts_version=FACTS_VERSION))
                self.live_version = FACTS_VERSION
                return None
        log.warning(
            "the projections hold facts derived by an older release (version %d, this one "
            "derives version %d): rebuilding them from the audit log in the background; the "
            "current figures answer until the new ones are complete",
            live,
            FACTS_VERSION,
        )
        return await self._rebuild()

    async def _rebuild(self) -> UUID | None:
        try:
            self.job_id = await self.jobs.submit(
                self.engine, self.registry, UPGRADE_ACTOR, self.batch_size
            )
        except ProblemError:
            log.info("a rebuild is already running here: it brings the facts up to date")
            return None
        log.info("upgrade rebuild started: follow it at GET /admin/rebuild/%s", self.job_id)
        return self.job_id
