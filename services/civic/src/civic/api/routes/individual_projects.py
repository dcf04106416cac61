"""``/individual-projects``: a person's project with a host, its hours and how it ended."""

from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Request, Response

from civic.api.deps import CivicDep, Coordinator, Reader, Worker
from civic.api.resources import Resource
from civic.api.schemas import (
    Completion,
    IndividualProjectOut,
    NewHours,
    NewIndividualProject,
    Withdrawal,
)
from civic.domain import commands as cmds
from civic.domain.errors import Invalid
from civic.handlers import commands
from civic.handlers.unit import Unit
from civic.projections.individual_projects import individual_project_view
from civic.views import Filter, View
from lgnet_events.ids import uuid7
from lgnet_events.municipalities import Municipality
from lgnet_events.repository import Saved
from lgnet_service.idempotency import IdempotencyDep
from lgnet_service.pagination import Page, PageDep
from lgnet_service.runtime import EngineDep
from lgnet_service.versions import IfMatch

router = APIRouter(prefix="/individual-projects", tags=["individual projects"])
INDIVIDUAL_PROJECTS = Resource(
    "individual project",
    "/individual-projects",
    View(individual_project_view, "individual_project_id"),
    IndividualProjectOut,
)


@router.post("", status_code=201, response_model=IndividualProjectOut)
async def start_individual_project(
    body: NewIndividualProject,
    principal: Worker,
    civic: CivicDep,
    once: IdempotencyDep,
    request: Request,
) -> Response:
    """Start a project for an accepted candidate or a registered person; full project: 409."""
    if (body.candidate_id is None) == (body.beneficiary_id is None):
        raise Invalid("body.candidate_id", "give either a candidate_id or a beneficiary_id")

    async def decide(unit: Unit) -> Saved:
        enrol = commands.Enrol(
            individual_project_id=uuid7(),
            project_id=body.project_id,
            tutor=body.tutor,
            start_date=body.start_date or unit.today,
            candidate_id=body.candidate_id,
            beneficiary_id=body.beneficiary_id,
            planned_hours=body.planned_hours,
        )
        return await commands.start_individual_project(unit, enrol)

    return await INDIVIDUAL_PROJECTS.write(civic, once, principal, request, decide, 201)


@router.get("", response_model=Page[IndividualProjectOut])
async def list_individual_projects(
    principal: Reader,
    engine: EngineDep,
    page: PageDep,
    municipality: Municipality | None = None,
    project_id: UUID | None = None,
    beneficiary_id: UUID | None = None,
    status: Literal["active", "completed", "withdrawn"] | None = None,
) -> Page[IndividualProjectOut]:
    """Individual projects of the caller's municipalities, newest first."""
    equal = {
        "municipality": municipality,
        "project_id": project_id,
        "beneficiary_id": beneficiary_id,
        "status": status,
    }
    return await INDIVIDUAL_PROJECTS.list(
        engine, Filter(frozenset(principal.municipalities), equal), page
    )


@router.get("/{individual_project_id}", response_model=IndividualProjectOut)
async def read_individual_project(
    individual_project_id: UUID, principal: Reader, engine: EngineDep
) -> Response:
    """One individual project with the hours logged so far."""
    return await INDIVIDUAL_PROJECTS.read(engine, principal, individual_project_id)


@router.post("/{individual_project_id}/hours", status_code=201, response_model=IndividualProjectOut)
async def log_hours(
    individual_project_id: UUID,
    body: NewHours,
    principal: Worker,
    civic: CivicDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
) -> Response:
    """Log hours done on a day: more than zero, not in the future, not on a finished project."""
    cmd = cmds.LogHours(individual_project_id, body.date, body.hours)
    return await INDIVIDUAL_PROJECTS.write(
        civic, once, principal, request, lambda u: commands.log_hours(u, cmd, if_match), 201
    )


@router.post("/{individual_project_id}/complete", response_model=IndividualProjectOut)
async def complete_individual_project(
    individual_project_id: UUID,
    body: Completion,
    principal: Coordinator,
    civic: CivicDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
) -> Response:
    """Complete the project with its outcome (coordinators); its place is freed."""

    async def decide(unit: Unit) -> Saved:
        cmd = cmds.CompleteIndividualProject(
            individual_project_id, body.date or unit.today, body.outcome
        )
        return await commands.complete_individual_project(unit, cmd, if_match)

    return await INDIVIDUAL_PROJECTS.write(civic, once, principal, request, decide)


@router.post("/{individual_project_id}/withdraw", response_model=IndividualProjectOut)
async def withdraw_individual_project(
    individual_project_id: UUID,
    body: Withdrawal,
    principal: Coordinator,
    civic: CivicDep,
    once: IdempotencyDep,
    if_match: IfMatch,
    request: Request,
) -> Response:
    """Withdraw the person from the project with a reason (coordinators); its place is freed."""

    async def decide(unit: Unit) -> Saved:
        cmd = cmds.WithdrawIndividualProject(
            individual_project_id, body.date or unit.today, body.reason
        )
        return await commands.withdraw_individual_project(unit, cmd, if_match)

    return await INDIVIDUAL_PROJECTS.write(civic, once, principal, request, decide)
