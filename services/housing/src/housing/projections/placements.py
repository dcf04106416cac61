"""Placements: who lives in which unit since when, and how it ended.

The partial unique index is the last word on "a person has at most one open placement":
two placements of one person racing into two different units cannot both commit.
"""

from sqlalchemy import Column, Date, DateTime, Index, Integer, Table, Text, update
from sqlalchemy.dialects.postgresql import UUID, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from housing.schema import metadata
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.housing import PlacementEnded, PlacementStarted
from lgnet_events.envelope import Envelope

ONE_OPEN_PER_PERSON = "placements_one_open_per_person"

placements = Table(
    "placements",
    metadata,
    Column("placement_id", UUID(as_uuid=True), primary_key=True),
    Column("beneficiary_id", UUID(as_uuid=True), nullable=False),
    Column("unit_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("request_id", UUID(as_uuid=True)),
    Column("municipality", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date),
    Column("outcome", Text),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Index("placements_listing", "municipality", "placement_id"),
    Index(
        ONE_OPEN_PER_PERSON,
        "beneficiary_id",
        unique=True,
        postgresql_where="status = 'open'",
    ),
)
c = placements.c


async def apply(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
    if isinstance(event, PlacementStarted):
        await conn.execute(
            insert(placements)
            .values(
                placement_id=event.placement_id,
                beneficiary_id=event.beneficiary_id,
                unit_id=event.unit_id,
                request_id=event.request_id,
                municipality=envelope.municipality,
                status="open",
                start_date=event.start_date,
                updated_at=envelope.occurred_at,
                version=envelope.stream_version,
            )
            .on_conflict_do_nothing(index_elements=["placement_id"])
        )
    elif isinstance(event, PlacementEnded):
        await conn.execute(
            update(placements)
            .where(c.placement_id == event.placement_id)
            .values(
                status="ended",
                end_date=event.end_date,
                outcome=event.outcome,
                updated_at=envelope.occurred_at,
                version=envelope.stream_version,
            )
        )
