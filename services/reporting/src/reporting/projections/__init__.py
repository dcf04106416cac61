"""Reporting's projections: facts and attributes, written in the transaction of the audit insert.

``project`` writes into whichever generation the connection was pointed at
(:func:`reporting.generations.use_generation`): the live one, or one being rebuilt.
"""

from sqlalchemy.ext.asyncio import AsyncConnection

from lgnet_events.catalog.base import DomainEvent
from lgnet_events.envelope import Envelope
from reporting.projections import attributes, fact_rows


async def project(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
    await fact_rows.apply(conn, envelope, event)
    await attributes.apply(conn, envelope, event)


__all__ = ["project"]
