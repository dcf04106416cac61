"""What the bench writes: housing-unit streams of realistic envelopes, in a store database."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bench.targets import Target
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.housing import (
    HousingUnitRegistered,
    UnitRefurbishmentCompleted,
    UnitRefurbishmentStarted,
)
from lgnet_events.envelope import Envelope, EventContext
from lgnet_events.ids import uuid7
from lgnet_events.schema import install_store_schema
from lgnet_events.store import build_envelopes

#: Events per stream before a writer moves to a new one (a case sees tens of events).
STREAM_LENGTH = 20


def unit_event(unit_id: UUID, version: int) -> DomainEvent:
    """The event at *version* + 1 of a unit: registered, then refurbishments started/ended."""
    if version == 0:
        return HousingUnitRegistered(
            unit_id=unit_id, kind="apartment", beds=4, name="Casa Bench", address="Via Po 1"
        )
    if version % 2 == 1:
        return UnitRefurbishmentStarted(unit_id=unit_id, date=date(2026, 3, 1))
    return UnitRefurbishmentCompleted(unit_id=unit_id, date=date(2026, 4, 1), beds=6)


def unit_envelopes(unit_id: UUID, after_version: int, count: int) -> list[Envelope]:
    """*count* new envelopes of one unit's stream, numbered after *after_version*."""
    new_events = [unit_event(unit_id, after_version + i) for i in range(count)]
    context = EventContext(actor="bench-operator", municipality="bologna")
    return build_envelopes(new_events, context, after_version)


def new_stream() -> UUID:
    return uuid7()


@asynccontextmanager
async def store_database(target: Target, name: str) -> AsyncIterator[AsyncEngine]:
    """A fresh database holding the event store schema; dropped afterwards."""
    await target.create_database(name)
    engine = create_async_engine(
        target.database_url(name, "postgresql+asyncpg"), pool_size=20, max_overflow=10
    )
    try:
        async with engine.begin() as conn:
            await conn.run_sync(install_store_schema)
        yield engine
    finally:
        await engine.dispose()
        await target.drop_database(name)
