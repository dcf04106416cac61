"""Civic's read models: updated in the transaction of each append."""

from sqlalchemy.ext.asyncio import AsyncConnection

from civic.projections import activities, candidates, individual_projects, projects
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.envelope import Envelope

TABLES = (
    projects.project_view,
    candidates.candidate_view,
    individual_projects.individual_project_view,
    activities.activity_view,
)


async def project(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
    for module in (projects, candidates, individual_projects, activities):
        await module.apply(conn, envelope, event)
