"""The complaint view: one row per complaint or feedback, open until answered."""

from sqlalchemy import Column, Date, DateTime, Index, Integer, Table, Text, update
from sqlalchemy.dialects.postgresql import UUID, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from intake.schema import metadata
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import ComplaintAnswered, ComplaintReceived
from lgnet_events.envelope import Envelope

complaint_view = Table(
    "complaint_view",
    metadata,
    Column("complaint_id", UUID(as_uuid=True), primary_key=True),
    Column("beneficiary_id", UUID(as_uuid=True), nullable=False),
    Column("case_id", UUID(as_uuid=True)),
    Column("municipality", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("category", Text, nullable=False),
    Column("channel", Text, nullable=False),
    Column("received_on", Date, nullable=False),
    Column("received_by", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("resolution", Text),
    Column("answer", Text),
    Column("answered_on", Date),
    Column("answered_by", Text),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Index("complaint_view_listing", "municipality", "status", "complaint_id"),
)


async def apply(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
    if isinstance(event, ComplaintReceived):
        await conn.execute(
            insert(complaint_view).values(
                complaint_id=event.complaint_id,
                beneficiary_id=event.beneficiary_id,
                case_id=event.case_id,
                municipality=envelope.municipality,
                kind=event.kind,
                category=event.category,
                channel=event.channel,
                received_on=event.received_on,
                received_by=envelope.actor,
                text=event.text,
                status="open",
                updated_at=envelope.occurred_at,
                version=envelope.stream_version,
            )
        )
    elif isinstance(event, ComplaintAnswered):
        await conn.execute(
            update(complaint_view)
            .where(complaint_view.c.complaint_id == event.complaint_id)
            .values(
                status="answered",
                resolution=event.resolution,
                answer=event.answer,
                answered_on=event.answered_on,
                answered_by=envelope.actor,
                updated_at=envelope.occurred_at,
                version=envelope.stream_version,
            )
        )
