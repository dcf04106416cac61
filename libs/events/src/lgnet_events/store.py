"""PostgreSQL event store: optimistic append per stream, outbox in the same transaction."""

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, func, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from lgnet_events.catalog.base import DomainEvent
from lgnet_events.envelope import Envelope, EventContext
from lgnet_events.registry import envelope_for
from lgnet_events.schema import events, outbox, streams

_ENVELOPE_COLUMNS = [c for c in events.c if c.name != "position"]
#: Statements every command runs, built once (values come at execution): building them per
#: call cost more Python than running them.
#: (Parameters are not named as columns: an UPDATE would take those for values to SET.)
_READ_STREAM = (
    select(*_ENVELOPE_COLUMNS)
    .where(events.c.stream_id == bindparam("sid"))
    .order_by(events.c.stream_version)
)
_CREATE_STREAM = (
    pg_insert(streams)
    .values(stream_id=bindparam("sid"), stream_type=bindparam("kind"), version=bindparam("new"))
    .on_conflict_do_nothing()
    .returning(streams.c.version)
)
_MOVE_STREAM = (
    update(streams)
    .where(streams.c.stream_id == bindparam("sid"), streams.c.version == bindparam("expected"))
    .values(version=bindparam("new"))
    .returning(streams.c.version)
)
#: Set in a connection's ``info`` by an append: the outbox relay of the engine is woken when
#: the connection goes back to the pool, after its commit (``OutboxRelay``).
OUTBOX_WRITTEN = "lgnet_outbox_written"


class ConcurrencyConflict(Exception):
    """Another writer appended to the stream first: reload and decide again (HTTP 409)."""

    def __init__(self, stream_id: UUID, expected: int, actual: int) -> None:
        super().__init__(f"stream {stream_id} is at version {actual}, expected {expected}")
        self.stream_id, self.expected, self.actual = stream_id, expected, actual


class StoredEvent:
    """An envelope and its position in the store's total order."""

    __slots__ = ("envelope", "position")

    def __init__(self, position: int, envelope: Envelope) -> None:
        self.position, self.envelope = position, envelope


def build_envelopes(
    new_events: Sequence[DomainEvent], context: EventContext, after_version: int
) -> list[Envelope]:
    """Wrap payloads of one stream in envelopes numbered from ``after_version + 1``."""
    return [
        envelope_for(
            event,
            after_version + i,
            actor=context.actor,
            municipality=context.municipality,
            correlation_id=context.correlation_id,
            causation_id=context.causation_id or context.correlation_id,
            traceparent=context.traceparent,
            occurred_at=context.occurred_at,
        )
        for i, event in enumerate(new_events, start=1)
    ]


def _row_values(envelope: Envelope) -> dict[str, Any]:
    values = envelope.model_dump(exclude={"data"})
    values["data"] = envelope.data
    return values


def envelope_from_row(row: Row[Any]) -> Envelope:
    return Envelope.model_construct(**{c.name: row._mapping[c.name] for c in _ENVELOPE_COLUMNS})


class EventStore:
    """Append and read events inside the caller's transaction."""

    async def append(
        self, conn: AsyncConnection, envelopes: Sequence[Envelope], expected_version: int
    ) -> int:
        """Append *envelopes* (one stream, consecutive versions) if the stream is at
        ``expected_version``; queue them in the outbox. A retry of an append that already
        committed (same event ids) is a no-op. Returns the new stream version."""
        if not envelopes:
            return expected_version
        first = envelopes[0]
        self._check_batch(envelopes, expected_version)
        new_version = expected_version + len(envelopes)
        if not await self._advance_stream(conn, first, expected_version, new_version):
            actual = await self.stream_version(conn, first.stream_id)
            if await self._already_appended(conn, first.event_id):
                return actual
            raise ConcurrencyConflict(first.stream_id, expected_version, actual)
        # One statement, one round trip: the events, and their positions into the outbox.
        appended = (
            insert(events)
            .values([_row_values(e) for e in envelopes])
            .returning(events.c.position)
            .cte("appended")
        )
        await conn.execute(
            insert(outbox).from_select([outbox.c.position], select(appended.c.position))
        )
        conn.info[OUTBOX_WRITTEN] = True
        return new_version

    @staticmethod
    def _check_batch(envelopes: Sequence[Envelope], expected_version: int) -> None:
        stream_id = envelopes[0].stream_id
        for offset, envelope in enumerate(envelopes, start=1):
            if envelope.stream_id != stream_id:
                raise ValueError("one append writes to one stream")
            if envelope.stream_version != expected_version + offset:
                raise ValueError("stream versions must follow the expected version")

    @staticmethod
    async def _advance_stream(
        conn: AsyncConnection, first: Envelope, expected: int, new: int
    ) -> bool:
        if expected == 0:
            values = {"sid": first.stream_id, "kind": first.stream_type, "new": new}
            return (await conn.execute(_CREATE_STREAM, values)).first() is not None
        # The row lock serialises concurrent writers: the loser re-reads the new version.
        values = {"sid": first.stream_id, "expected": expected, "new": new}
        return (await conn.execute(_MOVE_STREAM, values)).first() is not None

    @staticmethod
    async def _already_appended(conn: AsyncConnection, event_id: UUID) -> bool:
        found = await conn.scalar(select(events.c.position).where(events.c.event_id == event_id))
        return found is not None

    @staticmethod
    async def stream_version(conn: AsyncConnection, stream_id: UUID) -> int:
        version = await conn.scalar(
            select(streams.c.version).where(streams.c.stream_id == stream_id)
        )
        return int(version or 0)

    @staticmethod
    async def read_stream(conn: AsyncConnection, stream_id: UUID) -> list[Envelope]:
        rows = await conn.execute(_READ_STREAM, {"sid": stream_id})
        return [envelope_from_row(row) for row in rows]

    @staticmethod
    async def read_all(
        conn: AsyncConnection, after_position: int = 0, limit: int = 1000
    ) -> list[StoredEvent]:
        """Events after *after_position* in position order, stopping below any transaction
        still open, so that no event can later appear behind a position already read."""
        rows = await conn.execute(
            select(events.c.position, *_ENVELOPE_COLUMNS)
            .where(
                events.c.position > after_position,
                text("tx_id < pg_snapshot_xmin(pg_current_snapshot())"),
            )
            .order_by(events.c.position)
            .limit(limit)
        )
        return [StoredEvent(row.position, envelope_from_row(row)) for row in rows]

    @staticmethod
    async def head_position(conn: AsyncConnection) -> int:
        return int(await conn.scalar(select(func.coalesce(func.max(events.c.position), 0))) or 0)
