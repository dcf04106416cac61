"""One transaction of civic: the caller, today's date and the repositories it may use."""

from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection

from civic.domain.activity import CommunityActivity
from civic.domain.candidate import Candidate
from civic.domain.errors import Missing
from civic.domain.individual_project import IndividualProject
from civic.domain.project import Project
from civic.handlers.errors import StaleVersion
from lgnet_events.envelope import Envelope, EventContext
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

    @classmethod
    def reacting_to(cls, envelope: Envelope) -> "Caller":
        """Another service's event may only touch what belongs to its own municipality."""
        return cls(
            actor=envelope.actor,
            municipalities=frozenset({envelope.municipality}),
            correlation_id=envelope.correlation_id,
            causation_id=envelope.event_id,
            traceparent=envelope.traceparent,
        )

    def sees(self, municipality: str | None) -> bool:
        return municipality is not None and municipality in self.municipalities

    def context(self, municipality: str) -> EventContext:
        return EventContext(
            actor=self.actor,
            municipality=municipality,
            correlation_id=self.correlation_id,
            causation_id=self.causation_id,
            traceparent=self.traceparent,
        )


@dataclass(frozen=True, slots=True)
class Repositories:
    projects: Repository[Project]
    candidates: Repository[Candidate]
    individual_projects: Repository[IndividualProject]
    activities: Repository[CommunityActivity]


@dataclass(frozen=True, slots=True)
class Unit:
    conn: AsyncConnection
    caller: Caller
    today: date
    repos: Repositories

    async def candidate(self, candidate_id: UUID, if_match: int | None = None) -> Loaded[Candidate]:
        loaded = await self.repos.candidates.load(self.conn, candidate_id)
        return self.visible(loaded, "candidate", if_match)

    async def individual_project(
        self, individual_project_id: UUID, if_match: int | None = None
    ) -> Loaded[IndividualProject]:
        loaded = await self.repos.individual_projects.load(self.conn, individual_project_id)
        return self.visible(loaded, "individual project", if_match)

    def visible(self, loaded: Loaded[S], what: str, if_match: int | None = None) -> Loaded[S]:
        # Another municipality's aggregate answers exactly like a missing one.
        if loaded.version == 0 or not self.caller.sees(loaded.municipality):
            raise Missing(f"no such {what}")
        if if_match is not None and if_match != loaded.version:
            raise StaleVersion(if_match, loaded.version)
        return loaded
