"""``/placements``: a person in a unit, with capacity enforced (409 when no bed is free)."""

from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Request, Response

from housing import views
from housing.api.commands import run
from housing.api.deps import Caseworker, HousingDep, Reader, after_id
from housing.api.schemas import NewPlacement, PlacementEnding, PlacementOut
from housing.domain import commands as cmds
from housing.handlers import commands
from housing.projections.placements import placements
from lgnet_events.ids import uuid7
from lgnet_events.municipalities import Municipality
from lgnet_service.idempotency import IdempotencyDep
from lgnet_service.pagination import Page, PageDep
from lgnet_service.runtime import EngineDep
from lgnet_service.versions import IfMatch

router = APIRouter(prefix="/placements", tags=["placements"])
SHOWN_AS = (placements, PlacementOut, "/placements")


@router.post("", status_code=201, response_model=PlacementOut)
async def start_placement(
    body: NewPlacement,
    principal: Caseworker,
    housing: HousingDep,
    once: IdempotencyDep,
    request: Request,
) -> Response:
    """Place a known beneficiary in a unit with a free bed; 409 when none is free, the unit
    is under refurbishment, or the person already has an open placement."""
    cmd = cmds.StartPlacement(
        uuid7(), body.beneficiary_id, body.unit_id, body.start_date, body.request_id
    )
    return await run(
        housing,
        once,
        principal,
        request,
        lambda work: commands.start_placement(work, cmd),
        SHOWN_AS,
        201,
    )


@router.get("", response_model=Page[PlacementOut])
async def list_placements(
    principal: Reader,
    engine: EngineDep,
    page: PageDep,
    municipality: Municipality | None = None,
    status: Literal["open", "ended"] | None = None,
    beneficiary_id: UUID | None = None,
) -> Page[PlacementOut]:
    """Placements of the caller's municipalities, oldest first."""
    where = views.Filter(frozenset(principal.municipalities), municipality, beneficiary_id, status)
    async with engine.connect() as conn:
        rows = await views.page(conn, placements, where, after_id(page.after), page.limit)
    items = [PlacementOut.model_validate(dict(row)) for row in rows[: page.limit]]
    more = len(rows) > page.limit
    return page.page(items, {"after": str(items[-1].placement_id)} if more else None)


@router.post("/{placement_id}/end", response_model=PlacementOut)
async def end_placement(
    placement_id: UUID,
    body: PlacementEnding,
    principal: Caseworker,
    housing: HousingDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
) -> Response:
    """End the placement with its outcome; ``autonomous_housing`` counts as a success."""
    cmd = cmds.EndPlacement(placement_id, body.end_date, body.outcome)
    return await run(
        housing,
        once,
        principal,
        request,
        lambda work: commands.end_placement(work, cmd, if_match),
        SHOWN_AS,
    )
