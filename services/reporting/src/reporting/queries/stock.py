"""Housing stock as it stood at ``as_of``: beds, beds occupied, units under refurbishment."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from reporting.queries.window import Window
from reporting.schema import facts

STOCK_FACTS = ("unit_beds", "refurbishment", "placement_started", "placement_ended")


@dataclass(frozen=True, slots=True)
class Stock:
    units: int
    beds: int
    beds_occupied: int
    beds_under_refurbishment: int
    units_under_refurbishment: int

    @property
    def beds_free(self) -> int:
        return max(0, self.beds - self.beds_under_refurbishment - self.beds_occupied)


async def housing_stock(conn: AsyncConnection, window: Window) -> Stock:
    c = facts.c
    query = (
        select(c.fact, c.item_id, c.label, c.amount)
        .where(
            c.fact.in_(STOCK_FACTS), c.recorded_at <= window.as_of, window.within(c.municipality)
        )
        .order_by(c.occurred_at, c.event_id)
    )
    beds: dict[object, int] = {}
    refurbishing: dict[object, bool] = {}
    placed: set[object] = set()
    for fact, item_id, label, amount in await conn.execute(query):
        if fact == "unit_beds":
            beds[item_id] = int(amount)
        elif fact == "refurbishment":
            refurbishing[item_id] = label == "started"
        elif fact == "placement_started":
            placed.add(item_id)
        else:
            placed.discard(item_id)
    closed = [unit for unit, started in refurbishing.items() if started]
    return Stock(
        units=len(beds),
        beds=sum(beds.values()),
        beds_occupied=len(placed),
        beds_under_refurbishment=sum(beds.get(unit, 0) for unit in closed),
        units_under_refurbishment=len(closed),
    )
