"""The counts a report request needs: as of its date, and now when suppression must match."""

from sqlalchemy.ext.asyncio import AsyncConnection

from reporting.api.deps import ReportRequest
from reporting.domain.kpis import Kpi
from reporting.queries.breakdowns import Dimension, breakdown
from reporting.queries.kpis import Releases, releases
from reporting.queries.window import Window


async def kpi_releases(
    conn: AsyncConnection, request: ReportRequest, window: Window | None = None
) -> Releases:
    window = window or request.window
    return await releases(conn, window, request.latest(window) if request.needs_latest else None)


async def breakdown_releases(
    conn: AsyncConnection, request: ReportRequest, kpi: Kpi, by: Dimension
) -> tuple[dict[str, int], dict[str, int] | None]:
    window = request.narrowed
    values = await breakdown(conn, kpi, window, by)
    if not request.needs_latest:
        return values, None
    return values, await breakdown(conn, kpi, request.latest(window), by)
