"""``/reports``: KPIs against targets, per municipality, over time, broken down."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from sqlalchemy.ext.asyncio import AsyncConnection

from lgnet_service.errors import FieldError, unprocessable
from lgnet_service.runtime import EngineDep
from reporting.api import presenters
from reporting.api.deps import ReportRequest, ReportRequestDep
from reporting.api.figures import breakdown_releases, kpi_releases
from reporting.api.programme import programme_report
from reporting.api.schemas import (
    Breakdown,
    KpiReport,
    MunicipalityTable,
    ProgrammeReport,
    Timeseries,
)
from reporting.domain.kpis import KPIS, Metric
from reporting.queries.breakdowns import Dimension
from reporting.queries.reading import reading

router = APIRouter(prefix="/reports", tags=["reports"])

MetricQuery = Annotated[Metric, Query(description="which KPI")]


async def _withheld(conn: AsyncConnection, request: ReportRequest, metric: str) -> bool:
    if not request.suppressed or request.municipality is None:
        return False
    return presenters.municipality_hidden(await kpi_releases(conn, request), request, metric)


@router.get("/kpis")
async def get_kpis(request: ReportRequestDep, engine: EngineDep) -> KpiReport:
    """The three KPIs against their targets, nationally or for one municipality. A person
    counts once nationally (records merged into one another, as they stood at ``as_of``, are
    one person); a municipality's figure counts the people that municipality took in charge."""
    async with reading(engine) as conn:
        figures = await kpi_releases(conn, request)
    return presenters.kpi_report(figures, request)


@router.get("/municipalities")
async def get_municipalities(request: ReportRequestDep, engine: EngineDep) -> MunicipalityTable:
    """The per-municipality table of the three KPIs, with national totals and targets.
    A person merged across two municipalities counts in both rows and once in the total."""
    async with reading(engine) as conn:
        figures = await kpi_releases(conn, request)
    return presenters.municipality_table(figures, request)


@router.get("/timeseries")
async def get_timeseries(
    request: ReportRequestDep,
    engine: EngineDep,
    metric: MetricQuery,
    interval: Annotated[Literal["month"], Query()] = "month",
) -> Timeseries:
    """One KPI month by month (each person in the month of their first qualifying event)."""
    async with reading(engine) as conn:
        figures = await kpi_releases(conn, request, request.narrowed)
        withhold = await _withheld(conn, request, metric)
    return presenters.timeseries(figures, request, metric, withhold)


@router.get("/breakdowns")
async def get_breakdown(
    request: ReportRequestDep,
    engine: EngineDep,
    metric: MetricQuery,
    by: Annotated[Dimension, Query(description="sex, age_band, nationality or channel")],
) -> Breakdown:
    """People counted by one KPI, by sex, age band, nationality or (taken in charge) channel."""
    if by == "channel" and metric != "taken_in_charge":
        raise unprocessable(
            "channel is recorded on cases only",
            [FieldError("query.by", "channel applies to metric=taken_in_charge")],
        )
    async with reading(engine) as conn:
        values, latest = await breakdown_releases(conn, request, KPIS[metric], by)
        withhold = await _withheld(conn, request, metric)
    return presenters.breakdown(values, request, metric, by, latest, withhold)


@router.get("/programme")
async def get_programme(request: ReportRequestDep, engine: EngineDep) -> ProgrammeReport:
    """Funnels, housing stock, support euros, civic hours and community activities."""
    async with reading(engine) as conn:
        return await programme_report(conn, request)
