"""Aggregates loaded from and saved to the event store, read models updated alongside.

Shared by every service: ``Repository(store, registry, replay, project)``, where *replay*
builds the state from a stream's events and *project* updates read models in the same
transaction as the append.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection

from lgnet_events.catalog.base import DomainEvent
from lgnet_events.envelope import Envelope, EventContext
from lgnet_events.registry import EventRegistry
from lgnet_events.store import EventStore, build_envelopes

S = TypeVar("S")
Replay = Callable[[UUID, Iterable[DomainEvent]], S]


class Projector(Protocol):
    async def __call__(
        self, conn: AsyncConnection, envelope: Envelope, event: DomainEvent
    ) -> None: ...


@dataclass(frozen=True, slots=True)
class Loaded(Generic[S]):
    """An aggregate's state, the version it was read at, and its municipality (once it exists)."""

    stream_id: UUID
    state: S
    version: int
    municipality: str | None


@dataclass(frozen=True, slots=True)
class Saved:
    stream_id: UUID
    version: int
    envelopes: Sequence[Envelope]


class Repository(Generic[S]):
    def __init__(
        self, store: EventStore, registry: EventRegistry, replay: Replay[S], project: Projector
    ) -> None:
        self._store, self._registry, self._replay, self._project = store, registry, replay, project

    async def load(self, conn: AsyncConnection, stream_id: UUID) -> Loaded[S]:
        envelopes = await self._store.read_stream(conn, stream_id)
        history = [self._registry.decode(e) for e in envelopes]
        municipality = envelopes[0].municipality if envelopes else None
        return Loaded(stream_id, self._replay(stream_id, history), len(envelopes), municipality)

    async def save(
        self,
        conn: AsyncConnection,
        loaded: Loaded[S],
        new_events: Sequence[DomainEvent],
        context: EventContext,
    ) -> Saved:
        """Append with the version the state was read at: a concurrent writer makes this
        raise ``ConcurrencyConflict``. Read models follow in the same transaction."""
        envelopes = build_envelopes(new_events, context, loaded.version)
        version = await self._store.append(conn, envelopes, loaded.version)
        for envelope, event in zip(envelopes, new_events, strict=True):
            await self._project(conn, envelope, event)
        return Saved(loaded.stream_id, version, envelopes)
