"""``/admin/rebuild``: rebuild the projections from the audit log while they keep serving."""

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import select

from lgnet_service.errors import not_found
from lgnet_service.runtime import EngineDep
from reporting.api.deps import Admin, ReportingDep
from reporting.api.schemas import RebuildJob
from reporting.schema import rebuild_jobs

router = APIRouter(prefix="/admin", tags=["admin"])


@router.post("/rebuild", status_code=202)
async def start_rebuild(
    principal: Admin, reporting: ReportingDep, engine: EngineDep
) -> JSONResponse:
    """Start a rebuild; follow it at the ``Location`` given."""
    job_id = await reporting.jobs.submit(
        engine, reporting.registry, principal.sub, reporting.settings.rebuild_batch_size
    )
    location = f"/admin/rebuild/{job_id}"
    body = {"job_id": str(job_id), "status": "running", "status_url": location}
    return JSONResponse(body, status_code=202, headers={"Location": location})


@router.get("/rebuild/{job_id}")
async def get_rebuild(job_id: UUID, principal: Admin, engine: EngineDep) -> RebuildJob:
    """Progress of a rebuild: events done of total, rate and estimated time left."""
    async with engine.connect() as conn:
        row = (
            await conn.execute(select(rebuild_jobs).where(rebuild_jobs.c.job_id == job_id))
        ).first()
    if row is None:
        raise not_found("rebuild job")
    return _job(dict(row._mapping))


def _job(row: Mapping[str, Any]) -> RebuildJob:
    job = RebuildJob.model_validate({**row, "events_per_second": None, "eta_seconds": None})
    end = job.finished_at or datetime.now(UTC)
    elapsed = (end - job.started_at).total_seconds()
    if elapsed > 0 and job.done:
        rate = job.done / elapsed
        job.events_per_second = round(rate, 1)
        job.eta_seconds = round(max(0, job.total - job.done) / rate, 1)
    return job
