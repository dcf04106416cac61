"""The audit log: every event once, verbatim, with where it was read; append-only."""

from dataclasses import dataclass

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from lgnet_events.catalog.base import DomainEvent
from lgnet_events.envelope import Envelope
from reporting.schema import audit_log


@dataclass(frozen=True, slots=True)
class Delivery:
    """Where a record was read from, and its bytes as they were on the topic."""

    topic: str
    partition: int
    offset: int
    raw: str


async def record_event(
    conn: AsyncConnection, envelope: Envelope, event: DomainEvent, delivery: Delivery
) -> bool:
    """Insert the event unless its id is already there; True when it is new.

    ``raw`` keeps the record's bytes; ``envelope`` holds the payload as validated (upcast to
    the current version), which is what projections read.
    """
    stored = envelope.model_dump(mode="json") | {
        "schema_version": type(event).schema_version,
        "data": event.model_dump(mode="json"),
    }
    inserted = await conn.execute(
        insert(audit_log)
        .values(
            event_id=envelope.event_id,
            event_type=envelope.event_type,
            schema_version=envelope.schema_version,
            stream_type=envelope.stream_type,
            stream_id=envelope.stream_id,
            stream_version=envelope.stream_version,
            municipality=envelope.municipality,
            actor=envelope.actor,
            occurred_at=envelope.occurred_at,
            recorded_at=envelope.recorded_at,
            topic=delivery.topic,
            partition=delivery.partition,
            offset=delivery.offset,
            envelope=stored,
            raw=delivery.raw,
        )
        .on_conflict_do_nothing(index_elements=[audit_log.c.event_id])
        .returning(audit_log.c.position)
    )
    return inserted.first() is not None
