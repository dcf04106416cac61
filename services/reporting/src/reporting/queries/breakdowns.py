"""People counted by a KPI, broken down by sex, age band, nationality or channel.

Each person once in the window's scope (records merged into one another are one person),
with the attributes of the record of their counted event."""

from collections import Counter
from typing import Literal

from sqlalchemy import Subquery, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncConnection

from reporting.domain.age import age_band
from reporting.domain.kpis import Kpi
from reporting.queries.kpis import counted
from reporting.queries.window import Window
from reporting.schema import beneficiary_attributes as attributes

Dimension = Literal["sex", "age_band", "nationality", "channel"]
UNKNOWN = "unknown"


def _attributes_as_of(window: Window) -> Subquery:
    a = attributes.c
    return (
        select(a.beneficiary_id, a.sex, a.birth_year, a.nationality)
        .where(a.recorded_at <= window.as_of)
        .ext(distinct_on(a.beneficiary_id))
        .order_by(a.beneficiary_id, a.recorded_at.desc(), a.event_id.desc())
        .subquery()
    )


async def breakdown(
    conn: AsyncConnection, kpi: Kpi, window: Window, dimension: Dimension
) -> dict[str, int]:
    rows = counted(kpi, window)
    known = _attributes_as_of(window)
    query = (
        select(
            rows.c.occurred_at, rows.c.label, known.c.sex, known.c.birth_year, known.c.nationality
        )
        .outerjoin(known, known.c.beneficiary_id == rows.c.beneficiary_id)
        .where(rows.c.first_in_scope, window.business_time(rows.c.occurred_at))
    )
    cells: Counter[str] = Counter()
    for occurred_at, label, sex, birth_year, nationality in await conn.execute(query):
        if dimension == "channel":
            cells[label or UNKNOWN] += 1
        elif dimension == "age_band":
            cells[age_band(birth_year, occurred_at.year) if birth_year else UNKNOWN] += 1
        else:
            cells[(sex if dimension == "sex" else nationality) or UNKNOWN] += 1
    return dict(sorted(cells.items()))
