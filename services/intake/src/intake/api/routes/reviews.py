"""``/duplicate-reviews``: possible duplicates queued for coordinators to merge or dismiss."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection

from intake import merge_proposals, reviews, views
from intake.api.deps import Coordinator, IntakeDep, caller_of
from intake.api.presenters import Opener, beneficiary_out
from intake.api.routes.cases import after_of
from intake.api.schemas import BeneficiaryOut, DuplicateReviewOut
from intake.bootstrap import Intake
from intake.domain.commands import MergeBeneficiary, UndoMerge
from intake.handlers.merges import merge_beneficiary, undo_merge
from lgnet_service.auth import Principal, ensure_visible
from lgnet_service.errors import conflict, not_found
from lgnet_service.idempotency import IdempotencyDep
from lgnet_service.pagination import Page, PageDep
from lgnet_service.runtime import EngineDep
from lgnet_service.versions import IfMatch, versioned

router = APIRouter(tags=["duplicates"])


@router.get("/duplicate-reviews", response_model=Page[DuplicateReviewOut])
async def review_queue(
    principal: Coordinator,
    engine: EngineDep,
    page: PageDep,
    status: Annotated[str | None, Query(pattern="^(open|merged|dismissed)$")] = "open",
) -> Page[DuplicateReviewOut]:
    """Pairs of records that may be one person, in the caller's municipalities."""
    municipalities = frozenset(principal.municipalities)
    async with engine.connect() as conn:
        rows = await reviews.queue(conn, municipalities, status, after_of(page.after), page.limit)
    items = [DuplicateReviewOut.model_validate(dict(r)) for r in rows[: page.limit]]
    more = len(rows) > page.limit
    return page.page(items, {"after": str(items[-1].review_id)} if more else None)


async def _open_review(conn: AsyncConnection, principal: Principal, review_id: UUID) -> RowMapping:
    row = await reviews.review(conn, review_id)
    if row is None:
        raise not_found("review")
    ensure_visible(principal, row["municipality"], "review")
    if row["status"] != "open":
        raise conflict(f"this review is already {row['status']}", code="review-decided")
    return row


async def _decided(conn: AsyncConnection, review_id: UUID) -> Response:
    row = await reviews.review(conn, review_id)
    out = DuplicateReviewOut.model_validate(dict(row or {}))
    return JSONResponse(out.model_dump(mode="json"))


@router.post("/duplicate-reviews/{review_id}/merge", response_model=DuplicateReviewOut)
async def merge(
    review_id: UUID,
    principal: Coordinator,
    intake: IntakeDep,
    once: IdempotencyDep,
    request: Request,
) -> Response:
    """Merge the later record into the earlier one (``BeneficiaryMerged``; undoable)."""

    async def command(conn: AsyncConnection) -> Response:
        row = await _open_review(conn, principal, review_id)
        cmd = MergeBeneficiary(row["beneficiary_id"], row["candidate_id"], review_id)
        await merge_beneficiary(intake.unit(conn, caller_of(principal, request)), cmd)
        await reviews.decide(conn, review_id, "merged", principal.sub, intake.clock())
        return await _decided(conn, review_id)

    return await once.run(principal.sub, command)


@router.post("/duplicate-reviews/{review_id}/dismiss", response_model=DuplicateReviewOut)
async def dismiss(
    review_id: UUID,
    principal: Coordinator,
    intake: IntakeDep,
    once: IdempotencyDep,
) -> Response:
    """Two different people after all: the pair leaves the queue."""

    async def command(conn: AsyncConnection) -> Response:
        await _open_review(conn, principal, review_id)
        await reviews.decide(conn, review_id, "dismissed", principal.sub, intake.clock())
        return await _decided(conn, review_id)

    return await once.run(principal.sub, command)


@router.post("/beneficiaries/{beneficiary_id}/merge/undo", response_model=BeneficiaryOut)
async def undo(
    beneficiary_id: UUID,
    principal: Coordinator,
    intake: IntakeDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
) -> Response:
    """Undo a merge, within or across municipalities: the record is live again
    (``BeneficiaryMergeUndone``; an accepted merge proposal becomes ``undone``)."""

    async def command(conn: AsyncConnection) -> Response:
        unit = intake.unit(conn, caller_of(principal, request))
        saved = await undo_merge(unit, UndoMerge(beneficiary_id), if_match)
        await merge_proposals.undone(conn, beneficiary_id)
        return versioned(await _written(conn, intake, beneficiary_id), saved.version)

    return await once.run(principal.sub, command)


async def _written(conn: AsyncConnection, intake: Intake, beneficiary_id: UUID) -> BeneficiaryOut:
    row = await views.beneficiary(conn, beneficiary_id)
    if row is None:
        raise not_found("beneficiary")
    return await beneficiary_out(row, Opener(conn, intake.vault, beneficiary_id, allowed=False))
