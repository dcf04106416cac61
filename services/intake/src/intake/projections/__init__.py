"""Intake's read models: updated in the transaction of each append, rebuildable from the store."""

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncConnection

from intake import access_log
from intake.projections import beneficiaries, break_glass, cases, complaints
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.envelope import Envelope
from lgnet_events.registry import EventRegistry
from lgnet_events.store import EventStore

TABLES = (
    cases.case_view,
    beneficiaries.beneficiary_directory,
    break_glass.break_glass_grants,
    complaints.complaint_view,
)


async def project(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
    await cases.apply(conn, envelope, event)
    await beneficiaries.apply(conn, envelope, event)
    await break_glass.apply(conn, envelope, event)
    await complaints.apply(conn, envelope, event)
    # Not in TABLES: a rebuild never empties the access log (its rows are deduplicated).
    await access_log.apply(conn, envelope, event)


async def rebuild(conn: AsyncConnection, registry: EventRegistry, batch: int = 1000) -> int:
    """Empty the read models and replay every stored event into them; return the count."""
    for table in TABLES:
        await conn.execute(delete(table))
    position, count = 0, 0
    while stored := await EventStore.read_all(conn, position, batch):
        for item in stored:
            await project(conn, item.envelope, registry.decode(item.envelope))
        position, count = stored[-1].position, count + len(stored)
    await access_log.reapply_retention(conn)
    return count
