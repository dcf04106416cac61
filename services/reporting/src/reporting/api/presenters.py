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
from reporting.domain.suppression import (
    SuppressedTable,
    hidden_cells,
    suppress,
    suppress_union,
    withheld,
)
from reporting.queries.kpis import KpiCounts, Releases


def table(
    values: dict[str, int],
    request: ReportRequest,
    latest: dict[str, int] | None = None,
    withhold: bool = False,
) -> SuppressedTable:
    """*values* as the caller may see them; *latest*: the same cells now, whose hidden
    pattern is kept, so that releases at two ``as_of`` dates cannot be subtracted;
    *withhold*: the figure these cells add up to is hidden in the municipality table."""
    if not request.suppressed:
        return SuppressedTable(dict(values), sum(values.values()))
    if withhold:
        return withheld(values)
    keep_hidden = hidden_cells(suppress(latest)) if latest is not None else set()
    return suppress(values, keep_hidden)


def union_table(
    values: dict[str, int],
    people: int,
    request: ReportRequest,
    latest: tuple[dict[str, int], int] | None = None,
) -> SuppressedTable:
    """Like ``table``, for per-municipality cells whose total counts each person once
    (*people*, no more than their sum): see ``suppress_union``."""
    if not request.suppressed:
        return SuppressedTable(dict(values), people)
    keep_hidden = hidden_cells(suppress_union(*latest)) if latest is not None else set()
    return suppress_union(values, people, keep_hidden)


def _municipality_cells(counts: KpiCounts, request: ReportRequest, metric: str) -> dict[str, int]:
    values = dict.fromkeys(sorted(request.window.municipalities), 0)
    values.update(counts.by_municipality(metric))
    return values


def _by_municipality(figures: Releases, request: ReportRequest, metric: str) -> SuppressedTable:
    values = _municipality_cells(figures.shown, request, metric)
    latest = None
    if figures.latest:
        now = figures.latest
        latest = (_municipality_cells(now, request, metric), now.total(metric))
    return union_table(values, figures.shown.total(metric), request, latest)


def municipality_hidden(releases: Releases, request: ReportRequest, metric: str) -> bool:
    """Whether the requested municipality's *metric* is hidden in the municipality table:
    then its months and breakdowns are withheld too, or they would add up to it."""
    if not request.suppressed or request.municipality is None:
        return False
    shown = _by_municipality(releases, request, metric).cells[request.municipality]
    return isinstance(shown, str)


def kpi_report(releases: Releases, request: ReportRequest) -> KpiReport:
    figures = []
    for metric in METRICS:
        shown = _by_municipality(releases, request, metric)
        value = shown.cells[request.municipality] if request.municipality else shown.total
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


def municipality_table(releases: Releases, request: ReportRequest) -> MunicipalityTable:
    tables = {metric: _by_municipality(releases, request, metric) for metric in METRICS}
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


def _months(counts: KpiCounts, request: ReportRequest, metric: str) -> dict[str, int]:
    if request.municipality:
        return dict(sorted(counts.counts[metric][request.municipality].items()))
    return counts.by_month(metric)


def timeseries(
    releases: Releases, request: ReportRequest, metric: str, withhold: bool = False
) -> Timeseries:
    values = _months(releases.shown, request, metric)
    latest = _months(releases.latest, request, metric) if releases.latest else None
    shown = table(values, request, latest, withhold)
    return Timeseries(
        metric=metric,
        interval="month",
        municipality=request.municipality,
        as_of=request.window.as_of,
        suppressed=request.suppressed,
        points=[TimePoint(period=p, value=v) for p, v in shown.cells.items()],
        total=shown.total,
    )


def breakdown(
    values: dict[str, int],
    request: ReportRequest,
    metric: str,
    by: str,
    latest: dict[str, int] | None = None,
    withhold: bool = False,
) -> Breakdown:
    shown = table(values, request, latest, withhold)
    return Breakdown(
        metric=metric,
        by=by,
        municipality=request.municipality,
        as_of=request.window.as_of,
        suppressed=request.suppressed,
        cells=shown.cells,
        total=shown.total,
    )
