"""Projecting stored audit rows again: what a rebuild does with the audit log."""

from sqlalchemy import ColumnElement, TextClause, select
from sqlalchemy.ext.asyncio import AsyncConnection

from lgnet_events.envelope import Envelope
from lgnet_events.registry import EventRegistry
from reporting.projections import attributes, fact_sql, project
from reporting.schema import audit_log

RANGE = "a.position > :after AND a.position <= :upto"


async def project_facts_between(
    conn: AsyncConnection, generation: int, after: int, upto: int
) -> None:
    await fact_sql.project_where(conn, generation, RANGE, {"after": after, "upto": upto})


async def project_people_upto(conn: AsyncConnection, generation: int, upto: int) -> None:
    """People's attributes from the whole log up to *upto*, in one go (streams stay whole)."""
    await attributes.project_where(conn, generation, RANGE, {"after": 0, "upto": upto})


async def project_one_by_one(
    conn: AsyncConnection,
    registry: EventRegistry,
    generation: int,
    where: ColumnElement[bool] | TextClause,
) -> None:
    """Project, as the consumer does, every audit row matching *where*, in log order."""
    rows = await conn.execute(
        select(audit_log.c.envelope).where(where).order_by(audit_log.c.position)
    )
    for (stored,) in rows.all():
        envelope = Envelope.model_validate(stored)
        await project(conn, generation, envelope, registry.decode(envelope))
