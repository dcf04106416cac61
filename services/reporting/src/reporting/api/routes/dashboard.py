"""``/dashboard``: the national office's page, rendered on the server (Italian or English)."""

from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.responses import HTMLResponse

from lgnet_service.runtime import EngineDep
from reporting.api import presenters
from reporting.api.casework import casework_report
from reporting.api.deps import ReportingDep, ReportRequestDep
from reporting.api.figures import kpi_releases
from reporting.api.programme import programme_report
from reporting.dashboard import Language, render_dashboard
from reporting.domain.kpis import METRICS
from reporting.queries.reading import reading

router = APIRouter(tags=["dashboard"])


def language_of(lang: str | None, accept_language: str | None) -> Language:
    chosen = (lang or accept_language or "it").strip().lower()
    return "en" if chosen.startswith("en") else "it"


@router.get("/dashboard", response_class=HTMLResponse)
async def dashboard(
    request: ReportRequestDep,
    engine: EngineDep,
    reporting: ReportingDep,
    lang: Annotated[str | None, Query(description="it or en")] = None,
    accept_language: Annotated[str | None, Header()] = None,
) -> HTMLResponse:
    """Progress to each target, per municipality, monthly trends and the referral funnel."""
    async with reading(engine) as conn:
        counts = await kpi_releases(conn, request)
        narrowed = await kpi_releases(conn, request, request.narrowed)
        programme = await programme_report(conn, request)
        days = reporting.settings.referral_answer_days
        casework = await casework_report(conn, request, days)
    page = render_dashboard(
        language_of(lang, accept_language),
        presenters.kpi_report(counts, request),
        presenters.municipality_table(counts, request),
        [
            presenters.timeseries(
                narrowed, request, metric, presenters.municipality_hidden(counts, request, metric)
            )
            for metric in METRICS
        ],
        programme,
        casework,
        days,
    )
    return HTMLResponse(page)
