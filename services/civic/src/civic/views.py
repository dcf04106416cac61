"""Reads of civic's read models for the API: one row by id, or a page of a list."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from sqlalchemy import Column, Table, select
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection


@dataclass(frozen=True, slots=True)
class View:
    """A read model whose primary key is a time-ordered UUIDv7: newest first by key."""

    table: Table
    key: str

    @property
    def key_column(self) -> Column[Any]:
        return self.table.c[self.key]

    async def one(self, conn: AsyncConnection, key: UUID) -> RowMapping | None:
        query = select(self.table).where(self.key_column == key)
        return (await conn.execute(query)).mappings().first()

    async def page(
        self, conn: AsyncConnection, where: "Filter", after: UUID | None, limit: int
    ) -> list[RowMapping]:
        """*limit* + 1 rows, to tell whether more follow."""
        query = where.apply(self.table, select(self.table))
        if after is not None:
            query = query.where(self.key_column < after)
        query = query.order_by(self.key_column.desc()).limit(limit + 1)
        return list((await conn.execute(query)).mappings())


@dataclass(frozen=True, slots=True)
class Filter:
    municipalities: frozenset[str]
    equal: Mapping[str, object] = field(default_factory=dict)
    date_from: tuple[str, object] | None = None
    date_to: tuple[str, object] | None = None

    def apply(self, table: Table, query: Any) -> Any:
        c = table.c
        query = query.where(c.municipality.in_(sorted(self.municipalities)))
        for name, value in self.equal.items():
            if value is not None:
                query = query.where(c[name] == value)
        if self.date_from is not None and self.date_from[1] is not None:
            query = query.where(c[self.date_from[0]] >= self.date_from[1])
        if self.date_to is not None and self.date_to[1] is not None:
            query = query.where(c[self.date_to[0]] <= self.date_to[1])
        return query
