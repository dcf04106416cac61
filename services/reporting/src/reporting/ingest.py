"""Kafka -> audit log + projections, in one transaction with the consumer's inbox (per batch of a
partition's records; per event when one of them fails)."""

import contextlib
from collections.abc import Iterator, Sequence
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
    generation = await use_live_generation(conn, lock=True)
    if not await record_event(conn, envelope, event, delivery):
        return False
    await project(conn, generation, envelope, event)
    return True


async def ingest(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
    """The consumer's ``"*"`` handler."""
    await store_event(conn, envelope, event, _delivery.get())


class AuditConsumer(EventConsumer):
    """An :class:`EventConsumer` that tells :func:`ingest` where each record came from."""

    def assigned_everything(self) -> bool:
        """Whether this member holds every partition of its topics (a lone member, settled)."""
        consumer = self._consumer
        if consumer is None:
            return False
        partitions = [consumer.partitions_for_topic(topic) for topic in self.topics]
        expected = sum(len(p) for p in partitions if p)
        return expected > 0 and len(consumer.assignment()) == expected

    async def unhandled(self) -> int:
        """Records not yet handled *and committed* on this member's partitions."""
        consumer = self._consumer
        if consumer is None:
            return -1
        partitions = list(consumer.assignment())
        ends = await consumer.end_offsets(partitions) if partitions else {}
        committed = [await consumer.committed(tp) or 0 for tp in partitions]
        return sum(max(0, ends[tp] - done) for tp, done in zip(partitions, committed, strict=True))

    @contextlib.contextmanager
    def delivery(self, record: ConsumerRecord[bytes, bytes]) -> Iterator[None]:
        raw = (record.value or b"").decode("utf-8", errors="replace")
        token = _delivery.set(Delivery(record.topic, record.partition, record.offset, raw))
        try:
            yield
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
