"""One transaction of intake: the caller, the repositories and the vault it may use."""

from dataclasses import dataclass, field
from typing import TypeVar
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection

from intake.domain.beneficiary import Beneficiary
from intake.domain.case import Case
from intake.domain.complaint import Complaint
from intake.domain.errors import Missing
from intake.fingerprints import Fingerprints
from intake.handlers.errors import StaleVersion
from intake.vault import Vault
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

    def context(self, municipality: str) -> EventContext:
        return EventContext(
            actor=self.actor,
            municipality=municipality,
            correlation_id=self.correlation_id,
            causation_id=self.causation_id,
            traceparent=self.traceparent,
        )


@dataclass(frozen=True, slots=True)
class Unit:
    conn: AsyncConnection
    caller: Caller
    vault: Vault
    fingerprints: Fingerprints
    beneficiaries: Repository[Beneficiary]
    cases: Repository[Case]
    complaints: Repository[Complaint]

    async def case(self, case_id: UUID, if_match: int | None = None) -> Loaded[Case]:
        return self._visible(await self.cases.load(self.conn, case_id), "case", if_match)

    async def beneficiary(
        self, beneficiary_id: UUID, if_match: int | None = None
    ) -> Loaded[Beneficiary]:
        loaded = await self.beneficiaries.load(self.conn, beneficiary_id)
        return self._visible(loaded, "beneficiary", if_match)

    async def complaint(self, complaint_id: UUID, if_match: int | None = None) -> Loaded[Complaint]:
        loaded = await self.complaints.load(self.conn, complaint_id)
        return self._visible(loaded, "complaint", if_match)

    async def seal(self, beneficiary_id: UUID, clear: str | None) -> str | None:
        return None if clear is None else await self.vault.seal(self.conn, beneficiary_id, clear)

    def _visible(self, loaded: Loaded[S], what: str, if_match: int | None) -> Loaded[S]:
        # Another municipality's aggregate answers exactly like a missing one.
        if loaded.version == 0 or not self.caller.sees(loaded.municipality):
            raise Missing(f"no such {what}")
        if if_match is not None and if_match != loaded.version:
            raise StaleVersion(if_match, loaded.version)
        return loaded
