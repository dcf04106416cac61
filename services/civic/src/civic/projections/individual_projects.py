"""The individual project view: one row per person's project, with the hours logged."""

from typing import Any

from sqlalchemy import Column, Date, DateTime, Index, Integer, Numeric, Table, Text, update
from sqlalchemy.dialects.postgresql import UUID, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from civic.schema import metadata
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.civic import (
    HoursLogged,
    IndividualProjectCompleted,
    IndividualProjectStarted,
    IndividualProjectWithdrawn,
)
from lgnet_events.envelope import Envelope

individual_project_view = Table(
    "individual_project_view",
    metadata,
    Column("individual_project_id", UUID(as_uuid=True), primary_key=True),
    Column("project_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("beneficiary_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("candidate_id", UUID(as_uuid=True), index=True),
    Column("municipality", Text, nullable=False),
    Column("tutor", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("planned_hours", Integer, nullable=False),
    Column("hours_logged", Numeric(10, 2), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date),
    Column("outcome", Text),
    Column("reason", Text),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Index("individual_project_view_listing", "municipality", "individual_project_id"),
)


async def apply(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
    row = individual_project_view.c
    if isinstance(event, IndividualProjectStarted):
        await _started(conn, envelope, event)
    elif isinstance(event, HoursLogged):
        await _change(conn, envelope, hours_logged=row.hours_logged + event.hours)
    elif isinstance(event, IndividualProjectCompleted):
        await _change(
            conn, envelope, status="completed", end_date=event.date, outcome=event.outcome
        )
    elif isinstance(event, IndividualProjectWithdrawn):
        await _change(conn, envelope, status="withdrawn", end_date=event.date, reason=event.reason)


async def _started(
    conn: AsyncConnection, envelope: Envelope, event: IndividualProjectStarted
) -> None:
    await conn.execute(
        insert(individual_project_view).values(
            individual_project_id=event.individual_project_id,
            project_id=event.project_id,
            beneficiary_id=event.beneficiary_id,
            candidate_id=event.candidate_id,
            municipality=envelope.municipality,
            tutor=event.tutor,
            status="active",
            planned_hours=event.planned_hours,
            hours_logged=0,
            start_date=event.start_date,
            updated_at=envelope.occurred_at,
            version=envelope.stream_version,
        )
    )


async def _change(conn: AsyncConnection, envelope: Envelope, **changes: Any) -> None:
    await conn.execute(
        update(individual_project_view)
        .where(individual_project_view.c.individual_project_id == envelope.stream_id)
        .values(**changes, updated_at=envelope.occurred_at, version=envelope.stream_version)
    )
