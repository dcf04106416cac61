"""The candidate: a person intake referred to civic, accepted or declined by civic."""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal
from uuid import UUID

from civic.domain.commands import (
    AcceptCandidate,
    CloseForWithdrawnConsent,
    DeclineCandidate,
    ReceiveCandidate,
)
from civic.domain.errors import AlreadyDecided, CandidateNotAccepted, Missing, PersonalDataErased
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.civic import (
    CivicCandidateAccepted,
    CivicCandidateDeclined,
    CivicCandidateReceived,
)

Status = Literal["new", "received", "accepted", "declined"]
#: The reason a candidacy closed because the person withdrew consent (intake shows it as is).
CONSENT_WITHDRAWN = "consent_withdrawn"


@dataclass(frozen=True, slots=True)
class Referral:
    """Where the candidate came from: intake's referral, case and person."""

    referral_id: UUID
    case_id: UUID
    beneficiary_id: UUID

    def fields(self, candidate_id: UUID) -> dict[str, UUID]:
        return {
            "candidate_id": candidate_id,
            "referral_id": self.referral_id,
            "case_id": self.case_id,
            "beneficiary_id": self.beneficiary_id,
        }


@dataclass(frozen=True, slots=True)
class Candidate:
    candidate_id: UUID
    status: Status = "new"
    referral: Referral | None = None

    def receive(self, cmd: ReceiveCandidate) -> list[DomainEvent]:
        """A redelivered referral opens nothing new."""
        if self.status != "new":
            return []
        received = CivicCandidateReceived(
            candidate_id=self.candidate_id,
            referral_id=cmd.referral_id,
            case_id=cmd.case_id,
            beneficiary_id=cmd.beneficiary_id,
        )
        if not cmd.consent_withdrawn:
            return [received]
        closing = CloseForWithdrawnConsent(self.candidate_id)
        return [received, *evolve(self, received).close_for_withdrawn_consent(closing)]

    def close_for_withdrawn_consent(self, cmd: CloseForWithdrawnConsent) -> list[DomainEvent]:
        """Declines a candidacy awaiting an answer with ``consent_withdrawn``; else nothing.

        An accepted candidate stays accepted (intake already recorded that answer): no
        individual project can start from it while the consent stands withdrawn. Projects
        already started are never withdrawn by a withdrawal of consent.
        """
        if self.status != "received":
            return []
        return self.decline(DeclineCandidate(cmd.candidate_id, CONSENT_WITHDRAWN))

    def accept(self, cmd: AcceptCandidate, *, erased: bool) -> list[DomainEvent]:
        referral = self._require_undecided()
        if erased:
            raise PersonalDataErased("the personal data of this candidate has been erased")
        return [CivicCandidateAccepted(**referral.fields(self.candidate_id))]

    def decline(self, cmd: DeclineCandidate) -> list[DomainEvent]:
        referral = self._require_undecided()
        return [CivicCandidateDeclined(**referral.fields(self.candidate_id), reason=cmd.reason)]

    def require_startable(self) -> UUID:
        """The person an individual project may start for: only an accepted candidate."""
        if self.status != "accepted" or self.referral is None:
            raise CandidateNotAccepted(
                f"the candidate is {self.status}: accept it before starting a project"
            )
        return self.referral.beneficiary_id

    def _require_undecided(self) -> Referral:
        if self.referral is None:
            raise Missing(f"no candidate {self.candidate_id}")
        if self.status != "received":
            raise AlreadyDecided(f"the candidate was already {self.status}")
        return self.referral


def evolve(state: Candidate, event: DomainEvent) -> Candidate:
    if isinstance(event, CivicCandidateReceived):
        referral = Referral(event.referral_id, event.case_id, event.beneficiary_id)
        return replace(state, status="received", referral=referral)
    if isinstance(event, CivicCandidateAccepted):
        return replace(state, status="accepted")
    if isinstance(event, CivicCandidateDeclined):
        return replace(state, status="declined")
    return state


def replay(candidate_id: UUID, history: Iterable[DomainEvent]) -> Candidate:
    state = Candidate(candidate_id)
    for event in history:
        state = evolve(state, event)
    return state
