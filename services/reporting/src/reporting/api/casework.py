"""The case-work report: counts per municipality with the caller's suppression applied.

For the national office each column is suppressed across municipalities with its total,
like the KPI table; the three complaint columns (received = answered + open) together.
A release for a past ``as_of`` keeps hidden what the latest release hides.
"""

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncConnection

from reporting.api import presenters
from reporting.api.deps import ReportRequest
from reporting.api.schemas import (
    CaseworkFigures,
    CaseworkReport,
    CaseworkRow,
    ComplaintFigures,
    ConsentFigures,
)
from reporting.domain.linked_suppression import suppress_together
from reporting.domain.suppression import Shown, SuppressedTable, hidden_cells
from reporting.projections.casework_facts import PURPOSES
from reporting.queries.casework import (
    COMPLAINT_COLUMNS,
    EVENT_COUNTS,
    OVERDUE_COLUMNS,
    CaseworkCounts,
    casework_counts,
    consent_column,
)

CONSENT_KINDS = ("given", "withdrawn", "valid")
SEPARATE_COLUMNS = (
    *(consent_column(kind, purpose) for purpose in PURPOSES for kind in CONSENT_KINDS),
    *EVENT_COUNTS.values(),
    *OVERDUE_COLUMNS,
)
Tables = dict[str, SuppressedTable]


def _cells(counts: CaseworkCounts, request: ReportRequest, column: str) -> dict[str, int]:
    values = dict.fromkeys(sorted(request.window.municipalities), 0)
    values.update(counts.columns.get(column, {}))
    return values


def _complaints(counts: CaseworkCounts, request: ReportRequest, latest: Tables | None) -> Tables:
    columns = {column: _cells(counts, request, column) for column in COMPLAINT_COLUMNS}
    if not request.suppressed:
        return {name: SuppressedTable(dict(v), sum(v.values())) for name, v in columns.items()}
    keep = {name: hidden_cells(table) for name, table in (latest or {}).items()}
    return suppress_together(columns, keep)


def _tables(
    counts: CaseworkCounts, request: ReportRequest, latest: CaseworkCounts | None
) -> Tables:
    now = _tables(latest, request, None) if latest is not None else None
    tables = _complaints(counts, request, now)
    for column in SEPARATE_COLUMNS:
        was = _cells(latest, request, column) if latest is not None else None
        tables[column] = presenters.table(_cells(counts, request, column), request, was)
    return tables


def _figures(shown: Callable[[str], Shown], median: float | None) -> CaseworkFigures:
    answered = shown("complaints_answered")
    return CaseworkFigures(
        complaints=ComplaintFigures(
            received=shown("complaints_received"),
            answered=answered,
            open=shown("complaints_open"),
            median_days_to_answer=median if isinstance(answered, int) else None,
        ),
        consents={
            purpose: ConsentFigures(
                **{kind: shown(consent_column(kind, purpose)) for kind in CONSENT_KINDS}
            )
            for purpose in PURPOSES
        },
        **{column: shown(column) for column in (*EVENT_COUNTS.values(), *OVERDUE_COLUMNS)},
    )


def _row(tables: Tables, counts: CaseworkCounts, municipality: str) -> CaseworkRow:
    figures = _figures(lambda c: tables[c].cells[municipality], counts.median_days(municipality))
    return CaseworkRow(municipality=municipality, **dict(figures))


async def casework_report(
    conn: AsyncConnection, request: ReportRequest, referral_answer_days: int
) -> CaseworkReport:
    """*referral_answer_days*: a referral unanswered after so many days counts as such."""
    window = request.window
    counts = await casework_counts(conn, window, referral_answer_days)
    latest = None
    if request.needs_latest:
        latest = await casework_counts(conn, request.latest(window), referral_answer_days)
    tables = _tables(counts, request, latest)
    chosen = [request.municipality] if request.municipality else sorted(window.municipalities)
    totals = None
    if request.municipality is None:
        totals = _figures(lambda c: tables[c].total, counts.median_days())
    return CaseworkReport(
        as_of=window.as_of,
        from_=window.start,
        to=window.end,
        municipality=request.municipality,
        suppressed=request.suppressed,
        rows=[_row(tables, counts, m) for m in chosen],
        totals=totals,
    )
