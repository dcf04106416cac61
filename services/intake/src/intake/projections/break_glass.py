"""Break-glass grants: who may read which record of another municipality, until when."""

from sqlalchemy import Column, DateTime, Index, Table, Text
from sqlalchemy.dialects.postgresql import ARRAY, UUID, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from intake.schema import metadata
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import BreakGlassAccessGranted
from lgnet_events.envelope import Envelope

break_glass_grants = Table(
    "break_glass_grants",
    metadata,
    Column("grant_id", UUID(as_uuid=True), primary_key=True),
    Column("beneficiary_id", UUID(as_uuid=True), nullable=False),
    #: the person's municipality, whose coordinators see the grant
    Column("municipality", Text, nullable=False),
    Column("granted_to", Text, nullable=False),
    Column("requested_from", ARRAY(Text), nullable=False),
    Column("reason", Text, nullable=False),
    Column("granted_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Index("break_glass_lookup", "beneficiary_id", "granted_to", "expires_at"),
    Index("break_glass_listing", "municipality", "grant_id"),
)


async def apply(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
    if not isinstance(event, BreakGlassAccessGranted):
        return
    await conn.execute(
        insert(break_glass_grants)
        .values(
            grant_id=event.grant_id,
            beneficiary_id=event.beneficiary_id,
            municipality=envelope.municipality,
            granted_to=event.granted_to,
            requested_from=event.requested_from,
            reason=event.reason,
            granted_at=envelope.occurred_at,
            expires_at=event.expires_at,
        )
        .on_conflict_do_nothing()
    )
