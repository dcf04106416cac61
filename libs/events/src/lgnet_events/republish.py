"""Re-send a service's stored events from a position (after a broker lost its data)."""

from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from lgnet_events.publisher import KafkaPublisher
from lgnet_events.schema import events
from lgnet_events.store import EventStore
from lgnet_events.topics import ensure_topics

Progress = Callable[[int, int], None]


async def republish_from_engine(
    engine: AsyncEngine,
    bootstrap: str,
    topic: str,
    *,
    from_position: int = 0,
    batch_size: int = 1000,
    on_progress: Progress | None = None,
) -> int:
    """Publish every stored event with position > *from_position*, in order. Consumers
    dedupe by event id, so re-sending events they already have changes nothing."""
    async with engine.connect() as conn:
        total = int(
            await conn.scalar(select(func.count()).where(events.c.position > from_position)) or 0
        )
    await ensure_topics(bootstrap, [topic])
    publisher = KafkaPublisher(bootstrap)
    await publisher.start()
    done, position = 0, from_position
    try:
        while True:
            async with engine.connect() as conn:
                batch = await EventStore.read_all(conn, position, batch_size)
            if not batch:
                break
            await publisher.publish(topic, [stored.envelope for stored in batch])
            done, position = done + len(batch), batch[-1].position
            if on_progress:
                on_progress(done, max(total, done))
    finally:
        await publisher.stop()
    return done


async def republish(
    database_url: str,
    bootstrap: str,
    topic: str,
    *,
    from_position: int = 0,
    on_progress: Progress | None = None,
) -> int:
    """``lgnet republish``: the same, given the service's database URL."""
    engine = create_async_engine(database_url)
    try:
        return await republish_from_engine(
            engine, bootstrap, topic, from_position=from_position, on_progress=on_progress
        )
    finally:
        await engine.dispose()
