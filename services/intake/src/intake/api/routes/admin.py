"""``/admin/retention``: erase, now, the personal data kept past retention (admins)."""

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from intake import retention
from intake.api.deps import IntakeDep
from intake.domain.retention import retention_cutoff
from lgnet_service.auth import Principal, require_roles
from lgnet_service.runtime import EngineDep

router = APIRouter(prefix="/admin", tags=["admin"])

Admin = Annotated[Principal, Depends(require_roles("admin"))]


class RetentionRun(BaseModel):
    cutoff: datetime
    dry_run: bool
    #: the people whose personal data was erased (or would be, in a dry run): ids only
    beneficiary_ids: list[UUID]


@router.post("/retention", response_model=RetentionRun)
async def run_retention(
    principal: Admin, intake: IntakeDep, engine: EngineDep, dry_run: bool = False
) -> RetentionRun:
    """Erase by key destruction everyone whose cases all closed before the retention cutoff."""
    days = intake.settings.closed_case_retention_days
    now = intake.clock()
    cutoff = retention_cutoff(now, days)
    if dry_run:
        async with engine.connect() as conn:
            due = await retention.candidates(conn, cutoff, limit=1000)
    else:
        due = await retention.erase_expired(engine, intake.unit, now, days, batch=1000)
    return RetentionRun(cutoff=cutoff, dry_run=dry_run, beneficiary_ids=due)
