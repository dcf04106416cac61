"""Housing requests: one row per referral received from intake, pending until decided."""

from sqlalchemy import Column, DateTime, Index, Integer, Table, Text, update
from sqlalchemy.dialects.postgresql import UUID, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from housing.schema import metadata
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.housing import (
    HousingRequestAccepted,
    HousingRequestDeclined,
    HousingRequestReceived,
)
from lgnet_events.envelope import Envelope

housing_requests = Table(
    "housing_requests",
    metadata,
    Column("request_id", UUID(as_uuid=True), primary_key=True),
    Column("referral_id", UUID(as_uuid=True), nullable=False, unique=True),
    Column("case_id", UUID(as_uuid=True), nullable=False),
    Column("beneficiary_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("municipality", Text, nullable=False),
    Column("urgency", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("reason", Text),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("decided_at", DateTime(timezone=True)),
    Column("decided_by", Text),
    Column("version", Integer, nullable=False),
    Index("housing_requests_listing", "municipality", "request_id"),
)
c = housing_requests.c


async def apply(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
    if isinstance(event, HousingRequestReceived):
        await conn.execute(
            insert(housing_requests)
            .values(
                request_id=event.request_id,
                referral_id=event.referral_id,
                case_id=event.case_id,
                beneficiary_id=event.beneficiary_id,
                municipality=envelope.municipality,
                urgency=event.urgency,
                status="pending",
                received_at=envelope.occurred_at,
                version=envelope.stream_version,
            )
            .on_conflict_do_nothing()
        )
    elif isinstance(event, HousingRequestAccepted | HousingRequestDeclined):
        accepted = isinstance(event, HousingRequestAccepted)
        await conn.execute(
            update(housing_requests)
            .where(c.request_id == event.request_id)
            .values(
                status="accepted" if accepted else "declined",
                reason=getattr(event, "reason", None),
                decided_at=envelope.occurred_at,
                decided_by=envelope.actor,
                version=envelope.stream_version,
            )
        )
