"""``/beneficiaries/matches``: possible duplicates before a record is created, rationed and
logged; ``/duplicate-checks``: the checks of others that found a municipality's people."""

from typing import Annotated

from fastapi import APIRouter, Depends

from intake import access_log
from intake.access_log import Check
from intake.api.deps import CASEWORKERS, IntakeDep
from intake.api.routes.access_log import entry_after
from intake.api.schemas import DuplicateCheckOut, MatchesOut, MatchOut, MatchQuery
from intake.bootstrap import Intake
from intake.match_checks import ration
from intake.match_keys import Identity, PossibleMatch
from lgnet_service.auth import Principal, require_roles
from lgnet_service.pagination import Page, PageDep
from lgnet_service.runtime import EngineDep

router = APIRouter(tags=["beneficiaries"])

ELSEWHERE = "a possible match exists in another municipality: ask your coordinator"


def rationed(
    principal: Annotated[Principal, Depends(require_roles(*CASEWORKERS))], intake: IntakeDep
) -> Principal:
    """A caseworker with a duplicate check left this hour, else 429 with ``Retry-After``."""
    ration(intake.match_checks, principal.sub)
    return principal


Checker = Annotated[Principal, Depends(rationed)]
CheckReader = Annotated[Principal, Depends(require_roles("coordinator", "auditor"))]


@router.post("/beneficiaries/matches", response_model=MatchesOut)
async def find_matches(
    body: MatchQuery, principal: Checker, intake: IntakeDep, engine: EngineDep
) -> MatchesOut:
    """People who may be this person, names compared across spellings and scripts.

    Inside the caller's municipalities each match is named; elsewhere only its existence,
    and the check is written to the access log of each person found there."""
    document = body.identity_document.number if body.identity_document else None
    who = Identity(body.given_names, body.family_names, body.birth_date, document)
    async with engine.begin() as conn:
        found = await intake.fingerprints.matches.find(conn, who)
        elsewhere = [m for m in found if not principal.can_see(m.municipality)]
        await access_log.record_checks(conn, _checks(intake, principal, elsewhere))
    mine = {(m.beneficiary_id, m.kind): m for m in found if principal.can_see(m.municipality)}
    return MatchesOut(
        matches=[
            MatchOut(beneficiary_id=m.beneficiary_id, municipality=m.municipality, kind=m.kind)
            for m in mine.values()
        ],
        elsewhere=bool(elsewhere),
        advice=ELSEWHERE if elsewhere else None,
    )


def _checks(intake: Intake, principal: Principal, found: list[PossibleMatch]) -> list[Check]:
    now = intake.clock()
    unique = {(m.beneficiary_id, m.kind): m for m in found}.values()
    return [
        Check(
            actor=principal.sub,
            roles=tuple(sorted(principal.roles)),
            requested_from=tuple(sorted(principal.municipalities)),
            beneficiary_id=m.beneficiary_id,
            municipality=m.municipality,
            what=m.kind,
            at=now,
        )
        for m in unique
    ]


@router.get("/duplicate-checks", response_model=Page[DuplicateCheckOut])
async def list_duplicate_checks(
    principal: CheckReader, engine: EngineDep, page: PageDep
) -> Page[DuplicateCheckOut]:
    """Duplicate checks from other municipalities that found people of the caller's
    municipalities, newest first: who, when, whom, from where."""
    scope = frozenset(principal.municipalities)
    async with engine.connect() as conn:
        rows = await access_log.checks_on(conn, scope, entry_after(page.after), page.limit)
    items = [DuplicateCheckOut.of(row) for row in rows[: page.limit]]
    more = len(rows) > page.limit
    return page.page(items, {"after": items[-1].entry_id} if more else None)
