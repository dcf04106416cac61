"""Beneficiary attributes (sex, birth year, nationality) as each intake event left them."""

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import BeneficiaryPersonalDataUpdated, BeneficiaryRegistered
from lgnet_events.envelope import Envelope
from reporting.schema import beneficiary_attributes as table

Row = dict[str, Any]
#: the latest attributes of people seen in this batch, by beneficiary id
Known = dict[UUID, Row]
_FIELDS = ("sex", "birth_year", "nationality")


async def row_of(
    conn: AsyncConnection, envelope: Envelope, event: DomainEvent, known: Known
) -> Row | None:
    """The attributes row *event* leaves, or None; *known* spares a query per person."""
    if isinstance(event, BeneficiaryRegistered):
        values = event.model_dump(include=set(_FIELDS))
    elif isinstance(event, BeneficiaryPersonalDataUpdated):
        previous = known.get(envelope.stream_id) or await _latest(conn, envelope.stream_id)
        if previous is None:
            return None
        changed = event.model_dump(include=set(_FIELDS), exclude_none=True)
        values = {**{f: previous[f] for f in _FIELDS}, **changed}
    else:
        return None
    row = {
        "event_id": envelope.event_id,
        "beneficiary_id": envelope.stream_id,
        "municipality": envelope.municipality,
        "recorded_at": envelope.recorded_at,
        **values,
    }
    known[envelope.stream_id] = row
    return row


async def insert_rows(conn: AsyncConnection, rows: Sequence[Row]) -> None:
    if rows:
        await conn.execute(insert(table).on_conflict_do_nothing(), list(rows))


async def apply(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
    row = await row_of(conn, envelope, event, {})
    if row is not None:
        await insert_rows(conn, [row])


async def _latest(conn: AsyncConnection, beneficiary_id: UUID) -> Row | None:
    row = (
        await conn.execute(
            select(*(table.c[f] for f in _FIELDS))
            .where(table.c.beneficiary_id == beneficiary_id)
            .order_by(table.c.recorded_at.desc(), table.c.event_id.desc())
            .limit(1)
        )
    ).first()
    return dict(row._mapping) if row else None
