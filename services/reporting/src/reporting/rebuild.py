"""Rebuild the projections from the audit log into a fresh generation, then swap atomically.

The audit log is read in one REPEATABLE READ snapshot while the live generation keeps
serving and being written. Under the pointer's exclusive lock, the rows that snapshot did not
see (by their writing transaction id) are applied too, and the pointer moves: consumers
then write to the new generation. The generations before the old one are dropped meanwhile.
"""

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from functools import partial

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from lgnet_events.registry import EventRegistry
from reporting.generations import (
    POINTER_ID,
    create_generation,
    drop_generation,
    existing_generations,
    hold_for_swap,
    index_generation,
    live_generation,
    use_generation,
)
from reporting.projections.version import FACTS_VERSION
from reporting.replay import project_facts_between, project_one_by_one, project_people_upto
from reporting.schema import (
    PROJECTION_TABLES,
    audit_log,
    beneficiary_attributes,
    facts,
    projection_pointer,
)

REBUILD_LOCK = 0x4C47524542  # "LGREB"
Progress = Callable[[int, int], Awaitable[None]]

_SNAPSHOT = "CAST(CAST(:snapshot AS text) AS pg_snapshot)"
_UNSEEN = text(
    f"tx_id >= pg_snapshot_xmin({_SNAPSHOT}) AND NOT pg_visible_in_snapshot(tx_id, {_SNAPSHOT})"
)


class RebuildRunning(Exception):
    """Another rebuild holds the lock: one at a time."""


async def _no_progress(done: int, total: int) -> None:
    return None


async def rebuild_projections(
    engine: AsyncEngine,
    registry: EventRegistry,
    *,
    batch_size: int = 100_000,
    on_progress: Progress = _no_progress,
    on_generation: Callable[[int], Awaitable[None]] | None = None,
) -> int:
    """Rebuild into a new generation and make it live; return its number."""
    async with engine.connect() as guard:
        locked = await guard.execute(select(func.pg_try_advisory_lock(REBUILD_LOCK)))
        if not locked.scalar_one():
            raise RebuildRunning("a rebuild is already running")
        try:
            old, new = await _prepare(engine)
            if on_generation is not None:
                await on_generation(new)
            # The generations replaced before the live one serve nobody: they are dropped
            # meanwhile, on a connection of their own (their files to unlink, their buffers
            # to forget: 0.4-1.3 s for 1,000,000 events, spent mostly waiting).
            dropping = asyncio.create_task(_drop_older_than(engine, old))
            try:
                snapshot = await _replay(engine, new, batch_size, on_progress)
                await _catch_up_and_swap(engine, registry, old, new, snapshot)
            except BaseException:
                await asyncio.wait({dropping})
                raise
            await dropping
            return new
        finally:
            await guard.execute(select(func.pg_advisory_unlock(REBUILD_LOCK)))


async def _prepare(engine: AsyncEngine) -> tuple[int, int]:
    async with engine.begin() as conn:
        old = await live_generation(conn)
        new = max([old, *await existing_generations(conn)]) + 1
        await conn.run_sync(drop_generation, new)
        await conn.run_sync(partial(create_generation, indexed=False), new)
    return old, new


async def _replay(engine: AsyncEngine, new: int, batch_size: int, on_progress: Progress) -> str:
    """Everything one REPEATABLE READ snapshot holds, set-based: the facts in ranges of
    *batch_size* positions, taken in turn by this connection and a second one, people's
    attributes meanwhile on a third; the other two import this one's snapshot (three scans
    of the log at once, one server process each)."""
    async with engine.connect() as reader:
        await reader.execution_options(isolation_level="REPEATABLE READ")
        snapshot, exported = (await reader.execute(text(_SNAPSHOTS))).one()
        await reader.execute(text(_WORK_MEM))
        bounds = select(func.count(), func.coalesce(func.max(audit_log.c.position), 0))
        total, last = (await reader.execute(bounds)).one()
        await on_progress(0, total)
        load = _FactLoad(new, iter(range(0, last, batch_size)), batch_size, last, total)
        imported = [asyncio.Event(), asyncio.Event()]
        people = asyncio.create_task(_people(engine, new, last, exported, imported[0]))
        helper = asyncio.create_task(_helping(engine, load, exported, imported[1], on_progress))
        try:
            await load.run(reader, on_progress)
            await _until_set(imported[1], helper)
            await helper
            await reader.run_sync(partial(index_generation, tables=[facts]), new)
            await _until_set(imported[0], people)
            await reader.commit()  # the exported snapshot lives until here
            await people
        finally:
            for task in (people, helper):
                task.cancel()
            await asyncio.gather(people, helper, return_exceptions=True)
        await on_progress(total, total)
    return str(snapshot)


@dataclass
class _FactLoad:
    """Ranges of positions whose facts are still to load, shared by the connections loading."""

    generation: int
    ranges: Iterator[int]
    batch_size: int
    last: int
    total: int
    done: int = 0

    async def run(self, conn: AsyncConnection, on_progress: Progress) -> None:
        for after in self.ranges:
            upto = min(after + self.batch_size, self.last)
            await project_facts_between(conn, self.generation, after, upto)
            self.done += upto - after
            await on_progress(min(self.total, self.done), self.total)


async def _helping(
    engine: AsyncEngine,
    load: _FactLoad,
    exported: str,
    imported: asyncio.Event,
    on_progress: Progress,
) -> None:
    """Facts of the ranges *load* hands out, in the exported snapshot, committed at the end."""
    async with engine.connect() as conn:
        await _import(conn, exported, imported)
        await load.run(conn, on_progress)
        await conn.commit()


async def _until_set(event: asyncio.Event, task: asyncio.Task[None]) -> None:
    """Wait for *event*, or for *task* to end without setting it (then ``await task`` raises)."""
    waiter = asyncio.ensure_future(event.wait())
    try:
        await asyncio.wait({waiter, task}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiter.cancel()


_SNAPSHOTS = "SELECT pg_current_snapshot()::text, pg_export_snapshot()"
_WORK_MEM = "SET LOCAL work_mem = '64MB'"


async def _import(conn: AsyncConnection, exported: str, imported: asyncio.Event) -> None:
    """Begin *conn*'s transaction in the exported snapshot, then set *imported*."""
    await conn.execution_options(isolation_level="REPEATABLE READ")
    await conn.execute(text(f"SET TRANSACTION SNAPSHOT '{exported}'"))
    imported.set()
    await conn.execute(text(_WORK_MEM))


async def _people(
    engine: AsyncEngine, new: int, last: int, exported: str, imported: asyncio.Event
) -> None:
    """People's attributes up to *last*, in the exported snapshot, then their indexes."""
    async with engine.connect() as conn:
        await _import(conn, exported, imported)
        await project_people_upto(conn, new, last)
        await conn.run_sync(partial(index_generation, tables=[beneficiary_attributes]), new)
        await conn.commit()


async def _catch_up_and_swap(
    engine: AsyncEngine, registry: EventRegistry, old: int, new: int, snapshot: str
) -> None:
    """Under the pointer's lock: the rows the snapshot missed, one by one, then the swap."""
    async with engine.begin() as conn:
        if await hold_for_swap(conn) != old:
            raise RuntimeError("the live generation changed during the rebuild")
        await project_one_by_one(conn, registry, new, _UNSEEN.bindparams(snapshot=snapshot))
        await conn.execute(
            update(projection_pointer)
            .where(projection_pointer.c.id == POINTER_ID)
            .values(generation=new, swapped_at=func.now(), facts_version=FACTS_VERSION)
        )


async def _drop_older_than(engine: AsyncEngine, keep_from: int) -> None:
    """Drop the generations before *keep_from* (the live one when a rebuild starts): the
    one a rebuild replaces is kept until the next, a reader may still be on it."""
    async with engine.begin() as conn:
        for generation in await existing_generations(conn):
            if generation < keep_from:
                await conn.run_sync(drop_generation, generation)


async def generation_rows(
    conn: AsyncConnection, generation: int
) -> dict[str, list[tuple[object, ...]]]:
    """Every row of a generation's tables in a stable order: for comparing two generations."""
    await use_generation(conn, generation)
    found = {}
    for table in PROJECTION_TABLES:
        ordered = select(table).order_by(*table.primary_key.columns)
        found[table.name] = [tuple(row) for row in await conn.execute(ordered)]
    return found
