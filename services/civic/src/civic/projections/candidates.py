"""The candidate view: the people intake referred to civic and civic's answer."""

from typing import Any

from sqlalchemy import Column, DateTime, Index, Integer, Table, Text, update
from sqlalchemy.dialects.postgresql import UUID, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from civic.schema import metadata
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.civic import (
    CivicCandidateAccepted,
    CivicCandidateDeclined,
    CivicCandidateReceived,
)
from lgnet_events.envelope import Envelope

candidate_view = Table(
    "candidate_view",
    metadata,
    Column("candidate_id", UUID(as_uuid=True), primary_key=True),
    Column("referral_id", UUID(as_uuid=True), nullable=False, unique=True),
    Column("case_id", UUID(as_uuid=True), nullable=False),
    Column("beneficiary_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("municipality", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("reason", Text),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("decided_at", DateTime(timezone=True)),
    Column("version", Integer, nullable=False),
    Index("candidate_view_listing", "municipality", "candidate_id"),
)


async def apply(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
    if isinstance(event, CivicCandidateReceived):
        await _received(conn, envelope, event)
    elif isinstance(event, CivicCandidateAccepted):
        await _decided(conn, envelope, status="accepted")
    elif isinstance(event, CivicCandidateDeclined):
        await _decided(conn, envelope, status="declined", reason=event.reason)


async def _received(
    conn: AsyncConnection, envelope: Envelope, event: CivicCandidateReceived
) -> None:
    await conn.execute(
        insert(candidate_view).values(
            candidate_id=event.candidate_id,
            referral_id=event.referral_id,
            case_id=event.case_id,
            beneficiary_id=event.beneficiary_id,
            municipality=envelope.municipality,
            status="received",
            received_at=envelope.occurred_at,
            version=envelope.stream_version,
        )
    )


async def _decided(conn: AsyncConnection, envelope: Envelope, **changes: Any) -> None:
    await conn.execute(
        update(candidate_view)
        .where(candidate_view.c.candidate_id == envelope.stream_id)
        .values(**changes, decided_at=envelope.occurred_at, version=envelope.stream_version)
    )
