"""KPI counts per metric, municipality and month: the one query every KPI report sums up."""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Subquery, func, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncConnection

from reporting.domain.kpis import KPIS, Kpi
from reporting.queries.window import Window
from reporting.schema import facts

#: metric -> municipality -> "YYYY-MM" -> count
Counts = dict[str, dict[str, dict[str, int]]]


def counted(kpi: Kpi, window: Window) -> Subquery:
    """What the KPI counts, as recorded by ``as_of``: a person once, at their first event."""
    query = select(
        facts.c.event_id,
        facts.c.beneficiary_id,
        facts.c.municipality,
        facts.c.occurred_at,
        facts.c.label,
    ).where(facts.c.fact == kpi.fact, facts.c.recorded_at <= window.as_of)
    if kpi.distinct_people:
        query = query.ext(distinct_on(facts.c.beneficiary_id)).order_by(
            facts.c.beneficiary_id, facts.c.occurred_at, facts.c.event_id
        )
    return query.subquery()


@dataclass
class KpiCounts:
    counts: Counts = field(default_factory=lambda: defaultdict(lambda: defaultdict(dict)))

    def by_municipality(self, metric: str) -> dict[str, int]:
        return {m: sum(months.values()) for m, months in self.counts[metric].items()}

    def by_month(self, metric: str) -> dict[str, int]:
        totals: dict[str, int] = defaultdict(int)
        for months in self.counts[metric].values():
            for month, n in months.items():
                totals[month] += n
        return dict(sorted(totals.items()))

    def total(self, metric: str, municipality: str | None = None) -> int:
        by = self.by_municipality(metric)
        return by.get(municipality, 0) if municipality else sum(by.values())


@dataclass(frozen=True, slots=True)
class Releases:
    """The counts asked for and, for suppressed callers asking about the past, those of now."""

    shown: KpiCounts
    latest: KpiCounts | None = None


async def releases(conn: AsyncConnection, window: Window, latest: Window | None) -> Releases:
    now = await kpi_counts(conn, latest) if latest is not None else None
    return Releases(await kpi_counts(conn, window), now)


async def kpi_counts(conn: AsyncConnection, window: Window) -> KpiCounts:
    result = KpiCounts()
    for metric, kpi in KPIS.items():
        rows = counted(kpi, window)
        month = func.to_char(func.timezone("UTC", rows.c.occurred_at), "YYYY-MM")
        query = (
            select(rows.c.municipality, month, func.count())
            .where(window.within(rows.c.municipality), window.business_time(rows.c.occurred_at))
            .group_by(rows.c.municipality, month)
        )
        for municipality, label, n in await conn.execute(query):
            result.counts[metric][municipality][label] = int(n)
    return result
