"""Beneficiary attributes (sex, birth year, nationality) as each intake event left them."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import BeneficiaryPersonalDataUpdated, BeneficiaryRegistered
from lgnet_events.envelope import Envelope
from reporting.schema import beneficiary_attributes as table


async def apply(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
    if isinstance(event, BeneficiaryRegistered):
        values = {
            "sex": event.sex,
            "birth_year": event.birth_year,
            "nationality": event.nationality,
        }
    elif isinstance(event, BeneficiaryPersonalDataUpdated):
        previous = await _latest(conn, envelope)
        if previous is None:
            return
        changed = event.model_dump(include={"sex", "birth_year", "nationality"}, exclude_none=True)
        values = {**previous, **changed}
    else:
        return
    await conn.execute(
        insert(table)
        .values(
            event_id=envelope.event_id,
            beneficiary_id=envelope.stream_id,
            municipality=envelope.municipality,
            recorded_at=envelope.recorded_at,
            **values,
        )
        .on_conflict_do_nothing()
    )


async def _latest(conn: AsyncConnection, envelope: Envelope) -> dict[str, Any] | None:
    row = (
        await conn.execute(
            select(table.c.sex, table.c.birth_year, table.c.nationality)
            .where(table.c.beneficiary_id == envelope.stream_id)
            .order_by(table.c.recorded_at.desc(), table.c.event_id.desc())
            .limit(1)
        )
    ).first()
    return dict(row._mapping) if row else None
