"""The case plan: goals with target dates, versioned, approved by a coordinator, tracked."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from uuid import UUID

from intake.domain import errors
from intake.domain.commands import ApprovePlan, DraftPlan, RecordGoalProgress
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import (
    CasePlanApproved,
    CasePlanDrafted,
    GoalProgressRecorded,
    GoalStatus,
    PlanGoal,
)

#: A goal in one of these states no longer stands in the way of closing the case.
SETTLED: frozenset[GoalStatus] = frozenset({"achieved", "not_achieved", "dropped"})


@dataclass(frozen=True, slots=True)
class Plan:
    version: int = 0
    approved_version: int | None = None
    #: the goals of the latest version
    goals: Sequence[PlanGoal] = ()
    #: the goals of the approved version, with their latest status
    approved_goals: Mapping[UUID, GoalStatus | None] = field(default_factory=dict)

    def draft(self, cmd: DraftPlan, case_id: UUID, beneficiary_id: UUID) -> list[DomainEvent]:
        known = {goal.goal_id for goal in self.goals}
        kept = [g.goal_id for g in cmd.goals if not g.new]
        if not set(kept) <= known or len(set(kept)) != len(kept):
            raise errors.Invalid("a kept goal must be a goal of the previous version, once")
        goals = [
            PlanGoal(
                goal_id=g.goal_id,
                area=g.area,
                target_date=g.target_date,
                description=g.description,
            )
            for g in cmd.goals
        ]
        version = self.version + 1
        return [
            CasePlanDrafted(
                case_id=case_id, beneficiary_id=beneficiary_id, plan_version=version, goals=goals
            )
        ]

    def approve(self, cmd: ApprovePlan, case_id: UUID, beneficiary_id: UUID) -> list[DomainEvent]:
        if cmd.plan_version != self.version or self.version == 0:
            raise errors.PlanVersionRefused(
                f"only the latest plan version ({self.version}) can be approved, "
                f"not {cmd.plan_version}"
            )
        if self.approved_version == self.version:
            return []
        return [
            CasePlanApproved(
                case_id=case_id, beneficiary_id=beneficiary_id, plan_version=self.version
            )
        ]

    def progress(
        self, cmd: RecordGoalProgress, case_id: UUID, beneficiary_id: UUID
    ) -> list[DomainEvent]:
        if self.approved_version is None:
            raise errors.PlanNotApproved("progress is recorded against an approved plan only")
        if cmd.goal_id not in self.approved_goals:
            raise errors.UnknownGoal(f"no goal {cmd.goal_id} in the approved plan")
        return [
            GoalProgressRecorded(
                case_id=case_id,
                beneficiary_id=beneficiary_id,
                goal_id=cmd.goal_id,
                status=cmd.status,
                recorded_on=cmd.recorded_on,
                note=cmd.note,
            )
        ]

    def open_goals(self) -> int:
        return sum(1 for status in self.approved_goals.values() if status not in SETTLED)


def evolve_plan(plan: Plan, event: DomainEvent) -> Plan:
    if isinstance(event, CasePlanDrafted):
        return replace(plan, version=event.plan_version, goals=tuple(event.goals))
    if isinstance(event, CasePlanApproved):
        statuses = {g.goal_id: plan.approved_goals.get(g.goal_id) for g in plan.goals}
        return replace(plan, approved_version=event.plan_version, approved_goals=statuses)
    if isinstance(event, GoalProgressRecorded):
        return replace(plan, approved_goals={**plan.approved_goals, event.goal_id: event.status})
    return plan


def closure_blockers(
    plan_approved: bool,
    draft_waiting: bool,
    open_goals: int,
    pending_referrals: int,
    open_follow_ups: int,
) -> list[str]:
    """What still stands between the case and its closure, in plain words; empty when ready."""
    found = [
        (not plan_approved, "the case plan has not been approved"),
        (draft_waiting, "a newer version of the case plan awaits approval"),
        (open_goals > 0, f"{open_goals} goal(s) of the plan are not settled"),
        (pending_referrals > 0, f"{pending_referrals} referral(s) await an answer"),
        (open_follow_ups > 0, f"{open_follow_ups} follow-up(s) are not done"),
    ]
    return [reason for blocked, reason in found if blocked]
