"""Break-glass: a coordinator opens another municipality's record for a limited time."""

from datetime import timedelta
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection

from intake import views
from intake.api.deps import Coordinator, IntakeDep, caller_of
from intake.api.routes.cases import after_of
from intake.api.schemas import BreakGlassRequest, GrantOut
from intake.bootstrap import Intake
from intake.domain.commands import GrantBreakGlass
from intake.handlers.break_glass import grant_break_glass
from lgnet_events.ids import uuid7
from lgnet_service.auth import Principal, require_roles
from lgnet_service.errors import unprocessable
from lgnet_service.idempotency import IdempotencyDep
from lgnet_service.pagination import Page, PageDep
from lgnet_service.runtime import EngineDep

router = APIRouter(tags=["break-glass"])

GrantReader = Annotated[Principal, Depends(require_roles("coordinator", "auditor"))]


@router.post(
    "/beneficiaries/{beneficiary_id}/break-glass", status_code=201, response_model=GrantOut
)
async def break_glass(
    beneficiary_id: UUID,
    body: BreakGlassRequest,
    principal: Coordinator,
    intake: IntakeDep,
    once: IdempotencyDep,
    request: Request,
) -> Response:
    """Open a record of another municipality in an emergency: reason written, time limited."""
    if body.minutes > intake.settings.break_glass_max_minutes:
        raise unprocessable(f"at most {intake.settings.break_glass_max_minutes} minutes")
    cmd = GrantBreakGlass(
        beneficiary_id=beneficiary_id,
        grant_id=uuid7(),
        granted_to=principal.sub,
        requested_from=tuple(sorted(principal.municipalities)),
        reason=body.reason,
        expires_at=intake.clock() + timedelta(minutes=body.minutes),
    )

    async def command(conn: AsyncConnection) -> Response:
        await grant_break_glass(intake.unit(conn, caller_of(principal, request)), cmd)
        row = await views.grant(conn, cmd.grant_id)
        out = await _grant_out(conn, intake, row, with_reason=False)
        return JSONResponse(out.model_dump(mode="json"), status_code=201)

    return await once.run(principal.sub, command)


@router.get("/break-glass", response_model=Page[GrantOut])
async def list_grants(
    principal: GrantReader, intake: IntakeDep, engine: EngineDep, page: PageDep
) -> Page[GrantOut]:
    """Break-glass grants on the records of the caller's municipalities, newest first."""
    municipalities = frozenset(principal.municipalities)
    async with engine.connect() as conn:
        rows = await views.grants(conn, municipalities, after_of(page.after), page.limit)
        items = [await _grant_out(conn, intake, r, with_reason=True) for r in rows[: page.limit]]
    more = len(rows) > page.limit
    return page.page(items, {"after": str(items[-1].grant_id)} if more else None)


async def _grant_out(
    conn: AsyncConnection, intake: Intake, row: RowMapping, *, with_reason: bool
) -> GrantOut:
    fields = {k: v for k, v in row.items() if k in GrantOut.model_fields}
    reason = (
        await intake.vault.open(conn, row["beneficiary_id"], row["reason"]) if with_reason else None
    )
    return GrantOut(**{**fields, "reason": reason})
