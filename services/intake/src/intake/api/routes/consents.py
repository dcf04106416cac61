"""``/beneficiaries/{id}/consents``: consent per purpose, given and withdrawn."""

from datetime import UTC, datetime
from uuid import UUID

from fastapi import APIRouter, Request, Response
from sqlalchemy.ext.asyncio import AsyncConnection

from intake import views
from intake.api.deps import Caseworker, IntakeDep, caller_of
from intake.api.presenters import Opener, beneficiary_out
from intake.api.schemas import BeneficiaryOut, ConsentIn, Withdrawal
from intake.bootstrap import Intake
from intake.domain.commands import GiveConsent, WithdrawConsent
from intake.domain.consent import terms
from intake.handlers import commands
from lgnet_events.catalog.intake import ConsentPurpose
from lgnet_service.errors import not_found
from lgnet_service.idempotency import IdempotencyDep
from lgnet_service.versions import IfMatch, versioned

router = APIRouter(prefix="/beneficiaries", tags=["consent"])


async def _written(conn: AsyncConnection, intake: Intake, beneficiary_id: UUID) -> BeneficiaryOut:
    row = await views.beneficiary(conn, beneficiary_id)
    if row is None:
        raise not_found("beneficiary")
    return await beneficiary_out(row, Opener(conn, intake.vault, beneficiary_id, allowed=False))


@router.post("/{beneficiary_id}/consents", status_code=201, response_model=BeneficiaryOut)
async def give_consent(
    beneficiary_id: UUID,
    body: ConsentIn,
    principal: Caseworker,
    intake: IntakeDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
) -> Response:
    """Record the person's consent for one purpose (replaces an earlier one for it)."""
    cmd = GiveConsent(beneficiary_id, terms(body.purpose, body.given_on, body.expires_on))

    async def command(conn: AsyncConnection) -> Response:
        unit = intake.unit(conn, caller_of(principal, request))
        saved = await commands.give_consent(unit, cmd, if_match)
        return versioned(await _written(conn, intake, beneficiary_id), saved.version, 201)

    return await once.run(principal.sub, command)


@router.post("/{beneficiary_id}/consents/{purpose}/withdrawal", response_model=BeneficiaryOut)
async def withdraw_consent(
    beneficiary_id: UUID,
    purpose: ConsentPurpose,
    principal: Caseworker,
    intake: IntakeDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
    body: Withdrawal | None = None,
) -> Response:
    """Record that the person withdrew their consent for one purpose (today by default)."""
    day = (body.withdrawn_on if body else None) or datetime.now(UTC).date()
    cmd = WithdrawConsent(beneficiary_id, purpose, day)

    async def command(conn: AsyncConnection) -> Response:
        unit = intake.unit(conn, caller_of(principal, request))
        saved = await commands.withdraw_consent(unit, cmd, if_match)
        return versioned(await _written(conn, intake, beneficiary_id), saved.version)

    return await once.run(principal.sub, command)
