"""Projecting stored audit rows again, in batches: what a rebuild does with the audit log.

The same row builders as the live path; only the writing differs: a fresh generation has no
rows to conflict with, so facts go in with COPY.
"""

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from lgnet_events.envelope import Envelope
from lgnet_events.registry import EventRegistry
from reporting.generations import schema_of
from reporting.projections import attributes, fact_rows
from reporting.schema import facts

_FACT_COLUMNS = [column.name for column in facts.columns]


async def _copy_facts(conn: AsyncConnection, generation: int, rows: list[fact_rows.Row]) -> None:
    if not rows:
        return
    raw = await conn.get_raw_connection()
    driver: Any = raw.driver_connection
    await driver.copy_records_to_table(
        facts.name,
        schema_name=schema_of(generation),
        columns=_FACT_COLUMNS,
        records=[tuple(row[c] for c in _FACT_COLUMNS) for row in rows],
    )


async def project_stored(
    conn: AsyncConnection, registry: EventRegistry, generation: int, stored: Sequence[str]
) -> None:
    """Apply stored records (the audit log's ``raw`` JSON) in order to *generation*."""
    facts_found: list[fact_rows.Row] = []
    people: list[attributes.Row] = []
    known: attributes.Known = {}
    for raw in stored:
        envelope = Envelope.model_validate_json(raw)
        event = registry.decode(envelope)
        facts_found.extend(fact_rows.rows_of(envelope, event))
        if envelope.stream_type == "beneficiary":
            row = await attributes.row_of(conn, envelope, event, known)
            if row is not None:
                people.append(row)
    await attributes.insert_rows(conn, people)
    await _copy_facts(conn, generation, facts_found)
