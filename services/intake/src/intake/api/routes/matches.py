"""``/beneficiaries/matches``: possible duplicates before a record is created."""

from fastapi import APIRouter

from intake.api.deps import Caseworker, IntakeDep
from intake.api.schemas import MatchesOut, MatchOut, MatchQuery
from intake.match_keys import Identity
from lgnet_service.runtime import EngineDep

router = APIRouter(prefix="/beneficiaries", tags=["beneficiaries"])

ELSEWHERE = "a possible match exists in another municipality: ask your coordinator"


@router.post("/matches", response_model=MatchesOut)
async def find_matches(
    body: MatchQuery, principal: Caseworker, intake: IntakeDep, engine: EngineDep
) -> MatchesOut:
    """People who may be this person, names compared across spellings and scripts.

    Inside the caller's municipalities each match is named; elsewhere only its existence."""
    document = body.identity_document.number if body.identity_document else None
    who = Identity(body.given_names, body.family_names, body.birth_date, document)
    async with engine.connect() as conn:
        found = await intake.fingerprints.matches.find(conn, who)
    mine = [m for m in found if principal.can_see(m.municipality)]
    elsewhere = len(mine) < len(found)
    unique = {(m.beneficiary_id, m.kind): m for m in mine}.values()
    return MatchesOut(
        matches=[
            MatchOut(beneficiary_id=m.beneficiary_id, municipality=m.municipality, kind=m.kind)
            for m in unique
        ],
        elsewhere=elsewhere,
        advice=ELSEWHERE if elsewhere else None,
    )
