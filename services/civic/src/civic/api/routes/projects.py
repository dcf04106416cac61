"""``/projects``: civic projects, the host placements with their places."""

from uuid import UUID

from fastapi import APIRouter, Request, Response

from civic.api.deps import CivicDep, Coordinator, Reader
from civic.api.resources import Resource
from civic.api.schemas import NewProject, ProjectOut
from civic.domain.commands import CreateProject
from civic.handlers import commands
from civic.projections.projects import project_view
from civic.views import Filter, View
from lgnet_events.catalog.civic import Sector
from lgnet_events.ids import uuid7
from lgnet_events.municipalities import Municipality
from lgnet_service.idempotency import IdempotencyDep
from lgnet_service.pagination import Page, PageDep
from lgnet_service.runtime import EngineDep

router = APIRouter(prefix="/projects", tags=["projects"])
PROJECTS = Resource("project", "/projects", View(project_view, "project_id"), ProjectOut)


@router.post("", status_code=201, response_model=ProjectOut)
async def create_project(
    body: NewProject,
    principal: Coordinator,
    civic: CivicDep,
    once: IdempotencyDep,
    request: Request,
) -> Response:
    """Create a civic project with a host organisation (coordinators)."""
    cmd = CreateProject(
        uuid7(), body.title, body.sector, body.host_organisation, body.places, body.planned_hours
    )
    return await PROJECTS.write(
        civic,
        once,
        principal,
        request,
        lambda u: commands.create_project(u, cmd, body.municipality),
        201,
    )


@router.get("", response_model=Page[ProjectOut])
async def list_projects(
    principal: Reader,
    engine: EngineDep,
    page: PageDep,
    municipality: Municipality | None = None,
    sector: Sector | None = None,
) -> Page[ProjectOut]:
    """Projects of the caller's municipalities, newest first, with their free places."""
    where = Filter(
        frozenset(principal.municipalities), {"municipality": municipality, "sector": sector}
    )
    return await PROJECTS.list(engine, where, page)


@router.get("/{project_id}", response_model=ProjectOut)
async def read_project(project_id: UUID, principal: Reader, engine: EngineDep) -> Response:
    """One project."""
    return await PROJECTS.read(engine, principal, project_id)
