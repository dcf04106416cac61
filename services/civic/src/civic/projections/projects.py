"""The project view: one row per civic project, with its places taken right now.

``occupied`` follows the individual projects in the same transaction as their events, and
the row is what a start locks: it is how places hold under concurrent starts.
"""

from sqlalchemy import Column, DateTime, Index, Integer, Table, Text, update
from sqlalchemy.dialects.postgresql import UUID, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from civic.schema import metadata
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.civic import (
    CivicProjectCreated,
    IndividualProjectCompleted,
    IndividualProjectStarted,
    IndividualProjectWithdrawn,
)
from lgnet_events.envelope import Envelope

project_view = Table(
    "civic_project_view",
    metadata,
    Column("project_id", UUID(as_uuid=True), primary_key=True),
    Column("municipality", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("sector", Text, nullable=False),
    Column("host_organisation", Text, nullable=False),
    Column("places", Integer, nullable=False),
    Column("occupied", Integer, nullable=False),
    Column("planned_hours", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Index("civic_project_view_listing", "municipality", "project_id"),
)


async def apply(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
    if isinstance(event, CivicProjectCreated):
        await _created(conn, envelope, event)
    elif isinstance(event, IndividualProjectStarted):
        await _occupy(conn, event, +1)
    elif isinstance(event, IndividualProjectCompleted | IndividualProjectWithdrawn):
        await _occupy(conn, event, -1)


async def _created(conn: AsyncConnection, envelope: Envelope, event: CivicProjectCreated) -> None:
    await conn.execute(
        insert(project_view).values(
            project_id=event.project_id,
            municipality=envelope.municipality,
            title=event.title,
            sector=event.sector,
            host_organisation=event.host_organisation,
            places=event.places,
            occupied=0,
            planned_hours=event.planned_hours,
            created_at=envelope.occurred_at,
            version=envelope.stream_version,
        )
    )


async def _occupy(
    conn: AsyncConnection,
    event: IndividualProjectStarted | IndividualProjectCompleted | IndividualProjectWithdrawn,
    change: int,
) -> None:
    row = project_view.c
    await conn.execute(
        update(project_view)
        .where(row.project_id == event.project_id)
        .values(occupied=row.occupied + change)
    )
