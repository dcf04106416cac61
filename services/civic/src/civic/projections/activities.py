"""The community activity view: one row per workshop, meeting or event held."""

from sqlalchemy import ARRAY, Column, Date, DateTime, Index, Integer, Table, Text
from sqlalchemy.dialects.postgresql import UUID, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from civic.schema import metadata
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.civic import CommunityActivityHeld
from lgnet_events.envelope import Envelope

activity_view = Table(
    "community_activity_view",
    metadata,
    Column("activity_id", UUID(as_uuid=True), primary_key=True),
    Column("municipality", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("date", Date, nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("beneficiary_ids", ARRAY(UUID(as_uuid=True)), nullable=False),
    Column("resident_participants", Integer, nullable=False),
    Column("participants", Integer, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Index("community_activity_view_listing", "municipality", "activity_id"),
)


async def apply(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
    if not isinstance(event, CommunityActivityHeld):
        return
    await conn.execute(
        insert(activity_view).values(
            activity_id=event.activity_id,
            municipality=envelope.municipality,
            kind=event.kind,
            title=event.title,
            date=event.date,
            capacity=event.capacity,
            beneficiary_ids=event.beneficiary_ids,
            resident_participants=event.resident_participants,
            participants=event.participants,
            recorded_at=envelope.occurred_at,
            version=envelope.stream_version,
        )
    )
