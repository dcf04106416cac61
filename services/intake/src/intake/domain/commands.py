"""What users and other services ask intake to do. Personal data arrives already sealed."""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from lgnet_events.catalog.intake import (
    CaseOutcome,
    Channel,
    ComplaintCategory,
    ComplaintKind,
    ComplaintResolution,
    ConsentPurpose,
    ConsentTerms,
    ErasureReason,
    GoalStatus,
    ReferralOutcome,
    Sex,
    SupportKind,
    TeamRole,
    Urgency,
)


@dataclass(frozen=True, slots=True)
class RegisterBeneficiary:
    beneficiary_id: UUID
    sex: Sex
    birth_year: int
    nationality: str
    languages: tuple[str, ...]
    personal_data: str
    consents: tuple[ConsentTerms, ...] = ()


@dataclass(frozen=True, slots=True)
class UpdateBeneficiary:
    beneficiary_id: UUID
    personal_data: str
    sex: Sex | None = None
    birth_year: int | None = None
    nationality: str | None = None
    languages: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class ErasePersonalData:
    beneficiary_id: UUID
    reason: ErasureReason = "data_subject_request"


@dataclass(frozen=True, slots=True)
class GiveConsent:
    beneficiary_id: UUID
    terms: ConsentTerms


@dataclass(frozen=True, slots=True)
class WithdrawConsent:
    beneficiary_id: UUID
    purpose: ConsentPurpose
    withdrawn_on: date


@dataclass(frozen=True, slots=True)
class OpenCase:
    case_id: UUID
    beneficiary_id: UUID
    channel: Channel
    contact_point: str
    urgency: Urgency
    vulnerabilities: str


@dataclass(frozen=True, slots=True)
class AssessCase:
    case_id: UUID
    team_roles: tuple[TeamRole, ...]
    assessment: str


@dataclass(frozen=True, slots=True)
class ProvideSupport:
    case_id: UUID
    support_id: UUID
    kind: SupportKind
    date: date
    minutes: int
    note: str | None = None


@dataclass(frozen=True, slots=True)
class IssueReferral:
    case_id: UUID
    referral_id: UUID
    target: str
    urgency: Urgency = "medium"
    note: str | None = None


@dataclass(frozen=True, slots=True)
class RecordReferralOutcome:
    case_id: UUID
    referral_id: UUID
    outcome: ReferralOutcome
    reason: str | None = None
    #: set when the outcome comes from a target service: it must be the referral's target
    target: str | None = None


@dataclass(frozen=True, slots=True)
class CloseCase:
    case_id: UUID
    outcome: CaseOutcome


@dataclass(frozen=True, slots=True)
class ReopenCase:
    case_id: UUID
    reason: str


@dataclass(frozen=True, slots=True)
class AssignCase:
    case_id: UUID
    assigned_to: str


@dataclass(frozen=True, slots=True)
class ScheduleFollowUp:
    case_id: UUID
    follow_up_id: UUID
    due_on: date
    subject: str
    referral_id: UUID | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class CompleteFollowUp:
    case_id: UUID
    follow_up_id: UUID
    done_on: date
    outcome: str | None = None


@dataclass(frozen=True, slots=True)
class GoalDraft:
    goal_id: UUID
    area: str
    target_date: date
    #: clear text in the command, sealed by the handler before the decision that keeps it
    description: str | None = None
    #: a goal first proposed in this version (the others keep the ids of earlier versions)
    new: bool = True


@dataclass(frozen=True, slots=True)
class DraftPlan:
    case_id: UUID
    goals: tuple[GoalDraft, ...]


@dataclass(frozen=True, slots=True)
class ApprovePlan:
    case_id: UUID
    plan_version: int


@dataclass(frozen=True, slots=True)
class RecordGoalProgress:
    case_id: UUID
    goal_id: UUID
    status: GoalStatus
    recorded_on: date
    note: str | None = None


@dataclass(frozen=True, slots=True)
class GrantBreakGlass:
    beneficiary_id: UUID
    grant_id: UUID
    granted_to: str
    requested_from: tuple[str, ...]
    #: clear in the command, sealed by the handler
    reason: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class ReceiveComplaint:
    complaint_id: UUID
    beneficiary_id: UUID
    kind: ComplaintKind
    category: ComplaintCategory
    channel: str
    received_on: date
    #: clear in the command, sealed by the handler
    text: str
    case_id: UUID | None = None


@dataclass(frozen=True, slots=True)
class AnswerComplaint:
    complaint_id: UUID
    resolution: ComplaintResolution
    answered_on: date
    answer: str | None = None


@dataclass(frozen=True, slots=True)
class MergeBeneficiary:
    beneficiary_id: UUID
    into: UUID
    review_id: UUID | None = None
    #: an accepted proposal of another municipality: *into* is one of theirs
    proposal_id: UUID | None = None


@dataclass(frozen=True, slots=True)
class UndoMerge:
    beneficiary_id: UUID
