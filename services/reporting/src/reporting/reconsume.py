"""Re-read every topic from the beginning under a fresh consumer group; the inbox dedupes."""

import asyncio
import time

from sqlalchemy.ext.asyncio import AsyncEngine

from lgnet_events.ids import uuid7
from lgnet_events.registry import EventRegistry
from reporting.ingest import AuditConsumer, audit_consumer
from reporting.settings import ReportingSettings


async def _caught_up(consumer: AuditConsumer) -> bool:
    if not consumer.assigned_everything():
        return False
    return await consumer.unhandled() == 0


async def reconsume(
    engine: AsyncEngine,
    registry: EventRegistry,
    settings: ReportingSettings,
    *,
    timeout: float = 600,
) -> int:
    """Read all topics to their current end; return how many events were new."""
    consumer = audit_consumer(
        engine,
        bootstrap=settings.kafka_bootstrap,
        group_id=f"{settings.consumer_group}.reconsume.{uuid7().hex[-12:]}",
        topics=settings.source_topics,
        registry=registry,
        session_timeout_ms=settings.consumer_session_timeout_ms,
    )
    consumer.name = "reporting-reconsume"
    deadline = time.monotonic() + timeout
    await consumer.start()
    try:
        settled = 0
        while settled < 2:  # twice in a row: a rebalance may have just moved positions
            if time.monotonic() > deadline:
                raise TimeoutError("the topics were not read to their end in time")
            await asyncio.sleep(0.2)
            settled = settled + 1 if await _caught_up(consumer) else 0
    finally:
        await consumer.stop()
    return consumer.handled
