"""The case: one person taken in charge, assessed, supported, referred and closed."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal, get_args
from uuid import UUID

from intake.domain import errors
from intake.domain.beneficiary import Beneficiary
from intake.domain.commands import (
    ApprovePlan,
    AssessCase,
    AssignCase,
    CloseCase,
    CompleteFollowUp,
    DraftPlan,
    IssueReferral,
    OpenCase,
    ProvideSupport,
    RecordGoalProgress,
    RecordReferralOutcome,
    ReopenCase,
    ScheduleFollowUp,
)
from intake.domain.follow_up import FollowUp
from intake.domain.plan import Plan, closure_blockers, evolve_plan
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import (
    CaseAssessed,
    CaseAssigned,
    CaseClosed,
    CaseOpened,
    CaseOutcome,
    CasePlanApproved,
    CasePlanDrafted,
    CaseReopened,
    FollowUpDone,
    FollowUpScheduled,
    GoalProgressRecorded,
    ReferralIssued,
    ReferralOutcome,
    ReferralOutcomeRecorded,
    ReferralTarget,
    SupportProvided,
)

Status = Literal["new", "open", "closed"]
REFERRAL_TARGETS: frozenset[str] = frozenset(get_args(ReferralTarget))
#: Which outcome may follow which: a declined referral is final, an accepted one may complete.
NEXT_OUTCOMES: Mapping[ReferralOutcome | None, frozenset[ReferralOutcome]] = {
    None: frozenset({"accepted", "declined", "completed"}),
    "accepted": frozenset({"completed"}),
    "declined": frozenset(),
    "completed": frozenset(),
}


@dataclass(frozen=True, slots=True)
class Referral:
    referral_id: UUID
    target: ReferralTarget
    outcome: ReferralOutcome | None = None


@dataclass(frozen=True, slots=True)
class Case:
    case_id: UUID
    beneficiary_id: UUID | None = None
    status: Status = "new"
    outcome: CaseOutcome | None = None
    referrals: Mapping[UUID, Referral] = field(default_factory=dict)
    assigned_to: str | None = None
    follow_ups: Mapping[UUID, FollowUp] = field(default_factory=dict)
    plan: Plan = field(default_factory=Plan)

    @property
    def exists(self) -> bool:
        return self.status != "new"

    def open(self, cmd: OpenCase, beneficiary: Beneficiary) -> list[DomainEvent]:
        if self.exists:
            raise errors.CaseAlreadyOpened(f"case {self.case_id} already exists")
        beneficiary.require_registered()
        return [
            CaseOpened(
                case_id=self.case_id,
                beneficiary_id=beneficiary.beneficiary_id,
                channel=cmd.channel,
                contact_point=cmd.contact_point,
                urgency=cmd.urgency,
                vulnerabilities=cmd.vulnerabilities,
            )
        ]

    def assess(self, cmd: AssessCase) -> list[DomainEvent]:
        beneficiary_id = self._require_open("assessed")
        return [
            CaseAssessed(
                case_id=self.case_id,
                beneficiary_id=beneficiary_id,
                team_roles=list(cmd.team_roles),
                assessment=cmd.assessment,
            )
        ]

    def provide_support(self, cmd: ProvideSupport) -> list[DomainEvent]:
        beneficiary_id = self._require_open("given support")
        return [
            SupportProvided(
                case_id=self.case_id,
                beneficiary_id=beneficiary_id,
                support_id=cmd.support_id,
                kind=cmd.kind,
                date=cmd.date,
                minutes=cmd.minutes,
                note=cmd.note,
            )
        ]

    def issue_referral(self, cmd: IssueReferral) -> list[DomainEvent]:
        if cmd.target not in REFERRAL_TARGETS:
            raise errors.UnknownReferralTarget(
                f"unknown referral target {cmd.target!r}; one of {sorted(REFERRAL_TARGETS)}"
            )
        beneficiary_id = self._require_open("referred")
        if any(r.target == cmd.target and r.outcome is None for r in self.referrals.values()):
            raise errors.ReferralPending(
                f"a referral to {cmd.target} is still awaiting its outcome"
            )
        return [
            ReferralIssued(
                case_id=self.case_id,
                beneficiary_id=beneficiary_id,
                referral_id=cmd.referral_id,
                target=cmd.target,
                urgency=cmd.urgency,
                note=cmd.note,
            )
        ]

    def record_referral_outcome(self, cmd: RecordReferralOutcome) -> list[DomainEvent]:
        """Outcomes are facts decided elsewhere: recorded even on a closed case."""
        referral = self.referrals.get(cmd.referral_id)
        if (
            referral is None
            or self.beneficiary_id is None
            or cmd.target not in (None, referral.target)
        ):
            raise errors.UnknownReferral(f"no referral {cmd.referral_id} on case {self.case_id}")
        if referral.outcome == cmd.outcome:
            return []
        if cmd.outcome not in NEXT_OUTCOMES[referral.outcome]:
            raise errors.ReferralOutcomeRefused(
                f"referral already {referral.outcome}: cannot become {cmd.outcome}"
            )
        return [
            ReferralOutcomeRecorded(
                case_id=self.case_id,
                beneficiary_id=self.beneficiary_id,
                referral_id=referral.referral_id,
                target=referral.target,
                outcome=cmd.outcome,
                reason=cmd.reason,
            )
        ]

    def close(self, cmd: CloseCase) -> list[DomainEvent]:
        beneficiary_id = self._require_open("closed")
        return [
            CaseClosed(case_id=self.case_id, beneficiary_id=beneficiary_id, outcome=cmd.outcome)
        ]

    def reopen(self, cmd: ReopenCase) -> list[DomainEvent]:
        self._require_exists()
        if self.status != "closed" or self.beneficiary_id is None:
            raise errors.CaseNotClosed("only a closed case can be reopened; this one is open")
        return [
            CaseReopened(
                case_id=self.case_id, beneficiary_id=self.beneficiary_id, reason=cmd.reason
            )
        ]

    def assign(self, cmd: AssignCase) -> list[DomainEvent]:
        beneficiary_id = self._require_open("assigned")
        if cmd.assigned_to == self.assigned_to:
            return []
        return [
            CaseAssigned(
                case_id=self.case_id, beneficiary_id=beneficiary_id, assigned_to=cmd.assigned_to
            )
        ]

    def schedule_follow_up(self, cmd: ScheduleFollowUp) -> list[DomainEvent]:
        beneficiary_id = self._require_open("given a follow-up")
        if cmd.referral_id is not None and cmd.referral_id not in self.referrals:
            raise errors.Invalid(f"no referral {cmd.referral_id} on this case to follow up")
        return [
            FollowUpScheduled(
                case_id=self.case_id,
                beneficiary_id=beneficiary_id,
                follow_up_id=cmd.follow_up_id,
                due_on=cmd.due_on,
                subject=cmd.subject,
                referral_id=cmd.referral_id,
                note=cmd.note,
            )
        ]

    def complete_follow_up(self, cmd: CompleteFollowUp) -> list[DomainEvent]:
        """Done is a fact: it may be recorded on a closed case too."""
        self._require_exists()
        follow_up = self.follow_ups.get(cmd.follow_up_id)
        if follow_up is None or self.beneficiary_id is None:
            raise errors.UnknownFollowUp(f"no follow-up {cmd.follow_up_id} on this case")
        if follow_up.done:
            raise errors.FollowUpDone("this follow-up is already done")
        return [
            FollowUpDone(
                case_id=self.case_id,
                beneficiary_id=self.beneficiary_id,
                follow_up_id=cmd.follow_up_id,
                done_on=cmd.done_on,
                outcome=cmd.outcome,
            )
        ]

    def draft_plan(self, cmd: DraftPlan) -> list[DomainEvent]:
        return self.plan.draft(cmd, self.case_id, self._require_open("given a new plan"))

    def approve_plan(self, cmd: ApprovePlan) -> list[DomainEvent]:
        return self.plan.approve(cmd, self.case_id, self._require_open("have its plan approved"))

    def record_goal_progress(self, cmd: RecordGoalProgress) -> list[DomainEvent]:
        return self.plan.progress(cmd, self.case_id, self._require_open("make progress"))

    def closure_blockers(self) -> list[str]:
        """Why the case is not yet ready to close; empty when it is."""
        plan = self.plan
        return closure_blockers(
            plan_approved=plan.approved_version is not None,
            draft_waiting=plan.approved_version not in (None, plan.version),
            open_goals=plan.open_goals(),
            pending_referrals=sum(1 for r in self.referrals.values() if r.outcome is None),
            open_follow_ups=sum(1 for f in self.follow_ups.values() if not f.done),
        )

    def _require_exists(self) -> None:
        if not self.exists:
            raise errors.Missing(f"no case {self.case_id}")

    def _require_open(self, action: str) -> UUID:
        self._require_exists()
        if self.status == "closed" or self.beneficiary_id is None:
            raise errors.CaseClosed(
                f"the case is closed (outcome: {self.outcome}) and cannot be {action}; "
                "reopen it first"
            )
        return self.beneficiary_id


def evolve(state: Case, event: DomainEvent) -> Case:
    if isinstance(event, CaseOpened):
        return replace(state, beneficiary_id=event.beneficiary_id, status="open")
    if isinstance(event, CaseClosed):
        return replace(state, status="closed", outcome=event.outcome)
    if isinstance(event, CaseReopened):
        return replace(state, status="open", outcome=None)
    if isinstance(event, ReferralIssued):
        referral = Referral(event.referral_id, event.target)
        return replace(state, referrals={**state.referrals, event.referral_id: referral})
    if isinstance(event, CasePlanDrafted | CasePlanApproved | GoalProgressRecorded):
        return replace(state, plan=evolve_plan(state.plan, event))
    if isinstance(event, CaseAssigned):
        return replace(state, assigned_to=event.assigned_to)
    if isinstance(event, FollowUpScheduled | FollowUpDone):
        return _follow_up(state, event)
    if isinstance(event, ReferralOutcomeRecorded):
        updated = replace(state.referrals[event.referral_id], outcome=event.outcome)
        return replace(state, referrals={**state.referrals, event.referral_id: updated})
    return state


def _follow_up(state: Case, event: FollowUpScheduled | FollowUpDone) -> Case:
    if isinstance(event, FollowUpScheduled):
        follow_up = FollowUp(event.follow_up_id, event.due_on, event.referral_id)
    else:
        follow_up = replace(state.follow_ups[event.follow_up_id], done=True)
    return replace(state, follow_ups={**state.follow_ups, event.follow_up_id: follow_up})


def replay(case_id: UUID, history: Iterable[DomainEvent]) -> Case:
    state = Case(case_id)
    for event in history:
        state = evolve(state, event)
    return state
