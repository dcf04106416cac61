"""Counts and sums of one kind of fact by label: euros, hours, activities, outcomes."""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from reporting.queries.window import Window
from reporting.schema import facts


@dataclass(frozen=True, slots=True)
class Total:
    count: int
    amount: Decimal


async def totals_by_label(conn: AsyncConnection, window: Window, fact: str) -> dict[str, Total]:
    c = facts.c
    query = (
        select(c.label, func.count(), func.coalesce(func.sum(c.amount), 0))
        .where(
            c.fact == fact,
            c.recorded_at <= window.as_of,
            window.within(c.municipality),
            window.business_time(c.occurred_at),
        )
        .group_by(c.label)
        .order_by(c.label)
    )
    return {
        label or "": Total(int(n), Decimal(amount))
        for label, n, amount in await conn.execute(query)
    }


def overall(by_label: dict[str, Total]) -> Total:
    return Total(
        sum(t.count for t in by_label.values()),
        sum((t.amount for t in by_label.values()), Decimal(0)),
    )
