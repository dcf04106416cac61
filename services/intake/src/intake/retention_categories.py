"""Retention of the categories beside personal data: duplicate-check keys, the access log,
import jobs. Each sweep counts (dry run) or deletes what is past its cutoff; the events, the
cases and so every count stay. Real runs are recorded in ``retention_runs``.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from sqlalchemy import and_, delete, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from intake import access_log
from intake.domain.retention import Category
from intake.import_jobs import RUNNING, import_jobs
from intake.projections.beneficiaries import beneficiary_directory as people
from intake.projections.cases import case_view as cases
from intake.schema import beneficiary_fingerprints, match_keys, retention_runs


@dataclass(frozen=True, slots=True)
class Swept:
    """What one category lost (or would lose, in a dry run) at one run."""

    category: Category
    cutoff: datetime | None
    count: int
    #: the people concerned, for the categories kept per person
    beneficiary_ids: Sequence[UUID] = field(default_factory=tuple)


async def closed_before(conn: AsyncConnection, cutoff: datetime) -> list[UUID]:
    """People not erased whose cases are all closed, the last before *cutoff*, who still
    have duplicate-check keys."""
    keyed = select(match_keys.c.beneficiary_id).union(
        select(beneficiary_fingerprints.c.beneficiary_id)
    )
    closed_long_ago = and_(
        func.bool_and(cases.c.status == "closed"), func.max(cases.c.closed_at) < cutoff
    )
    query = (
        select(people.c.beneficiary_id)
        .join(cases, cases.c.beneficiary_id == people.c.beneficiary_id)
        .where(people.c.erased.is_(False), people.c.beneficiary_id.in_(keyed))
        .group_by(people.c.beneficiary_id)
        .having(closed_long_ago)
        .order_by(people.c.beneficiary_id)
    )
    return list((await conn.execute(query)).scalars())


async def sweep_match_keys(conn: AsyncConnection, cutoff: datetime, dry_run: bool) -> Swept:
    due = await closed_before(conn, cutoff)
    if not dry_run and due:
        for table in (match_keys, beneficiary_fingerprints):
            await conn.execute(delete(table).where(table.c.beneficiary_id.in_(due)))
    return Swept("match_keys", cutoff, len(due), due)


async def sweep_access_log(conn: AsyncConnection, cutoff: datetime, dry_run: bool) -> Swept:
    if dry_run:
        return Swept("access_log", cutoff, await access_log.count_before(conn, cutoff))
    return Swept("access_log", cutoff, await access_log.delete_before(conn, cutoff))


async def sweep_import_jobs(conn: AsyncConnection, cutoff: datetime, dry_run: bool) -> Swept:
    c = import_jobs.c
    ended_long_ago = and_(c.updated_at < cutoff, c.status.not_in(RUNNING))
    if dry_run:
        query = select(func.count()).select_from(import_jobs).where(ended_long_ago)
        count = (await conn.execute(query)).scalar_one()
        return Swept("import_jobs", cutoff, count)
    removed = await conn.execute(delete(import_jobs).where(ended_long_ago))
    return Swept("import_jobs", cutoff, removed.rowcount)


async def record_run(conn: AsyncConnection, swept: Swept, at: datetime) -> None:
    if swept.cutoff is None:
        return
    await conn.execute(
        retention_runs.insert().values(
            category=swept.category, cutoff=swept.cutoff, ran_at=at, removed=swept.count
        )
    )
