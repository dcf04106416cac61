"""Events published by civic on ``lgnet.civic.events``."""

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field, StringConstraints

from lgnet_events.catalog.base import DomainEvent

Sector = Literal["green_care", "personal_care", "territory_safety", "other"]
ProjectOutcome = Literal["completed", "job_offer", "training_course", "other"]
ActivityKind = Literal["workshop", "meeting", "event"]
Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,64}$")]
Label = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Hours = Annotated[Decimal, Field(gt=0, le=24, max_digits=4, decimal_places=2)]


class CivicProjectCreated(DomainEvent):
    event_type = "civic.CivicProjectCreated"
    stream_type = "civic_project"
    stream_key = "project_id"
    project_id: UUID
    title: Label
    sector: Sector
    host_organisation: Label
    places: int = Field(ge=1, le=1000)
    planned_hours: int = Field(ge=1, le=5000)


class CandidateEvent(DomainEvent):
    stream_type = "civic_candidate"
    stream_key = "candidate_id"
    candidate_id: UUID
    referral_id: UUID
    case_id: UUID
    beneficiary_id: UUID


class CivicCandidateReceived(CandidateEvent):
    event_type = "civic.CivicCandidateReceived"


class CivicCandidateAccepted(CandidateEvent):
    event_type = "civic.CivicCandidateAccepted"


class CivicCandidateDeclined(CandidateEvent):
    event_type = "civic.CivicCandidateDeclined"
    reason: Code


class IndividualProjectEvent(DomainEvent):
    stream_type = "individual_project"
    stream_key = "individual_project_id"
    individual_project_id: UUID
    beneficiary_id: UUID
    project_id: UUID


class IndividualProjectStarted(IndividualProjectEvent):
    event_type = "civic.IndividualProjectStarted"
    candidate_id: UUID | None = None
    tutor: Label
    planned_hours: int = Field(ge=1, le=5000)
    start_date: date


class HoursLogged(IndividualProjectEvent):
    event_type = "civic.HoursLogged"
    date: date
    hours: Hours


class IndividualProjectCompleted(IndividualProjectEvent):
    event_type = "civic.IndividualProjectCompleted"
    date: date
    outcome: ProjectOutcome


class IndividualProjectWithdrawn(IndividualProjectEvent):
    event_type = "civic.IndividualProjectWithdrawn"
    date: date
    reason: Code


class CommunityActivityHeld(DomainEvent):
    event_type = "civic.CommunityActivityHeld"
    stream_type = "community_activity"
    stream_key = "activity_id"
    activity_id: UUID
    kind: ActivityKind
    title: Label
    date: date
    capacity: int = Field(ge=1, le=100_000)
    beneficiary_ids: list[UUID] = Field(default_factory=list, max_length=100_000)
    resident_participants: int = Field(ge=0, le=100_000)
    participants: int = Field(ge=0, le=100_000)
