"""Projecting stored audit rows again, in batches: what a rebuild does with the audit log."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from lgnet_events.envelope import Envelope
from lgnet_events.registry import EventRegistry
from reporting.projections import attributes, fact_rows


async def project_stored(
    conn: AsyncConnection, registry: EventRegistry, stored: Sequence[dict[str, Any]]
) -> None:
    """Apply stored envelopes (audit-log JSON) in order; facts are inserted in one go."""
    rows: list[fact_rows.Row] = []
    for data in stored:
        envelope = Envelope.model_validate(data)
        event = registry.decode(envelope)
        rows.extend(fact_rows.rows_of(envelope, event))
        if envelope.stream_type == "beneficiary":
            await attributes.apply(conn, envelope, event)
    await fact_rows.insert_rows(conn, rows)
