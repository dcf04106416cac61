"""The programme report: funnels, housing stock, euros, civic hours, community activities."""

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncConnection

from reporting.api.deps import ReportRequest
from reporting.api.schemas import (
    Amounts,
    CivicFigures,
    CommunityFigures,
    FunnelFigures,
    HousingStock,
    ProgrammeReport,
)
from reporting.domain.suppression import Shown, as_shown
from reporting.queries.funnel import Funnel, funnels
from reporting.queries.stock import housing_stock
from reporting.queries.totals import overall, totals_by_label
from reporting.queries.window import Window


def _people(request: ReportRequest) -> Callable[[int], Shown]:
    def shown(value: int) -> Shown:
        return as_shown(value) if request.suppressed else value

    return shown


def _funnel(funnel: Funnel, request: ReportRequest) -> FunnelFigures:
    shown = _people(request)
    return FunnelFigures(
        issued=shown(funnel.issued),
        accepted=shown(funnel.accepted),
        declined=shown(funnel.declined),
        started=shown(funnel.started),
        median_days_issued_to_accepted=funnel.median_days_to_accept,
        median_days_accepted_to_started=funnel.median_days_to_start,
    )


async def _stock(conn: AsyncConnection, window: Window) -> HousingStock:
    stock = await housing_stock(conn, window)
    return HousingStock(
        units=stock.units,
        beds=stock.beds,
        beds_occupied=stock.beds_occupied,
        beds_under_refurbishment=stock.beds_under_refurbishment,
        beds_free=stock.beds_free,
        units_under_refurbishment=stock.units_under_refurbishment,
    )


async def _euros(conn: AsyncConnection, window: Window, request: ReportRequest) -> Amounts:
    by_kind = await totals_by_label(conn, window, "support_eur")
    total = overall(by_kind)
    return Amounts(
        count=_people(request)(total.count),
        total=total.amount,
        by_kind={kind: t.amount for kind, t in by_kind.items()},
    )


async def _civic(conn: AsyncConnection, window: Window, request: ReportRequest) -> CivicFigures:
    shown = _people(request)
    hours = overall(await totals_by_label(conn, window, "civic_hours")).amount
    started = overall(await totals_by_label(conn, window, "individual_project")).count
    ended = await totals_by_label(conn, window, "project_ended")
    return CivicFigures(
        hours=hours,
        projects_started=shown(started),
        projects_ended={outcome: shown(t.count) for outcome, t in ended.items()},
    )


async def _community(conn: AsyncConnection, window: Window) -> CommunityFigures:
    by_kind = await totals_by_label(conn, window, "community_activity")
    total = overall(by_kind)
    return CommunityFigures(
        activities=total.count,
        participants=int(total.amount),
        by_kind={kind: int(t.amount) for kind, t in by_kind.items()},
    )


async def programme_report(conn: AsyncConnection, request: ReportRequest) -> ProgrammeReport:
    window = request.narrowed
    minutes = overall(await totals_by_label(conn, window, "support_minutes")).amount
    return ProgrammeReport(
        as_of=window.as_of,
        municipality=request.municipality,
        suppressed=request.suppressed,
        funnels={t: _funnel(f, request) for t, f in (await funnels(conn, window)).items()},
        housing_stock=await _stock(conn, window),
        support_measures_eur=await _euros(conn, window, request),
        civic=await _civic(conn, window, request),
        community=await _community(conn, window),
        intake_support_minutes=minutes,
    )
