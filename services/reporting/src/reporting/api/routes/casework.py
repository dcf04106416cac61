"""``/reports/casework``: intake's case work counted per municipality (issue 10)."""

from fastapi import APIRouter

from lgnet_service.runtime import EngineDep
from reporting.api.casework import casework_report
from reporting.api.deps import ReportRequestDep
from reporting.api.schemas import CaseworkReport
from reporting.queries.reading import reading

router = APIRouter(prefix="/reports", tags=["reports"])


@router.get("/casework")
async def get_casework(request: ReportRequestDep, engine: EngineDep) -> CaseworkReport:
    """Complaints (received, answered, open, median days to answer), consents given,
    withdrawn and valid per purpose, merges, break-glass openings, follow-ups, plans approved."""
    async with reading(engine) as conn:
        return await casework_report(conn, request)
