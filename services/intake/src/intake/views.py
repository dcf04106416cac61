"""Reads of intake's read models and event store, for the API."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import Select, func, or_, select
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection

from intake.domain.follow_up import Deadlines
from intake.projections.beneficiaries import beneficiary_directory
from intake.projections.break_glass import break_glass_grants
from intake.projections.cases import case_view
from intake.projections.complaints import complaint_view
from lgnet_events.envelope import Envelope
from lgnet_events.store import EventStore


@dataclass(frozen=True, slots=True)
class CaseFilter:
    municipalities: frozenset[str]
    municipality: str | None = None
    status: str | None = None
    channel: str | None = None
    opened_from: date | None = None
    opened_to: date | None = None
    beneficiary_id: UUID | None = None
    assigned_to: str | None = None

    def apply(self, query: Select[Any]) -> Select[Any]:
        c = case_view.c
        query = query.where(c.municipality.in_(sorted(self.municipalities)))
        for column, value in (
            (c.municipality, self.municipality),
            (c.status, self.status),
            (c.channel, self.channel),
            (c.beneficiary_id, self.beneficiary_id),
            (c.assigned_to, self.assigned_to),
        ):
            if value is not None:
                query = query.where(column == value)
        if self.opened_from is not None:
            query = query.where(c.opened_at >= _start_of(self.opened_from))
        if self.opened_to is not None:
            query = query.where(c.opened_at < _start_of(self.opened_to + timedelta(days=1)))
        return query


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


async def beneficiary(conn: AsyncConnection, beneficiary_id: UUID) -> RowMapping | None:
    query = select(beneficiary_directory).where(
        beneficiary_directory.c.beneficiary_id == beneficiary_id
    )
    return (await conn.execute(query)).mappings().first()


async def case(conn: AsyncConnection, case_id: UUID) -> RowMapping | None:
    query = select(case_view).where(case_view.c.case_id == case_id)
    return (await conn.execute(query)).mappings().first()


async def cases(
    conn: AsyncConnection, where: CaseFilter, after: UUID | None, limit: int
) -> list[RowMapping]:
    """Newest first (case ids are time-ordered UUIDv7), *limit* + 1 to tell if more follow."""
    query = where.apply(select(case_view)).order_by(case_view.c.case_id.desc()).limit(limit + 1)
    if after is not None:
        query = query.where(case_view.c.case_id < after)
    return list((await conn.execute(query)).mappings())


async def overdue_cases(
    conn: AsyncConnection, where: CaseFilter, deadlines: Deadlines, after: UUID | None, limit: int
) -> list[RowMapping]:
    """Open cases with a follow-up past due or a referral unanswered for too long."""
    c = case_view.c
    late = or_(
        c.next_due_on < deadlines.today,
        c.pending_referral_since
        < _start_of(deadlines.referral_answer_deadline + timedelta(days=1)),
    )
    query = where.apply(select(case_view)).where(c.status == "open", late)
    if after is not None:
        query = query.where(c.case_id < after)
    return list((await conn.execute(query.order_by(c.case_id.desc()).limit(limit + 1))).mappings())


#: Cases without a due date come last in a work queue.
NO_DUE_DATE = date(9999, 12, 31)


async def work_queue(
    conn: AsyncConnection, where: CaseFilter, after: tuple[date, UUID] | None, limit: int
) -> list[RowMapping]:
    """Open cases, the earliest due first, then the newest."""
    c = case_view.c
    due = func.coalesce(c.next_due_on, NO_DUE_DATE)
    query = where.apply(select(case_view)).where(c.status == "open")
    if after is not None:
        query = query.where(or_(due > after[0], (due == after[0]) & (c.case_id < after[1])))
    query = query.order_by(due, c.case_id.desc()).limit(limit + 1)
    return list((await conn.execute(query)).mappings())


async def live_grant(
    conn: AsyncConnection, beneficiary_id: UUID, actor: str, now: datetime
) -> UUID | None:
    """The id of a break-glass grant letting *actor* read the person's record at *now*."""
    g = break_glass_grants.c
    query = select(g.grant_id).where(
        g.beneficiary_id == beneficiary_id,
        g.granted_to == actor,
        g.granted_at <= now,
        g.expires_at > now,
    )
    return (await conn.execute(query.limit(1))).scalar_one_or_none()


async def grant(conn: AsyncConnection, grant_id: UUID) -> RowMapping:
    query = select(break_glass_grants).where(break_glass_grants.c.grant_id == grant_id)
    return (await conn.execute(query)).mappings().one()


async def grants(
    conn: AsyncConnection, municipalities: frozenset[str], after: UUID | None, limit: int
) -> list[RowMapping]:
    """Break-glass grants on the records of *municipalities*, newest first."""
    g = break_glass_grants.c
    query = select(break_glass_grants).where(g.municipality.in_(sorted(municipalities)))
    if after is not None:
        query = query.where(g.grant_id < after)
    return list((await conn.execute(query.order_by(g.grant_id.desc()).limit(limit + 1))).mappings())


async def case_history(conn: AsyncConnection, case_id: UUID) -> list[Envelope]:
    return await EventStore.read_stream(conn, case_id)


async def complaint(conn: AsyncConnection, complaint_id: UUID) -> RowMapping | None:
    query = select(complaint_view).where(complaint_view.c.complaint_id == complaint_id)
    return (await conn.execute(query)).mappings().first()


async def complaints(
    conn: AsyncConnection,
    municipalities: frozenset[str],
    status: str | None,
    after: UUID | None,
    limit: int,
) -> list[RowMapping]:
    """Complaints of *municipalities*, newest first."""
    c = complaint_view.c
    query = select(complaint_view).where(c.municipality.in_(sorted(municipalities)))
    if status is not None:
        query = query.where(c.status == status)
    if after is not None:
        query = query.where(c.complaint_id < after)
    return list(
        (await conn.execute(query.order_by(c.complaint_id.desc()).limit(limit + 1))).mappings()
    )
