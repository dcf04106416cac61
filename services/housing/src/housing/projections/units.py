"""Housing stock: one row per unit with its beds, occupied beds and refurbishment status.

The row is also the unit's lock: commands that change its occupancy or status take it
``FOR UPDATE`` first (see ``handlers.commands``), so placements racing for the last bed
are decided one after the other.
"""

from sqlalchemy import Column, DateTime, Index, Integer, Table, Text, update
from sqlalchemy.dialects.postgresql import UUID, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from housing.schema import metadata
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.housing import (
    HousingUnitRegistered,
    PlacementEnded,
    PlacementStarted,
    UnitRefurbishmentCompleted,
    UnitRefurbishmentStarted,
)
from lgnet_events.envelope import Envelope

housing_units = Table(
    "housing_units",
    metadata,
    Column("unit_id", UUID(as_uuid=True), primary_key=True),
    Column("municipality", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("address", Text, nullable=False),
    Column("beds", Integer, nullable=False),
    Column("occupied", Integer, nullable=False),
    Column("status", Text, nullable=False),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Index("housing_units_listing", "municipality", "unit_id"),
)
c = housing_units.c


async def apply(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
    if isinstance(event, HousingUnitRegistered):
        await conn.execute(
            insert(housing_units)
            .values(
                unit_id=event.unit_id,
                municipality=envelope.municipality,
                kind=event.kind,
                name=event.name,
                address=event.address,
                beds=event.beds,
                occupied=0,
                status="available",
                registered_at=envelope.occurred_at,
                updated_at=envelope.occurred_at,
                version=envelope.stream_version,
            )
            .on_conflict_do_nothing()
        )
    elif isinstance(event, UnitRefurbishmentStarted):
        await _unit_changed(conn, envelope, event.unit_id, status="under_refurbishment")
    elif isinstance(event, UnitRefurbishmentCompleted):
        await _unit_changed(conn, envelope, event.unit_id, status="available", beds=event.beds)
    elif isinstance(event, PlacementStarted):
        await _occupancy(conn, event, +1)
    elif isinstance(event, PlacementEnded):
        await _occupancy(conn, event, -1)


async def _unit_changed(
    conn: AsyncConnection, envelope: Envelope, unit_id: object, **values: object
) -> None:
    await conn.execute(
        update(housing_units)
        .where(c.unit_id == unit_id, c.version < envelope.stream_version)
        .values(**values, updated_at=envelope.occurred_at, version=envelope.stream_version)
    )


async def _occupancy(
    conn: AsyncConnection, event: PlacementStarted | PlacementEnded, change: int
) -> None:
    # Placements are streams of their own: the unit's version (its ETag) does not move.
    await conn.execute(
        update(housing_units).where(c.unit_id == event.unit_id).values(occupied=c.occupied + change)
    )
