"""``/candidates``: people intake referred to civic, accepted or declined here."""

from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Request, Response

from civic.api.deps import CivicDep, Coordinator, Reader, Worker
from civic.api.resources import Resource
from civic.api.schemas import CandidateOut, Declining
from civic.domain.commands import AcceptCandidate, DeclineCandidate
from civic.handlers import commands
from civic.projections.candidates import candidate_view
from civic.views import Filter, View
from lgnet_events.municipalities import Municipality
from lgnet_service.idempotency import IdempotencyDep
from lgnet_service.pagination import Page, PageDep
from lgnet_service.runtime import EngineDep
from lgnet_service.versions import IfMatch

router = APIRouter(prefix="/candidates", tags=["candidates"])
CANDIDATES = Resource(
    "candidate", "/candidates", View(candidate_view, "candidate_id"), CandidateOut
)


@router.get("", response_model=Page[CandidateOut])
async def list_candidates(
    principal: Reader,
    engine: EngineDep,
    page: PageDep,
    municipality: Municipality | None = None,
    status: Literal["received", "accepted", "declined"] | None = None,
) -> Page[CandidateOut]:
    """Candidates of the caller's municipalities, newest first."""
    where = Filter(
        frozenset(principal.municipalities), {"municipality": municipality, "status": status}
    )
    return await CANDIDATES.list(engine, where, page)


@router.get("/{candidate_id}", response_model=CandidateOut)
async def read_candidate(candidate_id: UUID, principal: Reader, engine: EngineDep) -> Response:
    """One candidate."""
    return await CANDIDATES.read(engine, principal, candidate_id)


@router.post("/{candidate_id}/accept", response_model=CandidateOut)
async def accept_candidate(
    candidate_id: UUID,
    principal: Worker,
    civic: CivicDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
) -> Response:
    """Accept the candidate: intake records the referral as accepted."""
    cmd = AcceptCandidate(candidate_id)
    return await CANDIDATES.write(
        civic, once, principal, request, lambda u: commands.accept_candidate(u, cmd, if_match)
    )


@router.post("/{candidate_id}/decline", response_model=CandidateOut)
async def decline_candidate(
    candidate_id: UUID,
    body: Declining,
    principal: Coordinator,
    civic: CivicDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
) -> Response:
    """Decline the candidate with a reason (coordinators): intake records it on the case."""
    cmd = DeclineCandidate(candidate_id, body.reason)
    return await CANDIDATES.write(
        civic, once, principal, request, lambda u: commands.decline_candidate(u, cmd, if_match)
    )
