"""The facts table: one row per (event, fact); figures are aggregates of it."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from lgnet_events.catalog.base import DomainEvent
from lgnet_events.envelope import Envelope
from reporting.domain.facts import facts_of, occurred_at
from reporting.schema import facts

Row = dict[str, Any]


def rows_of(envelope: Envelope, event: DomainEvent) -> list[Row]:
    return [
        {
            "event_id": envelope.event_id,
            "fact": found.fact,
            "municipality": envelope.municipality,
            "beneficiary_id": found.beneficiary_id,
            "item_id": found.item_id,
            "label": found.label,
            "amount": found.amount,
            "occurred_at": occurred_at(envelope, found),
            "recorded_at": envelope.recorded_at,
        }
        for found in facts_of(envelope, event)
    ]


async def insert_rows(conn: AsyncConnection, rows: Sequence[Row]) -> None:
    if rows:
        await conn.execute(insert(facts).on_conflict_do_nothing(), list(rows))


async def apply(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
    await insert_rows(conn, rows_of(envelope, event))
