"""``/merge-proposals``: the same person in two municipalities, joined with both sides' say.

The asking coordinator proposes from their own record and never learns the other record's
id; the receiving coordinator sees their own record, the kind of match and who asks, and
accepts (saying which record stays) or declines.
"""

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection

from intake import access_log, merge_proposals
from intake.access_log import MERGE_PROPOSAL, Check
from intake.api.deps import Coordinator, IntakeDep, caller_of
from intake.api.routes.cases import after_of
from intake.api.schemas import (
    Acceptance,
    Declining,
    MergeProposalOut,
    ProposalAsk,
    ProposalsMade,
)
from intake.domain.merge_proposal import STATUSES
from intake.handlers.merges import accept_proposal, asking_record
from intake.match_checks import ration
from intake.match_keys import PossibleMatch
from intake.merge_proposals import Asking, Decision, Direction
from lgnet_service.auth import Principal, require_roles
from lgnet_service.errors import forbidden, not_found
from lgnet_service.idempotency import IdempotencyDep
from lgnet_service.pagination import Page, PageDep
from lgnet_service.runtime import EngineDep

router = APIRouter(tags=["duplicates"])

ProposalReader = Annotated[Principal, Depends(require_roles("coordinator", "auditor"))]
STATUS_PATTERN = "^(" + "|".join(STATUSES) + ")$"


async def rationed(principal: Coordinator, intake: IntakeDep) -> Principal:
    """A coordinator with a duplicate check left this hour: a proposal spends one."""
    ration(intake.match_checks, principal.sub)
    return principal


Proposer = Annotated[Principal, Depends(rationed)]


@router.post(
    "/beneficiaries/{beneficiary_id}/merge-proposals",
    status_code=201,
    response_model=ProposalsMade,
    responses={200: {"model": ProposalsMade, "description": "no new proposal"}},
)
async def propose(
    beneficiary_id: UUID,
    principal: Proposer,
    intake: IntakeDep,
    once: IdempotencyDep,
    request: Request,
    body: ProposalAsk | None = None,
) -> Response:
    """Propose to merge this record with the records of other municipalities that match it.

    The answer says only how many proposals were made (201; 200 when none)."""

    async def command(conn: AsyncConnection) -> Response:
        unit = intake.unit(conn, caller_of(principal, request))
        own = await asking_record(unit, beneficiary_id, intake.clock().date())
        found = await intake.fingerprints.matches.elsewhere(conn, beneficiary_id)
        asking = Asking(beneficiary_id, str(own.municipality), principal.sub, intake.clock())
        made = await merge_proposals.propose(conn, asking, found)
        await access_log.record_checks(conn, _entries(principal, asking, made))
        ids = [proposal_id for proposal_id, _ in made]
        out = ProposalsMade(proposals=len(ids), proposal_ids=ids)
        return JSONResponse(out.model_dump(mode="json"), status_code=201 if made else 200)

    return await once.run(principal.sub, command)


def _entries(
    principal: Principal, asking: Asking, made: list[tuple[UUID, PossibleMatch]]
) -> list[Check]:
    """One access-log entry on each of the two records of each new proposal."""
    return [
        _entry(principal, record, match.kind, asking.at, "proposal")
        for _, match in made
        for record in (
            (asking.beneficiary_id, asking.municipality),
            (match.beneficiary_id, match.municipality),
        )
    ]


def _entry(
    principal: Principal,
    record: tuple[UUID, str],
    what: str,
    at: datetime,
    action: Literal["proposal", "decision"],
) -> Check:
    beneficiary_id, municipality = record
    return Check(
        actor=principal.sub,
        roles=tuple(sorted(principal.roles)),
        requested_from=tuple(sorted(principal.municipalities)),
        beneficiary_id=beneficiary_id,
        municipality=municipality,
        what=what,
        at=at,
        action=action,
        purpose=MERGE_PROPOSAL,
    )


@router.get("/merge-proposals", response_model=Page[MergeProposalOut])
async def list_proposals(
    principal: ProposalReader,
    engine: EngineDep,
    page: PageDep,
    direction: Direction | None = None,
    status: Annotated[str | None, Query(pattern=STATUS_PATTERN)] = None,
) -> Page[MergeProposalOut]:
    """Proposals about the caller's municipalities' records (incoming) and asked from them
    (outgoing), newest first: each side sees its own record only."""
    sees = frozenset(principal.municipalities)
    async with engine.connect() as conn:
        rows = await merge_proposals.listed(
            conn, sees, direction, status, after_of(page.after), page.limit
        )
    items = [MergeProposalOut.of(row, sees) for row in rows[: page.limit]]
    more = len(rows) > page.limit
    return page.page(items, {"after": str(items[-1].proposal_id)} if more else None)


@router.post("/merge-proposals/{proposal_id}/accept", response_model=MergeProposalOut)
async def accept(
    proposal_id: UUID,
    body: Acceptance,
    principal: Coordinator,
    intake: IntakeDep,
    once: IdempotencyDep,
    request: Request,
) -> Response:
    """The same person: the record that does not stay is merged into the one that does."""

    async def command(conn: AsyncConnection) -> Response:
        row = await _incoming(conn, principal, proposal_id)
        unit = intake.unit(conn, caller_of(principal, request))
        proposal = merge_proposals.of_row(row)
        await accept_proposal(unit, proposal, body.stays, intake.clock().date())
        decision = Decision("accepted", principal.sub, intake.clock(), stays=body.stays)
        return await _decided(conn, principal, proposal_id, decision)

    return await once.run(principal.sub, command)


@router.post("/merge-proposals/{proposal_id}/decline", response_model=MergeProposalOut)
async def decline(
    proposal_id: UUID,
    body: Declining,
    principal: Coordinator,
    intake: IntakeDep,
    once: IdempotencyDep,
) -> Response:
    """Not the same person (or not now): the proposal is closed, nothing is merged."""

    async def command(conn: AsyncConnection) -> Response:
        row = await _incoming(conn, principal, proposal_id)
        merge_proposals.of_row(row).decline()
        decision = Decision("declined", principal.sub, intake.clock(), reason=body.reason)
        return await _decided(conn, principal, proposal_id, decision)

    return await once.run(principal.sub, command)


@router.post("/merge-proposals/{proposal_id}/withdraw", response_model=MergeProposalOut)
async def withdraw(
    proposal_id: UUID, principal: Coordinator, intake: IntakeDep, once: IdempotencyDep
) -> Response:
    """The asking municipality takes its proposal back before the other side decided."""

    async def command(conn: AsyncConnection) -> Response:
        row = await _ours(conn, principal, proposal_id, "asking")
        merge_proposals.of_row(row).withdraw()
        decision = Decision("withdrawn", principal.sub, intake.clock())
        return await _decided(conn, principal, proposal_id, decision)

    return await once.run(principal.sub, command)


async def _incoming(conn: AsyncConnection, principal: Principal, proposal_id: UUID) -> RowMapping:
    """The proposal, for a coordinator of the receiving municipality."""
    return await _ours(conn, principal, proposal_id, "receiving")


async def _ours(
    conn: AsyncConnection,
    principal: Principal,
    proposal_id: UUID,
    side: Literal["asking", "receiving"],
) -> RowMapping:
    """The proposal, for a coordinator of *side*'s municipality; the other side may see it
    but not act on it here (403); anybody else gets 404."""
    row = await merge_proposals.proposal(conn, proposal_id)
    if row is None or not (
        principal.can_see(row["receiving_municipality"])
        or principal.can_see(row["asking_municipality"])
    ):
        raise not_found("merge proposal")
    if not principal.can_see(row[f"{side}_municipality"]):
        who = "that asked" if side == "asking" else "of the record found"
        raise forbidden(f"only the municipality {who} may do this with the proposal")
    return row


async def _decided(
    conn: AsyncConnection, principal: Principal, proposal_id: UUID, decision: Decision
) -> Response:
    """The decision stored, and written to the access log of both records."""
    await merge_proposals.decide(conn, proposal_id, decision)
    row = await merge_proposals.proposal(conn, proposal_id)
    if row is None:
        raise not_found("merge proposal")
    await access_log.record_checks(conn, _decision_entries(principal, row, decision))
    out = MergeProposalOut.of(row, frozenset(principal.municipalities))
    return JSONResponse(out.model_dump(mode="json"))


def _decision_entries(principal: Principal, row: RowMapping, decision: Decision) -> list[Check]:
    """One access-log entry on each of the two records: who decided, what, when."""
    return [
        _entry(
            principal,
            (row[f"{side}_id"], row[f"{side}_municipality"]),
            decision.status,
            decision.at,
            "decision",
        )
        for side in ("asking", "receiving")
    ]
