"""Queries on the read models: the lists and details the API serves, and the unit lock."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, Table, and_, case, exists, func, select, true
from sqlalchemy.engine import Row, RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection

from housing.projections.measures import support_measures
from housing.projections.placements import placements
from housing.projections.requests import housing_requests
from housing.projections.units import housing_units

units_c, requests_c = housing_units.c, housing_requests.c
placements_c, measures_c = placements.c, support_measures.c
FREE_BEDS = case(
    (units_c.status == "available", func.greatest(units_c.beds - units_c.occupied, 0)), else_=0
).label("free_beds")


async def lock_unit(conn: AsyncConnection, unit_id: UUID) -> Row[Any] | None:
    """The unit's row, locked until the transaction ends: one occupancy decision at a time."""
    query = select(housing_units).where(units_c.unit_id == unit_id).with_for_update()
    return (await conn.execute(query)).first()


async def has_open_placement(conn: AsyncConnection, beneficiary_id: UUID) -> bool:
    query = select(
        exists().where(placements_c.beneficiary_id == beneficiary_id, placements_c.status == "open")
    )
    return bool(await conn.scalar(query))


async def pending_requests_of(
    conn: AsyncConnection, beneficiary_id: UUID, municipality: str
) -> list[UUID]:
    """The person's requests still awaiting an answer, in *municipality* only."""
    query = select(requests_c.request_id).where(
        requests_c.beneficiary_id == beneficiary_id,
        requests_c.municipality == municipality,
        requests_c.status == "pending",
    )
    return list((await conn.scalars(query.order_by(requests_c.request_id))).all())


async def one(conn: AsyncConnection, table: Table, key: UUID) -> RowMapping | None:
    columns = [*table.c, FREE_BEDS] if table is housing_units else list(table.c)
    query = select(*columns).where(table.primary_key.columns.values()[0] == key)
    return (await conn.execute(query)).mappings().first()


@dataclass(frozen=True, slots=True)
class Filter:
    """What a list may show: the caller's municipalities, narrowed by query parameters."""

    visible: frozenset[str]
    municipality: str | None = None
    beneficiary_id: UUID | None = None
    status: str | None = None
    kind: str | None = None

    def where(self, table: Table) -> ColumnElement[bool]:
        c = table.c
        conditions: list[ColumnElement[bool]] = [c.municipality.in_(sorted(self.visible))]
        if self.municipality is not None:
            conditions.append(c.municipality == self.municipality)
        for name in ("beneficiary_id", "status", "kind"):
            value = getattr(self, name)
            if value is not None and name in c:
                conditions.append(c[name] == value)
        return and_(true(), *conditions)


async def page(
    conn: AsyncConnection, table: Table, where: Filter, after: UUID | None, limit: int
) -> Sequence[RowMapping]:
    """Up to ``limit + 1`` rows in id order (ids are UUIDv7: oldest first) after ``after``."""
    key = table.primary_key.columns.values()[0]
    columns = [*table.c, FREE_BEDS] if table is housing_units else list(table.c)
    query: Select[Any] = select(*columns).where(where.where(table))
    if after is not None:
        query = query.where(key > after)
    rows = await conn.execute(query.order_by(key).limit(limit + 1))
    return list(rows.mappings())


async def free_units(
    conn: AsyncConnection, where: Filter, after: UUID | None, limit: int
) -> Sequence[RowMapping]:
    query = (
        select(*housing_units.c, FREE_BEDS)
        .where(where.where(housing_units), FREE_BEDS > 0)
        .order_by(units_c.unit_id)
        .limit(limit + 1)
    )
    if after is not None:
        query = query.where(units_c.unit_id > after)
    return list((await conn.execute(query)).mappings())


async def measure_totals(conn: AsyncConnection, where: Filter) -> Sequence[RowMapping]:
    """Per municipality: measures, distinct beneficiaries, euro granted, over the filter."""
    query = (
        select(
            measures_c.municipality,
            func.count().label("measures"),
            func.count(measures_c.beneficiary_id.distinct()).label("beneficiaries"),
            func.coalesce(func.sum(measures_c.amount_eur), 0).label("amount_eur"),
        )
        .where(where.where(support_measures))
        .group_by(measures_c.municipality)
        .order_by(measures_c.municipality)
    )
    return list((await conn.execute(query)).mappings())


async def measure_beneficiaries(conn: AsyncConnection, where: Filter) -> int:
    query = select(func.count(measures_c.beneficiary_id.distinct())).where(
        where.where(support_measures)
    )
    return int(await conn.scalar(query) or 0)
