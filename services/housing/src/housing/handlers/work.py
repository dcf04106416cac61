"""One transaction of housing: the caller and the repositories it may use."""

from dataclasses import dataclass, field
from typing import TypeVar
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection

from housing.domain.errors import Missing
from housing.domain.measure import SupportMeasure
from housing.domain.placement import Placement
from housing.domain.request import HousingRequest
from housing.domain.unit import HousingUnit
from housing.handlers.errors import StaleVersion
from lgnet_events.envelope import EventContext
from lgnet_events.ids import uuid7
from lgnet_events.repository import Loaded, Repository

S = TypeVar("S")


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is acting, where they may act, and the flow their request belongs to."""

    actor: str
    municipalities: frozenset[str]
    correlation_id: UUID = field(default_factory=uuid7)
    causation_id: UUID | None = None
    traceparent: str | None = None

    def sees(self, municipality: str | None) -> bool:
        return municipality is not None and municipality in self.municipalities

    def context(self, municipality: str | None) -> EventContext:
        return EventContext(
            actor=self.actor,
            municipality=str(municipality),
            correlation_id=self.correlation_id,
            causation_id=self.causation_id,
            traceparent=self.traceparent,
        )


@dataclass(frozen=True, slots=True)
class Repositories:
    units: Repository[HousingUnit]
    requests: Repository[HousingRequest]
    placements: Repository[Placement]
    measures: Repository[SupportMeasure]


@dataclass(frozen=True, slots=True)
class Work:
    conn: AsyncConnection
    caller: Caller
    repos: Repositories

    async def unit(self, unit_id: UUID, if_match: int | None = None) -> Loaded[HousingUnit]:
        loaded = await self.repos.units.load(self.conn, unit_id)
        return self._visible(loaded, "unit", if_match)

    async def request(
        self, request_id: UUID, if_match: int | None = None
    ) -> Loaded[HousingRequest]:
        loaded = await self.repos.requests.load(self.conn, request_id)
        return self._visible(loaded, "request", if_match)

    async def placement(self, placement_id: UUID, if_match: int | None = None) -> Loaded[Placement]:
        loaded = await self.repos.placements.load(self.conn, placement_id)
        return self._visible(loaded, "placement", if_match)

    async def measure(
        self, measure_id: UUID, if_match: int | None = None
    ) -> Loaded[SupportMeasure]:
        loaded = await self.repos.measures.load(self.conn, measure_id)
        return self._visible(loaded, "support measure", if_match)

    def _visible(self, loaded: Loaded[S], what: str, if_match: int | None) -> Loaded[S]:
        # Another municipality's aggregate answers exactly like a missing one.
        if loaded.version == 0 or not self.caller.sees(loaded.municipality):
            raise Missing(f"no such {what}")
        if if_match is not None and if_match != loaded.version:
            raise StaleVersion(if_match, loaded.version)
        return loaded
