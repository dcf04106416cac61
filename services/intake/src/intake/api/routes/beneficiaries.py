"""``/beneficiaries``: register, read, update and erase the people taken in charge."""

from uuid import UUID

from fastapi import APIRouter, Request, Response
from sqlalchemy.ext.asyncio import AsyncConnection

from intake import views
from intake.api.access import admit
from intake.api.deps import Caseworker, IntakeDep, Reader, caller_of
from intake.api.presenters import Opener, beneficiary_out
from intake.api.schemas import BeneficiaryChanges, BeneficiaryOut, NewBeneficiary
from intake.bootstrap import Intake
from intake.domain.commands import ErasePersonalData, RegisterBeneficiary
from intake.domain.consent import purposes_of_form, terms
from intake.handlers import commands
from lgnet_events.catalog.intake import ConsentTerms, ErasureReason
from lgnet_events.ids import uuid7
from lgnet_service.errors import FieldError, not_found, unprocessable
from lgnet_service.idempotency import IdempotencyDep
from lgnet_service.runtime import EngineDep
from lgnet_service.versions import IfMatch, versioned

router = APIRouter(prefix="/beneficiaries", tags=["beneficiaries"])


async def _written(conn: AsyncConnection, intake: Intake, beneficiary_id: UUID) -> BeneficiaryOut:
    """Write responses never carry personal data: they are kept for idempotent replays."""
    row = await views.beneficiary(conn, beneficiary_id)
    if row is None:
        raise not_found("beneficiary")
    return await beneficiary_out(row, Opener(conn, intake.vault, beneficiary_id, allowed=False))


def consents_of(body: NewBeneficiary) -> tuple[ConsentTerms, ...]:
    """The consents listed, plus the purposes of the form's consent not listed among them."""
    listed = [terms(c.purpose, c.given_on, c.expires_on) for c in body.consents]
    purposes = [terms.purpose for terms in listed]
    if len(set(purposes)) != len(purposes):
        raise unprocessable(
            "each purpose may be consented once", [FieldError("body.consents", "repeated purpose")]
        )
    form = body.personal_data.consent
    added = [
        terms(purpose, form.given_on)
        for purpose in purposes_of_form(form.purposes)
        if purpose not in purposes
    ]
    return (*listed, *added)


@router.post("", status_code=201, response_model=BeneficiaryOut)
async def register_beneficiary(
    body: NewBeneficiary,
    principal: Caseworker,
    intake: IntakeDep,
    once: IdempotencyDep,
    request: Request,
) -> Response:
    """Register a person; a likely duplicate answers 409 with its id unless confirmed."""
    beneficiary_id = uuid7()
    consents = consents_of(body)
    cmd = RegisterBeneficiary(
        beneficiary_id=beneficiary_id,
        sex=body.sex,
        birth_year=body.personal_data.birth_date.year,
        nationality=body.nationality,
        languages=tuple(body.languages),
        personal_data=body.personal_data.model_dump_json(),
        consents=consents,
    )

    async def command(conn: AsyncConnection) -> Response:
        unit = intake.unit(conn, caller_of(principal, request))
        confirm = body.confirm_duplicate
        saved = await commands.register_beneficiary(
            unit, cmd, body.municipality, confirm_duplicate=confirm
        )
        out = await _written(conn, intake, beneficiary_id)
        return versioned(out, saved.version, 201, f"/beneficiaries/{beneficiary_id}")

    return await once.run(principal.sub, command)


@router.get("/{beneficiary_id}", response_model=BeneficiaryOut)
async def read_beneficiary(
    beneficiary_id: UUID, principal: Reader, intake: IntakeDep, engine: EngineDep
) -> Response:
    """One beneficiary; personal data in clear for caseworkers only, each such read logged."""
    async with engine.begin() as conn:
        row = await views.beneficiary(conn, beneficiary_id)
        if row is None:
            raise not_found("beneficiary")
        allowed = await admit(
            conn, intake, principal, row["municipality"], beneficiary_id, "beneficiary"
        )
        allowed = allowed and not row["erased"]
        out = await beneficiary_out(row, Opener(conn, intake.vault, beneficiary_id, allowed))
    return versioned(out, out.version)


@router.patch("/{beneficiary_id}", response_model=BeneficiaryOut)
async def update_beneficiary(
    beneficiary_id: UUID,
    body: BeneficiaryChanges,
    principal: Caseworker,
    intake: IntakeDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
) -> Response:
    """Change personal data or the fields that travel in clear."""
    personal = body.personal_data.model_dump(exclude_unset=True)
    clear = body.model_dump(exclude_unset=True, exclude={"personal_data"})
    if not personal and not clear:
        raise unprocessable("nothing to change: send at least one field")

    async def command(conn: AsyncConnection) -> Response:
        unit = intake.unit(conn, caller_of(principal, request))
        saved = await commands.update_beneficiary(unit, beneficiary_id, personal, clear, if_match)
        return versioned(await _written(conn, intake, beneficiary_id), saved.version)

    return await once.run(principal.sub, command)


@router.delete("/{beneficiary_id}/personal-data", response_model=BeneficiaryOut)
async def erase_personal_data(
    beneficiary_id: UUID,
    principal: Caseworker,
    intake: IntakeDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
    reason: ErasureReason = "data_subject_request",
) -> Response:
    """Erase a person's personal data by destroying their key; counts stay."""
    cmd = ErasePersonalData(beneficiary_id=beneficiary_id, reason=reason)

    async def command(conn: AsyncConnection) -> Response:
        unit = intake.unit(conn, caller_of(principal, request))
        saved = await commands.erase_personal_data(unit, cmd, if_match)
        return versioned(await _written(conn, intake, beneficiary_id), saved.version)

    return await once.run(principal.sub, command)
