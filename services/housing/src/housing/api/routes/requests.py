"""``/requests``: housing requests from intake's referrals, accepted or declined."""

from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Request, Response

from housing import views
from housing.api.commands import run
from housing.api.deps import Coordinator, HousingDep, Reader, after_id
from housing.api.schemas import Acceptance, Decline, RequestOut
from housing.domain import commands as cmds
from housing.handlers import commands
from housing.projections.requests import housing_requests
from lgnet_events.municipalities import Municipality
from lgnet_service.idempotency import IdempotencyDep
from lgnet_service.pagination import Page, PageDep
from lgnet_service.runtime import EngineDep
from lgnet_service.versions import IfMatch

router = APIRouter(prefix="/requests", tags=["requests"])
SHOWN_AS = (housing_requests, RequestOut, "/requests")


@router.get("", response_model=Page[RequestOut])
async def list_requests(
    principal: Reader,
    engine: EngineDep,
    page: PageDep,
    municipality: Municipality | None = None,
    status: Literal["pending", "accepted", "declined"] | None = None,
    beneficiary_id: UUID | None = None,
) -> Page[RequestOut]:
    """Requests of the caller's municipalities, oldest first."""
    where = views.Filter(frozenset(principal.municipalities), municipality, beneficiary_id, status)
    async with engine.connect() as conn:
        rows = await views.page(conn, housing_requests, where, after_id(page.after), page.limit)
    items = [RequestOut.model_validate(dict(row)) for row in rows[: page.limit]]
    more = len(rows) > page.limit
    return page.page(items, {"after": str(items[-1].request_id)} if more else None)


@router.post("/{request_id}/accept", response_model=RequestOut)
async def accept_request(
    request_id: UUID,
    principal: Coordinator,
    housing: HousingDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
    body: Acceptance | None = None,
) -> Response:
    """Accept the request (coordinators); intake records the outcome on the case."""
    cmd = cmds.DecideRequest(request_id, accept=True)
    return await run(
        housing,
        once,
        principal,
        request,
        lambda work: commands.decide_request(work, cmd, if_match),
        SHOWN_AS,
    )


@router.post("/{request_id}/decline", response_model=RequestOut)
async def decline_request(
    request_id: UUID,
    body: Decline,
    principal: Coordinator,
    housing: HousingDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
) -> Response:
    """Decline the request with a reason code (coordinators); intake records the outcome."""
    cmd = cmds.DecideRequest(request_id, accept=False, reason=body.reason)
    return await run(
        housing,
        once,
        principal,
        request,
        lambda work: commands.decide_request(work, cmd, if_match),
        SHOWN_AS,
    )
