"""``/complaints``: a beneficiary's complaint or feedback, routed to coordinators, answered."""

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection

from intake import views
from intake.api.deps import CASEWORKERS, Caseworker, Coordinator, IntakeDep, caller_of
from intake.api.routes.cases import after_of
from intake.api.schemas import ComplaintOut, ComplaintReply, NewComplaint
from intake.bootstrap import Intake
from intake.domain.commands import AnswerComplaint, ReceiveComplaint
from intake.handlers import complaints
from lgnet_events.ids import uuid7
from lgnet_service.auth import Principal, ensure_visible, require_roles
from lgnet_service.errors import not_found
from lgnet_service.idempotency import IdempotencyDep
from lgnet_service.pagination import Page, PageDep
from lgnet_service.runtime import EngineDep
from lgnet_service.versions import IfMatch, versioned

router = APIRouter(prefix="/complaints", tags=["complaints"])

ComplaintReader = Annotated[Principal, Depends(require_roles("coordinator", "auditor"))]


async def _out(
    conn: AsyncConnection, intake: Intake, row: RowMapping, *, clear: bool
) -> ComplaintOut:
    fields = {k: v for k, v in row.items() if k in ComplaintOut.model_fields}
    person, vault = row["beneficiary_id"], intake.vault
    text = await vault.open(conn, person, row["text"]) if clear else None
    answer = await vault.open(conn, person, row["answer"]) if clear and row["answer"] else None
    return ComplaintOut(**{**fields, "text": text, "answer": answer})


async def _written(conn: AsyncConnection, intake: Intake, complaint_id: UUID) -> ComplaintOut:
    row = await views.complaint(conn, complaint_id)
    if row is None:
        raise not_found("complaint")
    return await _out(conn, intake, row, clear=False)


@router.post("", status_code=201, response_model=ComplaintOut)
async def receive_complaint(
    body: NewComplaint,
    principal: Caseworker,
    intake: IntakeDep,
    once: IdempotencyDep,
    request: Request,
) -> Response:
    """Record a complaint or feedback (text sealed); it waits for a coordinator's answer."""
    cmd = ReceiveComplaint(
        complaint_id=uuid7(),
        beneficiary_id=body.beneficiary_id,
        kind=body.kind,
        category=body.category,
        channel=body.channel,
        received_on=body.received_on or datetime.now(UTC).date(),
        text=body.text,
        case_id=body.case_id,
    )

    async def command(conn: AsyncConnection) -> Response:
        unit = intake.unit(conn, caller_of(principal, request))
        saved = await complaints.receive_complaint(unit, cmd)
        out = await _written(conn, intake, cmd.complaint_id)
        return versioned(out, saved.version, 201, f"/complaints/{cmd.complaint_id}")

    return await once.run(principal.sub, command)


@router.get("", response_model=Page[ComplaintOut])
async def list_complaints(
    principal: ComplaintReader,
    intake: IntakeDep,
    engine: EngineDep,
    page: PageDep,
    status: Annotated[str | None, Query(pattern="^(open|answered)$")] = None,
) -> Page[ComplaintOut]:
    """Complaints of the caller's municipalities, newest first; texts for coordinators only."""
    clear = principal.has_any(*CASEWORKERS)
    municipalities = frozenset(principal.municipalities)
    async with engine.connect() as conn:
        rows = await views.complaints(
            conn, municipalities, status, after_of(page.after), page.limit
        )
        items = [await _out(conn, intake, row, clear=clear) for row in rows[: page.limit]]
    more = len(rows) > page.limit
    return page.page(items, {"after": str(items[-1].complaint_id)} if more else None)


@router.get("/{complaint_id}", response_model=ComplaintOut)
async def read_complaint(
    complaint_id: UUID, principal: ComplaintReader, intake: IntakeDep, engine: EngineDep
) -> Response:
    """One complaint; its text and answer for coordinators only."""
    async with engine.connect() as conn:
        row = await views.complaint(conn, complaint_id)
        if row is None:
            raise not_found("complaint")
        ensure_visible(principal, row["municipality"], "complaint")
        out = await _out(conn, intake, row, clear=principal.has_any(*CASEWORKERS))
    return versioned(out, out.version)


@router.post("/{complaint_id}/answer", response_model=ComplaintOut)
async def answer_complaint(
    complaint_id: UUID,
    body: ComplaintReply,
    principal: Coordinator,
    intake: IntakeDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
) -> Response:
    """Answer a complaint (coordinators); an answered one refuses a second answer (409)."""
    today = datetime.now(UTC).date()
    cmd = AnswerComplaint(complaint_id, body.resolution, today, body.answer)

    async def command(conn: AsyncConnection) -> Response:
        unit = intake.unit(conn, caller_of(principal, request))
        saved = await complaints.answer_complaint(unit, cmd, if_match)
        return versioned(await _written(conn, intake, complaint_id), saved.version)

    return await once.run(principal.sub, command)
