"""Events published by intake on ``lgnet.intake.events``."""

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from lgnet_events.catalog.base import DomainEvent, Sealed

Sex = Literal["female", "male", "other", "not_stated"]
Channel = Literal["mobile_unit", "one_stop_shop"]
Urgency = Literal["low", "medium", "high", "critical"]
TeamRole = Literal["social_worker", "psychologist", "legal_advisor", "cultural_mediator", "other"]
SupportKind = Literal[
    "social", "psychological", "legal", "orientation", "mediation", "health_orientation", "other"
]
ReferralTarget = Literal[
    "housing", "civic", "health_service", "legal_aid", "employment_service", "education", "other"
]
ReferralOutcome = Literal["accepted", "declined", "completed"]
CaseOutcome = Literal[
    "autonomy_reached", "transferred", "moved_away", "lost_contact", "refused_support", "other"
]
ConsentPurpose = Literal[
    "case_work", "referral_housing", "referral_civic", "external_sharing", "statistics"
]
ErasureReason = Literal["data_subject_request", "retention_expired", "other"]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,64}$")]


class ConsentTerms(BaseModel):
    """Consent for one purpose, from a day, until a day or open-ended."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    purpose: ConsentPurpose
    given_on: date
    expires_on: date | None = None


class BeneficiaryEvent(DomainEvent):
    stream_type = "beneficiary"
    stream_key = "beneficiary_id"
    beneficiary_id: UUID


class BeneficiaryRegistered(BeneficiaryEvent):
    event_type = "intake.BeneficiaryRegistered"
    sex: Sex
    birth_year: int = Field(ge=1900, le=2100)
    nationality: CountryCode
    languages: list[LanguageCode] = Field(default_factory=list, max_length=20)
    personal_data: Sealed
    #: consent per purpose given at registration; later ones are ``ConsentGiven``
    consents: list[ConsentTerms] = Field(default_factory=list, max_length=5)


class BeneficiaryPersonalDataUpdated(BeneficiaryEvent):
    event_type = "intake.BeneficiaryPersonalDataUpdated"
    personal_data: Sealed
    sex: Sex | None = None
    birth_year: int | None = Field(default=None, ge=1900, le=2100)
    nationality: CountryCode | None = None
    languages: list[LanguageCode] | None = None


class BeneficiaryPersonalDataErased(BeneficiaryEvent):
    event_type = "intake.BeneficiaryPersonalDataErased"
    reason: ErasureReason = "data_subject_request"


class CaseEvent(DomainEvent):
    stream_type = "case"
    stream_key = "case_id"
    case_id: UUID


class CaseOpened(CaseEvent):
    event_type = "intake.CaseOpened"
    beneficiary_id: UUID
    channel: Channel
    contact_point: Code
    urgency: Urgency
    vulnerabilities: Sealed


class CaseAssessed(CaseEvent):
    event_type = "intake.CaseAssessed"
    beneficiary_id: UUID
    team_roles: list[TeamRole] = Field(min_length=1, max_length=10)
    assessment: Sealed


class SupportProvided(CaseEvent):
    event_type = "intake.SupportProvided"
    beneficiary_id: UUID
    support_id: UUID
    kind: SupportKind
    date: date
    minutes: int = Field(ge=1, le=24 * 60)
    note: Sealed | None = None


class ReferralIssued(CaseEvent):
    event_type = "intake.ReferralIssued"
    beneficiary_id: UUID
    referral_id: UUID
    target: ReferralTarget
    urgency: Urgency = "medium"
    note: Sealed | None = None


class ReferralOutcomeRecorded(CaseEvent):
    event_type = "intake.ReferralOutcomeRecorded"
    beneficiary_id: UUID
    referral_id: UUID
    target: ReferralTarget
    outcome: ReferralOutcome
    reason: Code | None = None


class CaseClosed(CaseEvent):
    event_type = "intake.CaseClosed"
    beneficiary_id: UUID
    outcome: CaseOutcome


class CaseReopened(CaseEvent):
    event_type = "intake.CaseReopened"
    beneficiary_id: UUID
    reason: Code


class ConsentGiven(BeneficiaryEvent):
    """The person agreed to one purpose of processing, from a date, possibly until another."""

    event_type = "intake.ConsentGiven"
    purpose: ConsentPurpose
    given_on: date
    expires_on: date | None = None


class ConsentWithdrawn(BeneficiaryEvent):
    """The person took back their consent for one purpose: services stop using it for that."""

    event_type = "intake.ConsentWithdrawn"
    purpose: ConsentPurpose
    withdrawn_on: date


Assignee = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class CaseAssigned(CaseEvent):
    """The caseworker (token subject) who now carries the case in their work queue."""

    event_type = "intake.CaseAssigned"
    beneficiary_id: UUID
    assigned_to: Assignee


class FollowUpScheduled(CaseEvent):
    """Something to check on the case by a due date, possibly about one referral."""

    event_type = "intake.FollowUpScheduled"
    beneficiary_id: UUID
    follow_up_id: UUID
    due_on: date
    subject: Code
    referral_id: UUID | None = None
    note: Sealed | None = None


class FollowUpDone(CaseEvent):
    event_type = "intake.FollowUpDone"
    beneficiary_id: UUID
    follow_up_id: UUID
    done_on: date
    outcome: Code | None = None


GoalStatus = Literal["in_progress", "achieved", "not_achieved", "dropped"]


class PlanGoal(BaseModel):
    """One goal of a case plan: an area of life, a target date, a sealed description."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    goal_id: UUID
    area: Code
    target_date: date
    description: Sealed | None = None


class CasePlanDrafted(CaseEvent):
    """A new version of the case plan, waiting for a coordinator's approval."""

    event_type = "intake.CasePlanDrafted"
    beneficiary_id: UUID
    plan_version: int = Field(ge=1)
    goals: list[PlanGoal] = Field(min_length=1, max_length=20)


class CasePlanApproved(CaseEvent):
    event_type = "intake.CasePlanApproved"
    beneficiary_id: UUID
    plan_version: int = Field(ge=1)


class GoalProgressRecorded(CaseEvent):
    event_type = "intake.GoalProgressRecorded"
    beneficiary_id: UUID
    goal_id: UUID
    status: GoalStatus
    recorded_on: date
    note: Sealed | None = None


class BreakGlassAccessGranted(BeneficiaryEvent):
    """A coordinator of another municipality may read this person's record until ``expires_at``.

    On the person's own stream, so their municipality's coordinators and the auditor see it."""

    event_type = "intake.BreakGlassAccessGranted"
    grant_id: UUID
    granted_to: Assignee
    #: the municipalities the coordinator works in (none of them the person's)
    requested_from: list[str] = Field(min_length=1, max_length=18)
    reason: Sealed
    expires_at: datetime


ComplaintKind = Literal["complaint", "feedback"]
ComplaintCategory = Literal[
    "service_quality", "staff_conduct", "privacy", "accessibility", "housing", "civic", "other"
]
ComplaintResolution = Literal["upheld", "partly_upheld", "not_upheld", "noted"]


class ComplaintEvent(DomainEvent):
    stream_type = "complaint"
    stream_key = "complaint_id"
    complaint_id: UUID


class ComplaintReceived(ComplaintEvent):
    """A beneficiary's complaint or feedback, routed to their municipality's coordinators."""

    event_type = "intake.ComplaintReceived"
    beneficiary_id: UUID
    case_id: UUID | None = None
    kind: ComplaintKind
    category: ComplaintCategory
    channel: Code
    received_on: date
    text: Sealed


class ComplaintAnswered(ComplaintEvent):
    event_type = "intake.ComplaintAnswered"
    beneficiary_id: UUID
    resolution: ComplaintResolution
    answered_on: date
    answer: Sealed | None = None


class BeneficiaryMerged(BeneficiaryEvent):
    """This record is the same person as ``merged_into``: work goes on there. Undoable."""

    event_type = "intake.BeneficiaryMerged"
    merged_into: UUID
    review_id: UUID | None = None
    #: the accepted merge proposal, when the two records are of different municipalities
    proposal_id: UUID | None = None
    #: ``merged_into`` belongs to another municipality than this record (the envelope's)
    across_municipalities: bool = False


class BeneficiaryMergeUndone(BeneficiaryEvent):
    event_type = "intake.BeneficiaryMergeUndone"
    merged_into: UUID
    #: the merge undone joined records of two municipalities
    across_municipalities: bool = False
