"""``/reports/export.csv`` and ``.xlsx``: the per-municipality table, as the caller may see it."""

import csv
import io

from fastapi import APIRouter
from fastapi.responses import Response

from lgnet_service.runtime import EngineDep
from reporting.api import presenters
from reporting.api.deps import ReportRequestDep
from reporting.api.figures import kpi_releases
from reporting.api.schemas import MunicipalityTable
from reporting.domain.kpis import METRICS
from reporting.queries.reading import reading

router = APIRouter(prefix="/reports", tags=["exports"])

HEADER = ["municipality", *METRICS]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def _table(request: ReportRequestDep, engine: EngineDep) -> MunicipalityTable:
    async with reading(engine) as conn:
        figures = await kpi_releases(conn, request)
    return presenters.municipality_table(figures, request)


def _lines(table: MunicipalityTable) -> list[list[object]]:
    lines: list[list[object]] = [list(HEADER)]
    for row in table.rows:
        lines.append([row.municipality, *(getattr(row, metric) for metric in METRICS)])
    lines.append(["total", *(table.totals[metric] for metric in METRICS)])
    lines.append(["target", *(table.targets[metric] for metric in METRICS)])
    return lines


def _disposition(table: MunicipalityTable, extension: str) -> dict[str, str]:
    name = f"lgnet-municipalities-{table.as_of:%Y%m%d}.{extension}"
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get("/export.csv", response_class=Response)
async def export_csv(request: ReportRequestDep, engine: EngineDep) -> Response:
    """The per-municipality table as CSV (suppressed for the national office)."""
    table = await _table(request, engine)
    out = io.StringIO()
    csv.writer(out).writerows(_lines(table))
    headers = _disposition(table, "csv")
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/export.xlsx", response_class=Response)
async def export_xlsx(request: ReportRequestDep, engine: EngineDep) -> Response:
    """The per-municipality table as an Excel workbook (suppressed for the national office)."""
    from openpyxl import Workbook

    table = await _table(request, engine)
    book = Workbook()
    sheet = book.active
    sheet.title = "municipalities"
    for line in _lines(table):
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return Response(out.getvalue(), media_type=XLSX, headers=_disposition(table, "xlsx"))
