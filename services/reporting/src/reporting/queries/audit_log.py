"""Browsing the audit log: filters and keyset paging by position."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Row, select
from sqlalchemy.ext.asyncio import AsyncConnection

from reporting.schema import audit_log


@dataclass(frozen=True, slots=True)
class AuditFilter:
    stream_id: UUID | None = None
    event_type: str | None = None
    municipality: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    #: the caller's municipalities, when they are not all of them
    within: frozenset[str] | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        c = audit_log.c
        found: list[ColumnElement[bool]] = []
        if self.stream_id is not None:
            found.append(c.stream_id == self.stream_id)
        if self.event_type is not None:
            found.append(c.event_type == self.event_type)
        if self.municipality is not None:
            found.append(c.municipality == self.municipality)
        if self.start is not None:
            found.append(c.recorded_at >= self.start)
        if self.end is not None:
            found.append(c.recorded_at < self.end)
        if self.within is not None:
            found.append(c.municipality.in_(sorted(self.within)))
        return found


async def audit_page(
    conn: AsyncConnection, where: AuditFilter, after: int, limit: int
) -> list[Row[Any]]:
    c = audit_log.c
    query = (
        select(
            c.position,
            c.topic,
            c.partition,
            c.offset,
            c.envelope,
        )
        .where(c.position > after, *where.conditions())
        .order_by(c.position)
        .limit(limit + 1)
    )
    return list(await conn.execute(query))
