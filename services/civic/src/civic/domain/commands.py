"""What users and intake's events ask civic to do."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from lgnet_events.catalog.civic import ActivityKind, ProjectOutcome, Sector


@dataclass(frozen=True, slots=True)
class CreateProject:
    project_id: UUID
    title: str
    sector: Sector
    host_organisation: str
    places: int
    planned_hours: int


@dataclass(frozen=True, slots=True)
class ReceiveCandidate:
    candidate_id: UUID
    referral_id: UUID
    case_id: UUID
    beneficiary_id: UUID
    #: the person withdrew consent for civic after intake referred them: close at once
    consent_withdrawn: bool = False


@dataclass(frozen=True, slots=True)
class CloseForWithdrawnConsent:
    """The person withdrew consent for civic: a candidacy still awaiting an answer closes."""

    candidate_id: UUID


@dataclass(frozen=True, slots=True)
class AcceptCandidate:
    candidate_id: UUID


@dataclass(frozen=True, slots=True)
class DeclineCandidate:
    candidate_id: UUID
    reason: str


@dataclass(frozen=True, slots=True)
class StartIndividualProject:
    individual_project_id: UUID
    project_id: UUID
    beneficiary_id: UUID
    #: a staff code of the host organisation's tutor register, never a person's name
    tutor: str
    planned_hours: int
    start_date: date
    candidate_id: UUID | None = None


@dataclass(frozen=True, slots=True)
class LogHours:
    individual_project_id: UUID
    date: date
    hours: Decimal


@dataclass(frozen=True, slots=True)
class CompleteIndividualProject:
    individual_project_id: UUID
    date: date
    outcome: ProjectOutcome


@dataclass(frozen=True, slots=True)
class WithdrawIndividualProject:
    individual_project_id: UUID
    date: date
    reason: str


@dataclass(frozen=True, slots=True)
class HoldCommunityActivity:
    activity_id: UUID
    kind: ActivityKind
    title: str
    date: date
    capacity: int
    beneficiary_ids: tuple[UUID, ...]
    resident_participants: int
