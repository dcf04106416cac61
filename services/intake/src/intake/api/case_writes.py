"""Running one command on a case: idempotent, versioned, answered without personal data."""

from collections.abc import Awaitable, Callable
from uuid import UUID

from fastapi import Request, Response
from sqlalchemy.ext.asyncio import AsyncConnection

from intake import views
from intake.api.deps import caller_of
from intake.api.presenters import Opener, case_out
from intake.api.schemas import CaseOut
from intake.bootstrap import Intake
from intake.handlers.unit import Unit
from lgnet_events.repository import Saved
from lgnet_service.auth import Principal
from lgnet_service.errors import not_found
from lgnet_service.idempotency import IdempotentRequest
from lgnet_service.versions import versioned

Decision = Callable[[Unit], Awaitable[Saved]]


async def written_case(conn: AsyncConnection, intake: Intake, case_id: UUID) -> CaseOut:
    """Write responses never carry personal data: they are kept for idempotent replays."""
    row = await views.case(conn, case_id)
    if row is None:
        raise not_found("case")
    opener = Opener(conn, intake.vault, row["beneficiary_id"], allowed=False)
    return await case_out(row, opener, intake.deadlines())


async def run_on_case(
    intake: Intake,
    once: IdempotentRequest,
    principal: Principal,
    request: Request,
    case_id: UUID,
    decide: Decision,
    status: int = 200,
) -> Response:
    async def command(conn: AsyncConnection) -> Response:
        saved = await decide(intake.unit(conn, caller_of(principal, request)))
        location = f"/cases/{case_id}" if status == 201 else None
        out = await written_case(conn, intake, case_id)
        return versioned(out, saved.version, status, location)

    return await once.run(principal.sub, command)
