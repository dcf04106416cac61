"""``/support-measures``: rent, deposit, utilities, furniture, coaching; euro totals."""

from decimal import Decimal
from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Request, Response
from sqlalchemy.ext.asyncio import AsyncConnection

from housing import views
from housing.api.commands import run
from housing.api.deps import Caseworker, HousingDep, Reader, after_id
from housing.api.schemas import (
    MeasureEnding,
    MeasureOut,
    MeasurePage,
    MeasureTotals,
    MunicipalityTotal,
    NewMeasure,
)
from housing.domain import commands as cmds
from housing.handlers import commands
from housing.projections.measures import support_measures
from lgnet_events.catalog.housing import MeasureKind
from lgnet_events.ids import uuid7
from lgnet_events.municipalities import Municipality
from lgnet_service.idempotency import IdempotencyDep
from lgnet_service.pagination import PageDep
from lgnet_service.runtime import EngineDep
from lgnet_service.versions import IfMatch

router = APIRouter(prefix="/support-measures", tags=["support measures"])
SHOWN_AS = (support_measures, MeasureOut, "/support-measures")


@router.post("", status_code=201, response_model=MeasureOut)
async def grant_measure(
    body: NewMeasure,
    principal: Caseworker,
    housing: HousingDep,
    once: IdempotencyDep,
    request: Request,
) -> Response:
    """Grant a measure to a known beneficiary; ``amount_eur`` is the whole amount granted."""
    cmd = cmds.GrantMeasure(
        uuid7(), body.beneficiary_id, body.kind, body.amount_eur, body.months, body.start_date
    )
    return await run(
        housing,
        once,
        principal,
        request,
        lambda work: commands.grant_measure(work, cmd),
        SHOWN_AS,
        201,
    )


@router.get("", response_model=MeasurePage)
async def list_measures(
    principal: Reader,
    engine: EngineDep,
    page: PageDep,
    municipality: Municipality | None = None,
    beneficiary_id: UUID | None = None,
    kind: MeasureKind | None = None,
    status: Literal["active", "ended"] | None = None,
) -> MeasurePage:
    """Measures of the caller's municipalities, oldest first, with totals over the whole
    filter: per beneficiary with ``beneficiary_id``, per municipality always."""
    where = views.Filter(
        frozenset(principal.municipalities), municipality, beneficiary_id, status, kind
    )
    async with engine.connect() as conn:
        rows = await views.page(conn, support_measures, where, after_id(page.after), page.limit)
        totals = await _totals(conn, where)
    items = [MeasureOut.model_validate(dict(row)) for row in rows[: page.limit]]
    more = len(rows) > page.limit
    listed = page.page(items, {"after": str(items[-1].measure_id)} if more else None)
    return MeasurePage(items=listed.items, next_cursor=listed.next_cursor, totals=totals)


async def _totals(conn: AsyncConnection, where: views.Filter) -> MeasureTotals:
    per_municipality = [
        MunicipalityTotal.model_validate(dict(row))
        for row in await views.measure_totals(conn, where)
    ]
    return MeasureTotals(
        measures=sum(t.measures for t in per_municipality),
        beneficiaries=await views.measure_beneficiaries(conn, where),
        amount_eur=sum((t.amount_eur for t in per_municipality), Decimal("0.00")),
        by_municipality=per_municipality,
    )


@router.post("/{measure_id}/end", response_model=MeasureOut)
async def end_measure(
    measure_id: UUID,
    body: MeasureEnding,
    principal: Caseworker,
    housing: HousingDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
) -> Response:
    """End an active measure (reason code, ``completed`` by default)."""
    cmd = cmds.EndMeasure(measure_id, body.end_date, body.reason)
    return await run(
        housing,
        once,
        principal,
        request,
        lambda work: commands.end_measure(work, cmd, if_match),
        SHOWN_AS,
    )
