"""Retention of every data category, personal data first: erasure by key destruction once
every case of a person has been closed past retention, then the categories of
``retention_categories`` (duplicate-check keys, access log, import jobs).

Run by :class:`RetentionWorker` on a timer, or once by an admin (``POST /admin/retention``).
Counts, sex, birth year, nationality, the events and the closed cases stay.
"""

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from intake.domain.commands import ErasePersonalData
from intake.domain.retention import CATEGORIES, Category, RetentionPolicy, due_for_erasure
from intake.handlers import commands
from intake.handlers.unit import Caller, Unit
from intake.projections.beneficiaries import beneficiary_directory as people
from intake.projections.cases import case_view as cases
from intake.retention_categories import (
    Swept,
    record_run,
    sweep_access_log,
    sweep_import_jobs,
    sweep_match_keys,
)
from lgnet_events.tasks import stop_task

log = logging.getLogger(__name__)

ACTOR = "intake-retention"
UnitFactory = Callable[[AsyncConnection, Caller], Unit]


async def candidates(conn: AsyncConnection, cutoff: datetime, limit: int) -> list[UUID]:
    """People not yet erased whose cases are all closed, the last before *cutoff*."""
    closed_long_ago = and_(
        func.bool_and(cases.c.status == "closed"), func.max(cases.c.closed_at) < cutoff
    )
    query = (
        select(people.c.beneficiary_id)
        .join(cases, cases.c.beneficiary_id == people.c.beneficiary_id)
        .where(people.c.erased.is_(False))
        .group_by(people.c.beneficiary_id)
        .having(closed_long_ago)
        .order_by(people.c.beneficiary_id)
        .limit(limit)
    )
    return list((await conn.execute(query)).scalars())


async def erase_if_due(
    conn: AsyncConnection, units: UnitFactory, person: UUID, cutoff: datetime
) -> bool:
    """Checked again inside the erasing transaction: a case reopened meanwhile keeps the data."""
    row = (
        await conn.execute(
            select(people.c.municipality, people.c.erased)
            .where(people.c.beneficiary_id == person)
            .with_for_update()
        )
    ).one()
    closings = (
        await conn.execute(select(cases.c.closed_at).where(cases.c.beneficiary_id == person))
    ).scalars()
    if row.erased or not due_for_erasure(closings, cutoff):
        return False
    caller = Caller(actor=ACTOR, municipalities=frozenset({row.municipality}))
    cmd = ErasePersonalData(beneficiary_id=person, reason="retention_expired")
    await commands.erase_personal_data(units(conn, caller), cmd)
    return True


async def erase_expired(
    engine: AsyncEngine, units: UnitFactory, cutoff: datetime, batch: int = 100
) -> list[UUID]:
    """Erase everyone past *cutoff*, one transaction per person; return their ids."""
    async with engine.connect() as conn:
        due = await candidates(conn, cutoff, batch)
    erased = []
    for person in due:
        async with engine.begin() as conn:
            if await erase_if_due(conn, units, person, cutoff):
                erased.append(person)
    if erased:
        log.info("retention erased %d people", len(erased))
    return erased


SWEEPS = {
    "match_keys": sweep_match_keys,
    "access_log": sweep_access_log,
    "import_jobs": sweep_import_jobs,
}


async def sweep(
    engine: AsyncEngine,
    units: UnitFactory,
    now: datetime,
    policy: RetentionPolicy,
    *,
    dry_run: bool = False,
    batch: int = 100,
) -> list[Swept]:
    """Every category past its cutoff at *now*: counted and listed (dry run) or removed."""
    return [
        await _sweep_one(engine, units, category, now, policy, dry_run, batch)
        for category in CATEGORIES
    ]


async def _sweep_one(
    engine: AsyncEngine,
    units: UnitFactory,
    category: Category,
    now: datetime,
    policy: RetentionPolicy,
    dry_run: bool,
    batch: int,
) -> Swept:
    cutoff = policy.cutoff(category, now)
    if cutoff is None:
        return Swept(category, None, 0)
    if category == "personal_data":
        swept = await _personal_data(engine, units, cutoff, dry_run, batch)
    async with engine.begin() as conn:
        if category != "personal_data":
            swept = await SWEEPS[category](conn, cutoff, dry_run)
        if not dry_run:
            await record_run(conn, swept, now)
    return swept


async def _personal_data(
    engine: AsyncEngine, units: UnitFactory, cutoff: datetime, dry_run: bool, batch: int
) -> Swept:
    if dry_run:
        async with engine.connect() as conn:
            due = await candidates(conn, cutoff, batch)
    else:
        due = await erase_expired(engine, units, cutoff, batch)
    return Swept("personal_data", cutoff, len(due), due)


class RetentionWorker:
    """Runs :func:`erase_expired` every ``interval`` seconds beside the HTTP API."""

    def __init__(
        self,
        engine: AsyncEngine,
        units: UnitFactory,
        clock: Callable[[], datetime],
        policy: RetentionPolicy,
        interval: float,
    ) -> None:
        self.name = "intake-retention"
        self._engine, self._units, self._clock = engine, units, clock
        self._policy, self._interval = policy, interval
        self._task: asyncio.Task[None] | None = None
        self._erased = 0
        self._last_run: datetime | None = None
        self._last_error: str | None = None

    async def run_once(self) -> list[Swept]:
        swept = await sweep(self._engine, self._units, self._clock(), self._policy)
        self._erased += sum(s.count for s in swept if s.category == "personal_data")
        self._last_run = self._clock()
        return swept

    async def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name=self.name)

    async def stop(self) -> None:
        await stop_task(self._task)
        self._task = None

    def status(self) -> dict[str, Any]:
        running = self._task is not None and not self._task.done()
        last = self._last_run.isoformat() if self._last_run else None
        return {
            "running": running,
            "erased": self._erased,
            "last_run": last,
            "error": self._last_error,
        }

    async def _loop(self) -> None:
        while True:
            try:
                await self.run_once()
                self._last_error = None
            except Exception as error:  # keep scanning; /ready shows the error
                log.exception("retention scan failed")
                self._last_error = str(error)
            await asyncio.sleep(self._interval)
