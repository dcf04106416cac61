"""Housing's read models: updated in the transaction of each append."""

from sqlalchemy.ext.asyncio import AsyncConnection

from housing.projections import measures, placements, requests, units
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.envelope import Envelope

TABLES = (
    units.housing_units,
    requests.housing_requests,
    placements.placements,
    measures.support_measures,
)


async def project(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
    for module in (units, requests, placements, measures):
        await module.apply(conn, envelope, event)
