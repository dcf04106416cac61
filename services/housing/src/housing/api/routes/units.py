"""``/units``: housing stock, refurbishment, and free beds now."""

from uuid import UUID

from fastapi import APIRouter, Request, Response

from housing import views
from housing.api.commands import run
from housing.api.deps import Coordinator, HousingDep, Reader, after_id
from housing.api.schemas import NewUnit, RefurbishmentCompletion, RefurbishmentStart, UnitOut
from housing.domain import commands as cmds
from housing.handlers import commands
from housing.projections.units import housing_units
from lgnet_events.catalog.housing import UnitKind
from lgnet_events.ids import uuid7
from lgnet_events.municipalities import Municipality
from lgnet_service.auth import ensure_visible
from lgnet_service.errors import not_found
from lgnet_service.idempotency import IdempotencyDep
from lgnet_service.pagination import Page, PageDep
from lgnet_service.runtime import EngineDep
from lgnet_service.versions import IfMatch, versioned

router = APIRouter(prefix="/units", tags=["units"])
SHOWN_AS = (housing_units, UnitOut, "/units")


@router.post("", status_code=201, response_model=UnitOut)
async def register_unit(
    body: NewUnit,
    principal: Coordinator,
    housing: HousingDep,
    once: IdempotencyDep,
    request: Request,
) -> Response:
    """Register an apartment, shelter, co-housing or building to refurbish (coordinators)."""
    cmd = cmds.RegisterUnit(uuid7(), body.kind, body.beds, body.name, body.address)
    return await run(
        housing,
        once,
        principal,
        request,
        lambda work: commands.register_unit(work, cmd, body.municipality),
        SHOWN_AS,
        201,
    )


@router.get("", response_model=Page[UnitOut])
async def list_units(
    principal: Reader,
    engine: EngineDep,
    page: PageDep,
    municipality: Municipality | None = None,
    kind: UnitKind | None = None,
    available: bool = False,
) -> Page[UnitOut]:
    """Units of the caller's municipalities with free beds now; ``available=true``: only
    those with a free bed."""
    where = views.Filter(frozenset(principal.municipalities), municipality, kind=kind)
    after = after_id(page.after)
    async with engine.connect() as conn:
        if available:
            rows = await views.free_units(conn, where, after, page.limit)
        else:
            rows = await views.page(conn, housing_units, where, after, page.limit)
    items = [UnitOut.model_validate(dict(row)) for row in rows[: page.limit]]
    more = len(rows) > page.limit
    return page.page(items, {"after": str(items[-1].unit_id)} if more else None)


@router.get("/{unit_id}", response_model=UnitOut)
async def read_unit(unit_id: UUID, principal: Reader, engine: EngineDep) -> Response:
    """One unit with its beds, occupied beds and free beds now."""
    async with engine.connect() as conn:
        row = await views.one(conn, housing_units, unit_id)
    if row is None:
        raise not_found("unit")
    ensure_visible(principal, row["municipality"], "unit")
    out = UnitOut.model_validate(dict(row))
    return versioned(out, out.version)


@router.post("/{unit_id}/refurbishment/start", response_model=UnitOut)
async def start_refurbishment(
    unit_id: UUID,
    body: RefurbishmentStart,
    principal: Coordinator,
    housing: HousingDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
) -> Response:
    """Take an empty unit out of service for refurbishment: it takes no placement meanwhile."""
    cmd = cmds.StartRefurbishment(unit_id, body.date, body.expected_end)
    return await run(
        housing,
        once,
        principal,
        request,
        lambda work: commands.start_refurbishment(work, cmd, if_match),
        SHOWN_AS,
    )


@router.post("/{unit_id}/refurbishment/complete", response_model=UnitOut)
async def complete_refurbishment(
    unit_id: UUID,
    body: RefurbishmentCompletion,
    principal: Coordinator,
    housing: HousingDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
) -> Response:
    """Put the unit back in service, with its beds after the works (unchanged if not given)."""
    cmd = cmds.CompleteRefurbishment(unit_id, body.date, body.beds)
    return await run(
        housing,
        once,
        principal,
        request,
        lambda work: commands.complete_refurbishment(work, cmd, if_match),
        SHOWN_AS,
    )
