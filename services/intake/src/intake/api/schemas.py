"""Request and response bodies of intake's API (never the event models)."""

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy.engine import RowMapping

from intake.access_log import Action
from intake.domain.merge_proposal import DeclineReason, ProposalStatus, Stays
from intake.domain.personal_data import (
    Assessment,
    Consent,
    IdentityDocument,
    Name,
    PersonalData,
    Phone,
    Text,
    Vulnerabilities,
)
from lgnet_events.catalog.intake import (
    CaseOutcome,
    Channel,
    ComplaintCategory,
    ComplaintKind,
    ComplaintResolution,
    ConsentPurpose,
    CountryCode,
    GoalStatus,
    LanguageCode,
    ReferralOutcome,
    ReferralTarget,
    Sex,
    SupportKind,
    TeamRole,
    Urgency,
)
from lgnet_events.municipalities import Municipality

Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,64}$")]
Languages = Annotated[list[LanguageCode], Field(max_length=20)]


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ConsentIn(Request):
    purpose: ConsentPurpose
    given_on: date
    expires_on: date | None = None


class Withdrawal(Request):
    #: the day the withdrawal takes effect; today when left out
    withdrawn_on: date | None = None


class NewBeneficiary(Request):
    municipality: Municipality
    sex: Sex
    nationality: CountryCode
    languages: Languages = []
    personal_data: PersonalData
    #: consent per purpose; the purposes of ``personal_data.consent`` are added when not listed
    consents: list[ConsentIn] = Field(default_factory=list, max_length=5)
    confirm_duplicate: bool = False


class PersonalDataChanges(Request):
    given_names: Name | None = None
    family_names: Name | None = None
    birth_date: date | None = None
    phone: Phone | None = None
    identity_document: IdentityDocument | None = None
    consent: Consent | None = None


class BeneficiaryChanges(Request):
    sex: Sex | None = None
    nationality: CountryCode | None = None
    languages: Languages | None = None
    personal_data: PersonalDataChanges = PersonalDataChanges()


class NewCase(Request):
    beneficiary_id: UUID
    channel: Channel
    contact_point: Code
    urgency: Urgency
    vulnerabilities: Vulnerabilities = Vulnerabilities()


class NewAssessment(Request):
    team_roles: list[TeamRole] = Field(min_length=1, max_length=10)
    assessment: Assessment


class NewSupport(Request):
    kind: SupportKind
    date: date
    minutes: int = Field(ge=1, le=24 * 60)
    note: Text | None = None


class NewReferral(Request):
    target: ReferralTarget
    urgency: Urgency = "medium"
    note: Text | None = None


class NewReferralOutcome(Request):
    outcome: ReferralOutcome
    reason: Code | None = None


class Closing(Request):
    outcome: CaseOutcome


class Reopening(Request):
    reason: Code


class ConsentOut(BaseModel):
    purpose: ConsentPurpose
    given_on: date
    expires_on: date | None
    withdrawn_on: date | None
    #: whether the consent covers today
    valid: bool
    #: why it does not, when it does not
    reason: str | None = None


class BeneficiaryOut(BaseModel):
    beneficiary_id: UUID
    municipality: str
    sex: str
    birth_year: int
    nationality: str
    languages: list[str]
    erased: bool
    registered_at: datetime
    updated_at: datetime
    version: int
    consents: list[ConsentOut] = []
    #: the record this one was merged into: work goes on there (never another municipality's)
    merged_into: UUID | None = None
    #: merged into a record of another municipality, whose id is not shown
    merged_elsewhere: bool = False
    #: ``None`` when erased or when the caller's role may not read personal data
    personal_data: PersonalData | None = None


class ReferralOut(BaseModel):
    referral_id: UUID
    target: str
    urgency: str
    issued_at: datetime
    outcome: str | None
    reason: str | None
    outcome_at: datetime | None
    note: str | None = None
    #: still unanswered after the number of days the programme allows
    overdue: bool = False


class FollowUpOut(BaseModel):
    follow_up_id: UUID
    subject: str
    due_on: date
    referral_id: UUID | None
    done_on: date | None
    outcome: str | None
    overdue: bool
    note: str | None = None


class NewFollowUp(Request):
    due_on: date
    subject: Code
    referral_id: UUID | None = None
    note: Text | None = None


class FollowUpCompletion(Request):
    #: today when left out
    done_on: date | None = None
    outcome: Code | None = None


class Assignment(Request):
    #: the token subject of a caseworker, or ``"me"``
    assigned_to: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class AssessmentOut(BaseModel):
    team_roles: list[str]
    at: datetime
    assessment: Assessment | None = None


class CaseSummary(BaseModel):
    case_id: UUID
    beneficiary_id: UUID
    municipality: str
    status: Literal["open", "closed"]
    channel: str
    contact_point: str
    urgency: str
    opened_at: datetime
    closed_at: datetime | None
    outcome: str | None
    support_count: int
    support_minutes: int
    version: int
    assigned_to: str | None = None
    next_due_on: date | None = None
    #: a follow-up past due or a referral unanswered for too long
    overdue: bool = False


class GoalIn(Request):
    #: the id of a goal of the previous version to keep it (and its progress); none for a new one
    goal_id: UUID | None = None
    area: Code
    target_date: date
    description: Text | None = None


class NewPlan(Request):
    goals: list[GoalIn] = Field(min_length=1, max_length=20)


class PlanApproval(Request):
    plan_version: int = Field(ge=1)


class NewProgress(Request):
    status: GoalStatus
    #: today when left out
    recorded_on: date | None = None
    note: Text | None = None


class ProgressOut(BaseModel):
    status: GoalStatus
    recorded_on: date
    at: datetime
    by: str
    note: str | None = None


class GoalOut(BaseModel):
    goal_id: UUID
    area: str
    target_date: date
    description: str | None = None
    #: the latest status recorded against the goal, if any
    status: GoalStatus | None = None
    progress: list[ProgressOut] = []


class PlanVersionOut(BaseModel):
    plan_version: int
    drafted_at: datetime
    drafted_by: str
    approved_at: datetime | None
    approved_by: str | None


class PlanOut(BaseModel):
    version: int
    approved_version: int | None
    #: the goals of the latest version
    goals: list[GoalOut]
    versions: list[PlanVersionOut]


class ClosureReadiness(BaseModel):
    ready: bool
    #: what still stands in the way, in plain words
    blockers: list[str]


class CaseOut(CaseSummary):
    plan: PlanOut | None = None
    closure_readiness: ClosureReadiness | None = None
    follow_ups: list[FollowUpOut] = []
    referrals: list[ReferralOut]
    assessments: list[AssessmentOut]
    vulnerabilities: Vulnerabilities | None = None


class HistoryItem(BaseModel):
    event_id: UUID
    event_type: str
    stream_version: int
    occurred_at: datetime
    recorded_at: datetime
    actor: str
    #: the payload without its sealed fields: history never shows personal data
    data: dict[str, Any]


class History(BaseModel):
    case_id: UUID
    items: list[HistoryItem]


class BreakGlassRequest(Request):
    #: why the record must be opened now, in words another coordinator will read
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=2000)]
    minutes: int = Field(ge=1, le=24 * 60)


class GrantOut(BaseModel):
    grant_id: UUID
    beneficiary_id: UUID
    municipality: str
    granted_to: str
    requested_from: list[str]
    granted_at: datetime
    expires_at: datetime
    #: the written reason, for the person's municipality's coordinators and the auditor
    reason: str | None = None


class AccessEntry(BaseModel):
    entry_id: int
    at: datetime
    actor: str
    roles: list[str]
    #: ``check``: a duplicate check from another municipality found the person;
    #: ``proposal``: a merge proposal across municipalities names the person's record;
    #: ``decision``: such a proposal was accepted or declined (``what``)
    action: Action
    what: str
    purpose: str
    case_id: UUID | None
    grant_id: UUID | None
    event_id: UUID | None
    #: duplicate checks: the municipalities of whoever checked
    requested_from: list[str] | None = None


class NewComplaint(Request):
    beneficiary_id: UUID
    case_id: UUID | None = None
    kind: ComplaintKind = "complaint"
    category: ComplaintCategory
    #: how it came in: ``desk``, ``phone``, ``email``, ``letter``, ``mobile_unit``…
    channel: Code
    #: today when left out
    received_on: date | None = None
    text: Text


class ComplaintReply(Request):
    resolution: ComplaintResolution
    answer: Text | None = None


class ComplaintOut(BaseModel):
    complaint_id: UUID
    beneficiary_id: UUID
    case_id: UUID | None
    municipality: str
    kind: str
    category: str
    channel: str
    received_on: date
    received_by: str
    status: Literal["open", "answered"]
    resolution: str | None
    answered_on: date | None
    answered_by: str | None
    version: int
    #: for caseworkers only
    text: str | None = None
    answer: str | None = None


class MatchQuery(Request):
    given_names: Name
    family_names: Name
    birth_date: date
    identity_document: IdentityDocument | None = None


class MatchOut(BaseModel):
    beneficiary_id: UUID
    municipality: str
    #: ``similar_names_and_birth_date`` or ``same_document``
    kind: str


class MatchesOut(BaseModel):
    #: possible matches in the caller's municipalities
    matches: list[MatchOut]
    #: whether a possible match exists in a municipality the caller does not work in
    elsewhere: bool
    advice: str | None = None


class DuplicateCheckOut(BaseModel):
    """A duplicate check from elsewhere that found one of the caller's municipality's people."""

    entry_id: int
    at: datetime
    #: who checked, their roles and municipalities
    actor: str
    roles: list[str]
    requested_from: list[str]
    #: whom the check found, and how
    beneficiary_id: UUID
    municipality: str
    kind: str

    @classmethod
    def of(cls, row: RowMapping) -> "DuplicateCheckOut":
        return cls(
            **{**dict(row), "kind": row["what"], "requested_from": row["requested_from"] or []}
        )


class DuplicateReviewOut(BaseModel):
    review_id: UUID
    municipality: str
    beneficiary_id: UUID
    candidate_id: UUID
    kind: str
    status: Literal["open", "merged", "dismissed"]
    created_at: datetime
    decided_at: datetime | None
    decided_by: str | None


class ProposalAsk(Request):
    """Nothing to say: intake finds the other municipalities' records itself."""


class ProposalsMade(BaseModel):
    """How many proposals this request made (none: nothing found, or all already open)."""

    proposals: int
    #: opaque ids of the new proposals, to follow them in ``GET /merge-proposals``
    proposal_ids: list[UUID]


class Acceptance(Request):
    #: the record work goes on with: where the person lives now
    stays: Stays


class Declining(Request):
    reason: DeclineReason


class MergeProposalOut(BaseModel):
    """A proposal as one side sees it: its own record only, never the other side's."""

    proposal_id: UUID
    #: ``incoming``: about the caller's record, theirs to decide; ``outgoing``: asked by them
    direction: Literal["incoming", "outgoing"]
    #: the caller's own record and its municipality
    beneficiary_id: UUID
    municipality: str
    status: ProposalStatus
    created_at: datetime
    decided_at: datetime | None
    #: accepted: which record stays; declined: why; closed: ``personal_data_erased``
    stays: Stays | None
    reason: DeclineReason | Literal["personal_data_erased"] | None
    #: incoming only: how the records match and which municipality asks
    kind: str | None = None
    asking_municipality: str | None = None

    @classmethod
    def of(cls, row: RowMapping, sees: frozenset[str]) -> "MergeProposalOut":
        common = {k: row[k] for k in ("proposal_id", "status", "created_at", "decided_at")}
        common |= {"stays": row["stays"], "reason": row["reason"]}
        if row["receiving_municipality"] in sees:
            return cls(
                **common,
                direction="incoming",
                beneficiary_id=row["receiving_id"],
                municipality=row["receiving_municipality"],
                kind=row["kind"],
                asking_municipality=row["asking_municipality"],
            )
        return cls(
            **common,
            direction="outgoing",
            beneficiary_id=row["asking_id"],
            municipality=row["asking_municipality"],
        )
