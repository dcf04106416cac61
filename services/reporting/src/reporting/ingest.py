"""Kafka -> audit log + projections, in one transaction per event (with the consumer's inbox)."""

from collections.abc import Sequence
from contextvars import ContextVar

from aiokafka import ConsumerRecord
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from lgnet_events.catalog.base import DomainEvent
from lgnet_events.consumer import EventConsumer
from lgnet_events.envelope import Envelope
from lgnet_events.registry import EventRegistry
from reporting.audit import Delivery, record_event
from reporting.generations import use_live_generation
from reporting.projections import project

_delivery: ContextVar[Delivery] = ContextVar("reporting_delivery")


async def store_event(
    conn: AsyncConnection, envelope: Envelope, event: DomainEvent, delivery: Delivery
) -> bool:
    """Store the event once; only a new one reaches the live projections. True if new."""
    # The shared lock on the pointer comes first: a rebuild swaps only between transactions.
    await use_live_generation(conn, lock=True)
    if not await record_event(conn, envelope, delivery):
        return False
    await project(conn, envelope, event)
    return True


async def ingest(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
    """The consumer's ``"*"`` handler."""
    await store_event(conn, envelope, event, _delivery.get())


class AuditConsumer(EventConsumer):
    """An :class:`EventConsumer` that tells :func:`ingest` where each record came from."""

    async def process(self, record: ConsumerRecord[bytes, bytes]) -> None:
        raw = (record.value or b"").decode("utf-8", errors="replace")
        token = _delivery.set(Delivery(record.topic, record.partition, record.offset, raw))
        try:
            await super().process(record)
        finally:
            _delivery.reset(token)


def audit_consumer(
    engine: AsyncEngine,
    *,
    bootstrap: str,
    group_id: str,
    topics: Sequence[str],
    registry: EventRegistry,
    session_timeout_ms: int,
) -> AuditConsumer:
    return AuditConsumer(
        name="reporting-audit",
        engine=engine,
        bootstrap=bootstrap,
        group_id=group_id,
        topics=topics,
        registry=registry,
        handlers={"*": [ingest]},
        session_timeout_ms=session_timeout_ms,
    )
