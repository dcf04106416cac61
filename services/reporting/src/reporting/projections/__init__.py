"""Reporting's projections: facts and attributes, written in the transaction of the audit insert.

``project`` writes one stored event into a generation (the live one, or one being rebuilt);
``project_log`` writes whole ranges of the audit log, set-based, for rebuilds.
"""

from sqlalchemy.ext.asyncio import AsyncConnection

from lgnet_events.catalog.base import DomainEvent
from lgnet_events.envelope import Envelope
from reporting.generations import use_generation
from reporting.projections import attributes, fact_sql


async def project(
    conn: AsyncConnection, generation: int, envelope: Envelope, event: DomainEvent
) -> None:
    """Project an event already in the audit log (in this transaction) into *generation*."""
    await fact_sql.project_event(conn, generation, envelope.event_type, envelope.event_id)
    await use_generation(conn, generation)
    await attributes.apply(conn, envelope, event)


async def project_log(
    conn: AsyncConnection, generation: int, where: str, params: dict[str, object]
) -> None:
    """Project every audit row matching *where* (over alias ``a``) into *generation*."""
    await fact_sql.project_where(conn, generation, where, params)
    await attributes.project_where(conn, generation, where, params)


__all__ = ["project", "project_log"]
