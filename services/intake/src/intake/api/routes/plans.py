"""``/cases/{id}/plan``: goals with target dates, versioned, approved, progress recorded."""

from datetime import UTC, datetime
from functools import partial
from uuid import UUID

from fastapi import APIRouter, Request, Response

from intake.api.case_writes import run_on_case
from intake.api.deps import Caseworker, Coordinator, IntakeDep
from intake.api.schemas import CaseOut, NewPlan, NewProgress, PlanApproval
from intake.domain import commands as cmds
from intake.handlers import plans
from lgnet_events.ids import uuid7
from lgnet_service.idempotency import IdempotencyDep
from lgnet_service.versions import IfMatch

router = APIRouter(prefix="/cases", tags=["case plan"])


@router.post("/{case_id}/plan", status_code=201, response_model=CaseOut)
async def draft_plan(
    case_id: UUID,
    body: NewPlan,
    principal: Caseworker,
    intake: IntakeDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
) -> Response:
    """Propose a new version of the case plan; it counts once a coordinator approves it."""
    goals = tuple(
        cmds.GoalDraft(
            goal_id=goal.goal_id or uuid7(),
            area=goal.area,
            target_date=goal.target_date,
            description=goal.description,
            new=goal.goal_id is None,
        )
        for goal in body.goals
    )
    decide = partial(plans.draft_plan, cmd=cmds.DraftPlan(case_id, goals), if_match=if_match)
    return await run_on_case(intake, once, principal, request, case_id, decide, 201)


@router.post("/{case_id}/plan/approval", response_model=CaseOut)
async def approve_plan(
    case_id: UUID,
    body: PlanApproval,
    principal: Coordinator,
    intake: IntakeDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
) -> Response:
    """Approve the latest version of the case plan (coordinators)."""
    cmd = cmds.ApprovePlan(case_id, body.plan_version)
    decide = partial(plans.approve_plan, cmd=cmd, if_match=if_match)
    return await run_on_case(intake, once, principal, request, case_id, decide)


@router.post("/{case_id}/plan/goals/{goal_id}/progress", status_code=201, response_model=CaseOut)
async def record_goal_progress(
    case_id: UUID,
    goal_id: UUID,
    body: NewProgress,
    principal: Caseworker,
    intake: IntakeDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
) -> Response:
    """Record progress against a goal of the approved plan (note sealed)."""
    day = body.recorded_on or datetime.now(UTC).date()
    cmd = cmds.RecordGoalProgress(case_id, goal_id, body.status, day, body.note)
    decide = partial(plans.record_goal_progress, cmd=cmd, if_match=if_match)
    return await run_on_case(intake, once, principal, request, case_id, decide, 201)
