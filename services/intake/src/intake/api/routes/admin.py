"""``/admin/retention``: apply, now, the retention of every data category (admins)."""

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from intake import retention
from intake.api.deps import IntakeDep
from intake.domain.retention import Category
from intake.retention_categories import Swept
from lgnet_service.auth import Principal, require_roles
from lgnet_service.runtime import EngineDep

router = APIRouter(prefix="/admin", tags=["admin"])

Admin = Annotated[Principal, Depends(require_roles("admin"))]


class CategoryRun(BaseModel):
    category: Category
    #: the setting: days kept (0: kept for ever, nothing is removed)
    retention_days: int
    #: older than this goes (``None`` when kept for ever)
    cutoff: datetime | None
    #: how many were removed (or would be, in a dry run): people, entries or imports
    count: int
    #: for ``personal_data`` and ``match_keys``: the people concerned, ids only
    beneficiary_ids: list[UUID]


class RetentionRun(BaseModel):
    #: the cutoff of personal data (``None`` when kept for ever)
    cutoff: datetime | None
    dry_run: bool
    #: the people whose personal data was erased (or would be, in a dry run): ids only
    beneficiary_ids: list[UUID]
    #: every category: its setting, cutoff and count
    categories: list[CategoryRun]


@router.post("/retention", response_model=RetentionRun)
async def run_retention(
    principal: Admin, intake: IntakeDep, engine: EngineDep, dry_run: bool = False
) -> RetentionRun:
    """Apply retention to every data category now; ``dry_run`` lists what would go."""
    policy = intake.settings.retention
    swept = await retention.sweep(
        engine, intake.unit, intake.clock(), policy, dry_run=dry_run, batch=1000
    )
    categories = [_category(s, policy.days(s.category)) for s in swept]
    personal = categories[0]
    return RetentionRun(
        cutoff=personal.cutoff,
        dry_run=dry_run,
        beneficiary_ids=personal.beneficiary_ids,
        categories=categories,
    )


def _category(swept: Swept, days: int) -> CategoryRun:
    return CategoryRun(
        category=swept.category,
        retention_days=days,
        cutoff=swept.cutoff,
        count=swept.count,
        beneficiary_ids=list(swept.beneficiary_ids),
    )
