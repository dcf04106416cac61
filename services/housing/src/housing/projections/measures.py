"""Support measures granted, with their amounts in euro (numeric, never float)."""

from sqlalchemy import Column, Date, DateTime, Index, Integer, Numeric, Table, Text, update
from sqlalchemy.dialects.postgresql import UUID, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from housing.schema import metadata
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.housing import SupportMeasureEnded, SupportMeasureGranted
from lgnet_events.envelope import Envelope

support_measures = Table(
    "support_measures",
    metadata,
    Column("measure_id", UUID(as_uuid=True), primary_key=True),
    Column("beneficiary_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("municipality", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("amount_eur", Numeric(11, 2, asdecimal=True), nullable=False),
    Column("months", Integer, nullable=False),
    Column("status", Text, nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date),
    Column("end_reason", Text),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Index("support_measures_listing", "municipality", "measure_id"),
)
c = support_measures.c


async def apply(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
    if isinstance(event, SupportMeasureGranted):
        await conn.execute(
            insert(support_measures)
            .values(
                measure_id=event.measure_id,
                beneficiary_id=event.beneficiary_id,
                municipality=envelope.municipality,
                kind=event.kind,
                amount_eur=event.amount_eur,
                months=event.months,
                status="active",
                start_date=event.start_date,
                updated_at=envelope.occurred_at,
                version=envelope.stream_version,
            )
            .on_conflict_do_nothing()
        )
    elif isinstance(event, SupportMeasureEnded):
        await conn.execute(
            update(support_measures)
            .where(c.measure_id == event.measure_id)
            .values(
                status="ended",
                end_date=event.end_date,
                end_reason=event.reason,
                updated_at=envelope.occurred_at,
                version=envelope.stream_version,
            )
        )
