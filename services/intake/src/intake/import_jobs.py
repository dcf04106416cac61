"""Import jobs: a CSV import running beside the request, with its progress and final report.

The import itself is unchanged (all rows checked, then all written in one transaction, or
none); a job only makes it observable. Progress is written in short transactions of its own,
so that ``GET /imports/{id}`` sees it while the import's transaction is still open. A job is
seen only by the coordinator who started it.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal
from uuid import UUID

from sqlalchemy import Boolean, Column, DateTime, Integer, Table, Text, select, update
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.dialects.postgresql import UUID as PgUUID
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from intake.schema import metadata

Status = Literal["queued", "checking", "writing", "done", "refused", "failed", "interrupted"]
RUNNING = ("queued", "checking", "writing")
#: a running job whose progress has not moved for this long is shown as ``interrupted``
STALE_AFTER = timedelta(minutes=10)

import_jobs = Table(
    "import_jobs",
    metadata,
    Column("import_id", PgUUID(as_uuid=True), primary_key=True),
    Column("started_by", Text, nullable=False),
    Column("municipalities", ARRAY(Text), nullable=False),
    Column("dry_run", Boolean, nullable=False),
    Column("status", Text, nullable=False),
    Column("rows_total", Integer),
    Column("rows_checked", Integer, nullable=False, server_default="0"),
    Column("rows_written", Integer, nullable=False, server_default="0"),
    #: the import report (row, column, reason; new ids): ids and codes, no personal data
    Column("report", JSONB),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True, slots=True)
class NewJob:
    import_id: UUID
    started_by: str
    municipalities: tuple[str, ...]
    dry_run: bool
    at: datetime


async def create(conn: AsyncConnection, job: NewJob) -> RowMapping:
    created = await conn.execute(
        import_jobs.insert()
        .returning(*import_jobs.c)
        .values(
            import_id=job.import_id,
            started_by=job.started_by,
            municipalities=list(job.municipalities),
            dry_run=job.dry_run,
            status="queued",
            created_at=job.at,
            updated_at=job.at,
        )
    )
    return created.mappings().one()


async def claim(engine: AsyncEngine, import_id: UUID, at: datetime) -> bool:
    """Move a queued job to ``checking``; false when it already ran (an idempotent replay)."""
    async with engine.begin() as conn:
        claimed = await conn.execute(
            update(import_jobs)
            .where(import_jobs.c.import_id == import_id, import_jobs.c.status == "queued")
            .values(status="checking", updated_at=at)
        )
    return claimed.rowcount == 1


async def record(engine: AsyncEngine, import_id: UUID, at: datetime, **values: Any) -> None:
    """Progress or the end of a job, in a transaction of its own."""
    async with engine.begin() as conn:
        await conn.execute(
            update(import_jobs)
            .where(import_jobs.c.import_id == import_id)
            .values(updated_at=at, **values)
        )


async def find(conn: AsyncConnection, import_id: UUID) -> RowMapping | None:
    query = select(import_jobs).where(import_jobs.c.import_id == import_id)
    return (await conn.execute(query)).mappings().first()


def status_at(row: RowMapping, now: datetime) -> Status:
    """The stored status, or ``interrupted`` for a job whose progress stopped moving."""
    status: Status = row["status"]
    if status in RUNNING and now - row["updated_at"] > STALE_AFTER:
        return "interrupted"
    return status
