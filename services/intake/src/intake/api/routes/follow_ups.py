"""Follow-ups, assignment, overdue cases and each caseworker's work queue."""

from datetime import UTC, date, datetime
from functools import partial
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response

from intake import views
from intake.api.case_writes import run_on_case
from intake.api.deps import Caseworker, IntakeDep, Reader
from intake.api.presenters import case_summary
from intake.api.routes.cases import after_of
from intake.api.schemas import Assignment, CaseOut, CaseSummary, FollowUpCompletion, NewFollowUp
from intake.domain import commands as cmds
from intake.handlers import follow_ups
from lgnet_events.ids import uuid7
from lgnet_events.municipalities import Municipality
from lgnet_service.errors import FieldError, forbidden, unprocessable
from lgnet_service.idempotency import IdempotencyDep
from lgnet_service.pagination import Page, PageDep
from lgnet_service.runtime import EngineDep
from lgnet_service.versions import IfMatch

router = APIRouter(tags=["follow-ups"])


@router.get("/cases/overdue", response_model=Page[CaseSummary])
async def overdue_cases(
    principal: Reader,
    intake: IntakeDep,
    engine: EngineDep,
    page: PageDep,
    municipality: Municipality | None = None,
) -> Page[CaseSummary]:
    """Open cases with a follow-up past its due date or a referral unanswered for too long."""
    where = views.CaseFilter(frozenset(principal.municipalities), municipality)
    deadlines = intake.deadlines()
    async with engine.connect() as conn:
        rows = await views.overdue_cases(conn, where, deadlines, after_of(page.after), page.limit)
    items = [case_summary(row, deadlines) for row in rows[: page.limit]]
    more = len(rows) > page.limit
    return page.page(items, {"after": str(items[-1].case_id)} if more else None)


@router.get("/work-queue", response_model=Page[CaseSummary])
async def work_queue(
    principal: Caseworker, intake: IntakeDep, engine: EngineDep, page: PageDep
) -> Page[CaseSummary]:
    """The caller's open cases, the earliest due first."""
    where = views.CaseFilter(frozenset(principal.municipalities), assigned_to=principal.sub)
    async with engine.connect() as conn:
        rows = await views.work_queue(conn, where, _queue_after(page.after), page.limit)
    deadlines = intake.deadlines()
    items = [case_summary(row, deadlines) for row in rows[: page.limit]]
    if len(rows) <= page.limit:
        return page.page(items, None)
    last = items[-1]
    due = (last.next_due_on or views.NO_DUE_DATE).isoformat()
    return page.page(items, {"due": due, "after": str(last.case_id)})


def _queue_after(position: dict[str, Any] | None) -> tuple[date, UUID] | None:
    if position is None:
        return None
    try:
        return date.fromisoformat(str(position["due"])), UUID(str(position["after"]))
    except (KeyError, ValueError):
        raise unprocessable(
            "the cursor is not valid", [FieldError("query.cursor", "not ours")]
        ) from None


@router.post("/cases/{case_id}/assignment", response_model=CaseOut)
async def assign_case(
    case_id: UUID,
    body: Assignment,
    principal: Caseworker,
    intake: IntakeDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
) -> Response:
    """Put the case in a caseworker's queue: operators take cases, coordinators assign anyone."""
    assignee = principal.sub if body.assigned_to == "me" else body.assigned_to
    if assignee != principal.sub and not principal.has_any("coordinator"):
        raise forbidden("only a coordinator assigns a case to someone else")
    decide = partial(
        follow_ups.assign_case, cmd=cmds.AssignCase(case_id, assignee), if_match=if_match
    )
    return await run_on_case(intake, once, principal, request, case_id, decide)


@router.post("/cases/{case_id}/follow-ups", status_code=201, response_model=CaseOut)
async def schedule_follow_up(
    case_id: UUID,
    body: NewFollowUp,
    principal: Caseworker,
    intake: IntakeDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
) -> Response:
    """Something to check by a due date, possibly about one referral (note sealed)."""
    cmd = cmds.ScheduleFollowUp(
        case_id, uuid7(), body.due_on, body.subject, body.referral_id, body.note
    )
    decide = partial(follow_ups.schedule_follow_up, cmd=cmd, if_match=if_match)
    return await run_on_case(intake, once, principal, request, case_id, decide, 201)


@router.post("/cases/{case_id}/follow-ups/{follow_up_id}/done", response_model=CaseOut)
async def complete_follow_up(
    case_id: UUID,
    follow_up_id: UUID,
    principal: Caseworker,
    intake: IntakeDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
    body: FollowUpCompletion | None = None,
) -> Response:
    """Mark a follow-up done (today unless a day is given)."""
    done = body or FollowUpCompletion()
    day = done.done_on or datetime.now(UTC).date()
    cmd = cmds.CompleteFollowUp(case_id, follow_up_id, day, done.outcome)
    decide = partial(follow_ups.complete_follow_up, cmd=cmd, if_match=if_match)
    return await run_on_case(intake, once, principal, request, case_id, decide)
