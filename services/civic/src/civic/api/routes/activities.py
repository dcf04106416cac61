"""``/community-activities``: workshops, meetings and events, within their capacity."""

from datetime import date
from uuid import UUID

from fastapi import APIRouter, Request, Response

from civic.api.deps import CivicDep, Reader, Worker
from civic.api.resources import Resource
from civic.api.schemas import ActivityOut, NewActivity
from civic.domain.commands import HoldCommunityActivity
from civic.handlers import commands
from civic.projections.activities import activity_view
from civic.views import Filter, View
from lgnet_events.catalog.civic import ActivityKind
from lgnet_events.ids import uuid7
from lgnet_events.municipalities import Municipality
from lgnet_service.idempotency import IdempotencyDep
from lgnet_service.pagination import Page, PageDep
from lgnet_service.runtime import EngineDep

router = APIRouter(prefix="/community-activities", tags=["community activities"])
ACTIVITIES = Resource(
    "community activity", "/community-activities", View(activity_view, "activity_id"), ActivityOut
)


@router.post("", status_code=201, response_model=ActivityOut)
async def hold_community_activity(
    body: NewActivity, principal: Worker, civic: CivicDep, once: IdempotencyDep, request: Request
) -> Response:
    """Record an activity held; participants above its capacity are refused (422)."""
    cmd = HoldCommunityActivity(
        activity_id=uuid7(),
        kind=body.kind,
        title=body.title,
        date=body.date,
        capacity=body.capacity,
        beneficiary_ids=tuple(body.beneficiary_ids),
        resident_participants=body.resident_participants,
    )
    return await ACTIVITIES.write(
        civic,
        once,
        principal,
        request,
        lambda u: commands.hold_community_activity(u, cmd, body.municipality),
        201,
    )


@router.get("", response_model=Page[ActivityOut])
async def list_community_activities(
    principal: Reader,
    engine: EngineDep,
    page: PageDep,
    municipality: Municipality | None = None,
    kind: ActivityKind | None = None,
    held_from: date | None = None,
    held_to: date | None = None,
) -> Page[ActivityOut]:
    """Activities of the caller's municipalities, newest first, optionally between two dates."""
    where = Filter(
        frozenset(principal.municipalities),
        {"municipality": municipality, "kind": kind},
        date_from=("date", held_from),
        date_to=("date", held_to),
    )
    return await ACTIVITIES.list(engine, where, page)


@router.get("/{activity_id}", response_model=ActivityOut)
async def read_community_activity(
    activity_id: UUID, principal: Reader, engine: EngineDep
) -> Response:
    """One activity."""
    return await ACTIVITIES.read(engine, principal, activity_id)
