"""KPI counts per metric, municipality and month: the one query every KPI report sums up."""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Subquery, func, select, true
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncConnection

from reporting.domain.kpis import KPIS, Kpi
from reporting.queries.people import with_people
from reporting.queries.window import Window
from reporting.schema import facts

#: metric -> municipality -> "YYYY-MM" -> count
Counts = dict[str, dict[str, dict[str, int]]]


def counted(kpi: Kpi, window: Window) -> Subquery:
    """What the KPI counts among the window's municipalities, as recorded by ``as_of``.

    A person (records merged into one another at ``as_of`` are one person) counts once per
    municipality, at their first event there; ``first_in_scope`` marks the one row where
    they count for the whole scope (their first event in any of the window's
    municipalities). Events (not people) are all counted, each in scope once."""
    f = facts.c
    columns = (f.event_id, f.beneficiary_id, f.municipality, f.occurred_at, f.label)
    chosen = (f.fact == kpi.fact, f.recorded_at <= window.as_of, window.within(f.municipality))
    if not kpi.distinct_people:
        return select(*columns, true().label("first_in_scope")).where(*chosen).subquery()
    source, person = with_people(facts, f.beneficiary_id, window.as_of)
    per_place = (
        select(*columns, person.label("person_id"))
        .select_from(source)
        .where(*chosen)
        .ext(distinct_on(person, f.municipality))
        .order_by(person, f.municipality, f.occurred_at, f.event_id)
        .subquery()
    )
    p = per_place.c
    nth = func.row_number().over(partition_by=p.person_id, order_by=(p.occurred_at, p.event_id))
    return select(
        p.event_id, p.beneficiary_id, p.municipality, p.occurred_at, p.label,
        (nth == 1).label("first_in_scope"),
    ).subquery()  # fmt: skip


def _new_counts() -> Counts:
    return defaultdict(lambda: defaultdict(dict))


@dataclass
class KpiCounts:
    """``counts``: each municipality's own (a person once per municipality, at their first
    event there); ``firsts``: where and when each person counts once for the whole scope.
    A person taken in charge by two municipalities is in both rows of ``counts``, once in
    ``firsts``: the municipalities' figures may add up to more than the total."""

    counts: Counts = field(default_factory=_new_counts)
    firsts: Counts = field(default_factory=_new_counts)

    def by_municipality(self, metric: str) -> dict[str, int]:
        return {m: sum(months.values()) for m, months in self.counts[metric].items()}

    def by_month(self, metric: str) -> dict[str, int]:
        """The scope's months: each person once, in the month of their first event."""
        totals: dict[str, int] = defaultdict(int)
        for months in self.firsts[metric].values():
            for month, n in months.items():
                totals[month] += n
        return dict(sorted(totals.items()))

    def total(self, metric: str, municipality: str | None = None) -> int:
        """A municipality's figure, or the scope's: each person once."""
        if municipality:
            return self.by_municipality(metric).get(municipality, 0)
        return sum(self.by_month(metric).values())


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
            select(
                rows.c.municipality,
                month,
                func.count(),
                func.count().filter(rows.c.first_in_scope),
            )
            .where(window.business_time(rows.c.occurred_at))
            .group_by(rows.c.municipality, month)
        )
        for municipality, label, n, firsts in await conn.execute(query):
            result.counts[metric][municipality][label] = int(n)
            if firsts:
                result.firsts[metric][municipality][label] = int(firsts)
    return result
