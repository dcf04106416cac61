"""``/reports/casework``: intake's case work counted per municipality (issue 10)."""

from fastapi import APIRouter

from lgnet_service.runtime import EngineDep
from reporting.api.casework import casework_report
from reporting.api.deps import ReportingDep, ReportRequestDep
from reporting.api.schemas import CaseworkReport
from reporting.queries.reading import reading

router = APIRouter(prefix="/reports", tags=["reports"])


@router.get("/casework")
async def get_casework(
    request: ReportRequestDep, engine: EngineDep, reporting: ReportingDep
) -> CaseworkReport:
    """Complaints (received, answered, open, median days to answer), consents given,
    withdrawn and valid per purpose, merges, break-glass openings, follow-ups, plans approved;
    on the day of ``as_of``: follow-ups overdue and referrals unanswered for longer than
    intake allows (``LGNET_REFERRAL_ANSWER_DAYS``, 14 by default)."""
    async with reading(engine) as conn:
        days = reporting.settings.referral_answer_days
        return await casework_report(conn, request, days)
