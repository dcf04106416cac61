"""Rebuild the projections from the audit log into a fresh generation, then swap atomically.

The audit log is read in one REPEATABLE READ snapshot while the live generation keeps
serving and being written. Under the pointer's exclusive lock, the rows that snapshot did not
see (by their writing transaction id) are applied too, and the pointer moves: consumers
then write to the new generation. The generation before the old one is dropped.
"""

from collections.abc import Awaitable, Callable
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
from reporting.replay import project_facts_between, project_one_by_one, project_people_upto
from reporting.schema import PROJECTION_TABLES, audit_log, projection_pointer

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
            snapshot = await _replay(engine, new, batch_size, on_progress)
            await _catch_up_and_swap(engine, registry, old, new, snapshot)
            await _drop_older_than(engine, old)
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
    """Everything the snapshot holds, set-based, in ranges of *batch_size* positions."""
    async with engine.connect() as reader:
        await reader.execution_options(isolation_level="REPEATABLE READ")
        snapshot = str((await reader.execute(text("SELECT pg_current_snapshot()::text"))).scalar())
        await reader.execute(text("SET LOCAL work_mem = '64MB'"))
        bounds = select(func.count(), func.coalesce(func.max(audit_log.c.position), 0))
        total, last = (await reader.execute(bounds)).one()
        await on_progress(0, total)
        for after in range(0, last, batch_size):
            await project_facts_between(reader, new, after, min(after + batch_size, last))
            await on_progress(min(total, after + batch_size), total)
        await project_people_upto(reader, new, last)
        await reader.run_sync(index_generation, new)
        await reader.commit()
        await on_progress(total, total)
    return snapshot


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
            .values(generation=new, swapped_at=func.now())
        )


async def _drop_older_than(engine: AsyncEngine, keep_from: int) -> None:
    """Keep the generation just replaced: a reader may still be on it."""
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
