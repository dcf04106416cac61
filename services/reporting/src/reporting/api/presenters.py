"""Counts -> response bodies, with the caller's suppression rules applied."""

from reporting.api.deps import ReportRequest
from reporting.api.schemas import (
    Breakdown,
    KpiFigure,
    KpiReport,
    MunicipalityRow,
    MunicipalityTable,
    TimePoint,
    Timeseries,
)
from reporting.domain.kpis import KPIS, METRICS, progress
from reporting.domain.suppression import SuppressedTable, suppress
from reporting.queries.kpis import KpiCounts


def _table(values: dict[str, int], suppressed: bool) -> SuppressedTable:
    if suppressed:
        return suppress(values)
    return SuppressedTable(dict(values), sum(values.values()))


def _by_municipality(counts: KpiCounts, request: ReportRequest, metric: str) -> SuppressedTable:
    values = dict.fromkeys(sorted(request.window.municipalities), 0)
    values.update(counts.by_municipality(metric))
    return _table(values, request.suppressed)


def kpi_report(counts: KpiCounts, request: ReportRequest) -> KpiReport:
    figures = []
    for metric in METRICS:
        table = _by_municipality(counts, request, metric)
        value = table.cells[request.municipality] if request.municipality else table.total
        target = KPIS[metric].target
        share = progress(value, target) if isinstance(value, int) else None
        figures.append(KpiFigure(metric=metric, value=value, target=target, progress=share))
    window = request.window
    return KpiReport(
        as_of=window.as_of,
        from_=window.start,
        to=window.end,
        municipality=request.municipality,
        suppressed=request.suppressed,
        kpis=figures,
    )


def municipality_table(counts: KpiCounts, request: ReportRequest) -> MunicipalityTable:
    tables = {metric: _by_municipality(counts, request, metric) for metric in METRICS}
    rows = [
        MunicipalityRow(
            municipality=municipality,
            taken_in_charge=tables["taken_in_charge"].cells[municipality],
            housing_beneficiaries=tables["housing_beneficiaries"].cells[municipality],
            individual_projects=tables["individual_projects"].cells[municipality],
        )
        for municipality in sorted(request.window.municipalities)
    ]
    return MunicipalityTable(
        as_of=request.window.as_of,
        suppressed=request.suppressed,
        targets={metric: KPIS[metric].target for metric in METRICS},
        rows=rows,
        totals={metric: tables[metric].total for metric in METRICS},
    )


def timeseries(counts: KpiCounts, request: ReportRequest, metric: str) -> Timeseries:
    if request.municipality:
        values = dict(sorted(counts.counts[metric][request.municipality].items()))
    else:
        values = counts.by_month(metric)
    table = _table(values, request.suppressed)
    return Timeseries(
        metric=metric,
        interval="month",
        municipality=request.municipality,
        as_of=request.window.as_of,
        suppressed=request.suppressed,
        points=[TimePoint(period=p, value=v) for p, v in table.cells.items()],
        total=table.total,
    )


def breakdown(values: dict[str, int], request: ReportRequest, metric: str, by: str) -> Breakdown:
    table = _table(values, request.suppressed)
    return Breakdown(
        metric=metric,
        by=by,
        municipality=request.municipality,
        as_of=request.window.as_of,
        suppressed=request.suppressed,
        cells=table.cells,
        total=table.total,
    )
