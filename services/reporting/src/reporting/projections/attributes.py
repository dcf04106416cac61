"""Beneficiary attributes (sex, birth year, nationality) as each intake event left them."""

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import BeneficiaryPersonalDataUpdated, BeneficiaryRegistered
from lgnet_events.envelope import Envelope
from reporting.generations import schema_of
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


_REGISTERED = f"'{BeneficiaryRegistered.event_type}'"
_UPDATED = f"'{BeneficiaryPersonalDataUpdated.event_type}'"
_PAYLOAD = "jsonb_to_record(a.envelope->'data') AS d (sex text, birth_year int, nationality text)"

#: The set-based form of ``row_of``. Most people have only their registration: their row is
#: its fields, one pass, no sort. The people whose data was updated (``updated``: few) have
#: each field carried forward from their earlier events, in windows over their streams.
#: ``jsonb_to_record`` reads each payload once and keeps the rows the windows sort small.
#: Only constants of this module, then the caller's fixed ``where``: no input reaches here.
_CARRIED = f"""
WITH updated AS MATERIALIZED (
  SELECT DISTINCT a.stream_id FROM public.audit_log a
  WHERE a.event_type = {_UPDATED} AND ({{where}})
)
INSERT INTO "{{schema}}".beneficiary_attributes
  (event_id, beneficiary_id, municipality, sex, birth_year, nationality, recorded_at)
SELECT a.event_id, a.stream_id, a.municipality, d.sex, d.birth_year, d.nationality,
  a.recorded_at
FROM public.audit_log a CROSS JOIN LATERAL {_PAYLOAD}
WHERE a.event_type = {_REGISTERED} AND ({{where}})
  AND a.stream_id NOT IN (SELECT stream_id FROM updated)
  AND d.sex IS NOT NULL AND d.birth_year IS NOT NULL AND d.nationality IS NOT NULL
UNION ALL
SELECT event_id, stream_id, municipality, sex, birth_year, nationality, recorded_at FROM (
  SELECT event_id, stream_id, municipality, recorded_at,
    first_value(sex) OVER (PARTITION BY stream_id, gs ORDER BY position) AS sex,
    first_value(birth_year) OVER (PARTITION BY stream_id, gb ORDER BY position) AS birth_year,
    first_value(nationality) OVER (PARTITION BY stream_id, gn ORDER BY position) AS nationality
  FROM (
    SELECT a.event_id, a.stream_id, a.municipality, a.recorded_at, a.position,
      d.sex, d.birth_year, d.nationality,
      count(d.sex) OVER w AS gs, count(d.birth_year) OVER w AS gb, count(d.nationality) OVER w AS gn
    FROM public.audit_log a CROSS JOIN LATERAL {_PAYLOAD}
    WHERE a.event_type IN ({_REGISTERED}, {_UPDATED}) AND ({{where}})
      AND a.stream_id IN (SELECT stream_id FROM updated)
    WINDOW w AS (PARTITION BY a.stream_id ORDER BY a.position)
  ) fields
) carried
WHERE sex IS NOT NULL AND birth_year IS NOT NULL AND nationality IS NOT NULL
ON CONFLICT DO NOTHING
"""  # noqa: S608


async def project_where(
    conn: AsyncConnection, generation: int, where: str, params: dict[str, object]
) -> None:
    """Attributes rows for every matching audit row; *where* must cover whole streams."""
    await conn.execute(text(_CARRIED.format(schema=schema_of(generation), where=where)), params)
