"""``/cases``: open, assess, support, refer, close and reopen; list and history."""

from datetime import date
from functools import partial
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncConnection

from intake import views
from intake.api.access import admit
from intake.api.case_writes import run_on_case
from intake.api.deps import Caseworker, Coordinator, IntakeDep, Reader
from intake.api.presenters import Opener, case_out, case_summary, history_item
from intake.api.schemas import (
    CaseOut,
    CaseSummary,
    Closing,
    History,
    NewAssessment,
    NewCase,
    NewReferral,
    NewReferralOutcome,
    NewSupport,
    Reopening,
)
from intake.bootstrap import Intake
from intake.domain import commands as cmds
from intake.handlers import commands
from lgnet_events.catalog.intake import Channel
from lgnet_events.ids import uuid7
from lgnet_events.municipalities import Municipality
from lgnet_service.auth import Principal
from lgnet_service.errors import FieldError, not_found, unprocessable
from lgnet_service.idempotency import IdempotencyDep
from lgnet_service.pagination import Page, PageDep
from lgnet_service.runtime import EngineDep
from lgnet_service.versions import IfMatch, versioned

router = APIRouter(prefix="/cases", tags=["cases"])


@router.post("", status_code=201, response_model=CaseOut)
async def open_case(
    body: NewCase, principal: Caseworker, intake: IntakeDep, once: IdempotencyDep, request: Request
) -> Response:
    """Take a registered person in charge through a mobile unit or a one-stop-shop."""
    case_id = uuid7()
    cmd = cmds.OpenCase(
        case_id=case_id,
        beneficiary_id=body.beneficiary_id,
        channel=body.channel,
        contact_point=body.contact_point,
        urgency=body.urgency,
        vulnerabilities=body.vulnerabilities.model_dump_json(),
    )
    return await run_on_case(
        intake, once, principal, request, case_id, partial(commands.open_case, cmd=cmd), 201
    )


@router.get("", response_model=Page[CaseSummary])
async def list_cases(
    principal: Reader,
    intake: IntakeDep,
    engine: EngineDep,
    page: PageDep,
    municipality: Municipality | None = None,
    status: Annotated[str | None, Query(pattern="^(open|closed)$")] = None,
    channel: Channel | None = None,
    opened_from: date | None = None,
    opened_to: date | None = None,
    beneficiary_id: UUID | None = None,
    assigned_to: Annotated[str | None, Query(max_length=200)] = None,
) -> Page[CaseSummary]:
    """Cases of the caller's municipalities, newest first, filtered, a page at a time.

    ``assigned_to=me`` lists the caller's own work queue; with ``beneficiary_id`` a
    coordinator holding a break-glass grant for that person sees their cases too."""
    async with engine.connect() as conn:
        scope = await _scope(conn, intake, principal, beneficiary_id)
    where = views.CaseFilter(
        scope,
        municipality,
        status,
        channel,
        opened_from,
        opened_to,
        beneficiary_id,
        principal.sub if assigned_to == "me" else assigned_to,
    )
    async with engine.connect() as conn:
        rows = await views.cases(conn, where, after_of(page.after), page.limit)
    deadlines = intake.deadlines()
    items = [case_summary(row, deadlines) for row in rows[: page.limit]]
    more = len(rows) > page.limit
    return page.page(items, {"after": str(items[-1].case_id)} if more else None)


async def _scope(
    conn: AsyncConnection, intake: Intake, principal: Principal, beneficiary_id: UUID | None
) -> frozenset[str]:
    """The caller's municipalities, plus the person's under a live break-glass grant."""
    mine = frozenset(principal.municipalities)
    if beneficiary_id is None or not principal.has_any("coordinator"):
        return mine
    person = await views.beneficiary(conn, beneficiary_id)
    if person is None or person["municipality"] in mine:
        return mine
    grant = await views.live_grant(conn, beneficiary_id, principal.sub, intake.clock())
    return mine | {person["municipality"]} if grant else mine


def after_of(position: dict[str, Any] | None) -> UUID | None:
    if position is None:
        return None
    try:
        return UUID(str(position["after"]))
    except (KeyError, ValueError):
        raise unprocessable(
            "the cursor is not valid", [FieldError("query.cursor", "not ours")]
        ) from None


@router.get("/{case_id}", response_model=CaseOut)
async def read_case(
    case_id: UUID, principal: Reader, intake: IntakeDep, engine: EngineDep
) -> Response:
    """One case; vulnerabilities, assessments and notes in clear for caseworkers only."""
    async with engine.begin() as conn:
        row = await views.case(conn, case_id)
        if row is None:
            raise not_found("case")
        person = row["beneficiary_id"]
        allowed = await admit(conn, intake, principal, row["municipality"], person, "case", case_id)
        opener = Opener(conn, intake.vault, person, allowed)
        out = await case_out(row, opener, intake.deadlines())
    return versioned(out, out.version)


@router.get("/{case_id}/history", response_model=History)
async def case_history(
    case_id: UUID, principal: Reader, intake: IntakeDep, engine: EngineDep
) -> History:
    """Every event of the case with its actor and time; sealed fields are left out."""
    async with engine.begin() as conn:
        envelopes = await views.case_history(conn, case_id)
        if not envelopes:
            raise not_found("case")
        first = intake.registry.decode(envelopes[0])
        person = getattr(first, "beneficiary_id", case_id)
        municipality = envelopes[0].municipality
        await admit(conn, intake, principal, municipality, person, "case_history", case_id)
    return History(case_id=case_id, items=[history_item(e, intake.registry) for e in envelopes])


@router.post("/{case_id}/assessments", status_code=201, response_model=CaseOut)
async def assess_case(
    case_id: UUID,
    body: NewAssessment,
    principal: Caseworker,
    intake: IntakeDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
) -> Response:
    """Record the multidisciplinary team's assessment (sealed)."""
    cmd = cmds.AssessCase(case_id, tuple(body.team_roles), body.assessment.model_dump_json())
    decide = partial(commands.assess_case, cmd=cmd, if_match=if_match)
    return await run_on_case(intake, once, principal, request, case_id, decide, 201)


@router.post("/{case_id}/support", status_code=201, response_model=CaseOut)
async def provide_support(
    case_id: UUID,
    body: NewSupport,
    principal: Caseworker,
    intake: IntakeDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
) -> Response:
    """Record support given; a closed case refuses it (409 with the reason)."""
    cmd = cmds.ProvideSupport(case_id, uuid7(), body.kind, body.date, body.minutes, body.note)
    decide = partial(commands.provide_support, cmd=cmd, if_match=if_match)
    return await run_on_case(intake, once, principal, request, case_id, decide, 201)


@router.post("/{case_id}/referrals", status_code=201, response_model=CaseOut)
async def issue_referral(
    case_id: UUID,
    body: NewReferral,
    principal: Caseworker,
    intake: IntakeDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
) -> Response:
    """Refer the case to a service; housing and civic answer through their events."""
    cmd = cmds.IssueReferral(case_id, uuid7(), body.target, body.urgency, body.note)
    decide = partial(commands.issue_referral, cmd=cmd, if_match=if_match)
    return await run_on_case(intake, once, principal, request, case_id, decide, 201)


@router.post("/{case_id}/referrals/{referral_id}/outcome", response_model=CaseOut)
async def record_referral_outcome(
    case_id: UUID,
    referral_id: UUID,
    body: NewReferralOutcome,
    principal: Caseworker,
    intake: IntakeDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
) -> Response:
    """Record the answer of a service outside the mesh (health, legal aid, employment…)."""
    cmd = cmds.RecordReferralOutcome(case_id, referral_id, body.outcome, body.reason)
    decide = partial(commands.record_referral_outcome, cmd=cmd, if_match=if_match)
    return await run_on_case(intake, once, principal, request, case_id, decide)


@router.post("/{case_id}/close", response_model=CaseOut)
async def close_case(
    case_id: UUID,
    body: Closing,
    principal: Coordinator,
    intake: IntakeDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
) -> Response:
    """Close the case with its outcome (coordinators)."""
    cmd = cmds.CloseCase(case_id, body.outcome)
    decide = partial(commands.close_case, cmd=cmd, if_match=if_match)
    return await run_on_case(intake, once, principal, request, case_id, decide)


@router.post("/{case_id}/reopen", response_model=CaseOut)
async def reopen_case(
    case_id: UUID,
    body: Reopening,
    principal: Coordinator,
    intake: IntakeDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
) -> Response:
    """Reopen a closed case (coordinators)."""
    cmd = cmds.ReopenCase(case_id, body.reason)
    decide = partial(commands.reopen_case, cmd=cmd, if_match=if_match)
    return await run_on_case(intake, once, principal, request, case_id, decide)
