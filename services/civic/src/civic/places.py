"""A civic project's places, read under a row lock so that concurrent starts queue up.

Two starts racing for the last place both lock the project's row; the second reads the
count the first committed and is refused. Project first, then candidate: one lock order.
"""

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import exists, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from civic.domain.individual_project import Opening
from civic.projections.candidates import candidate_view
from civic.projections.individual_projects import individual_project_view
from civic.projections.projects import project_view


@dataclass(frozen=True, slots=True)
class ProjectPlaces:
    project_id: UUID
    municipality: str
    places: int
    occupied: int
    planned_hours: int


async def lock_project(conn: AsyncConnection, project_id: UUID) -> ProjectPlaces | None:
    c = project_view.c
    query = (
        select(c.project_id, c.municipality, c.places, c.occupied, c.planned_hours)
        .where(c.project_id == project_id)
        .with_for_update()
    )
    row = (await conn.execute(query)).first()
    return None if row is None else ProjectPlaces(*row)


async def lock_candidate(conn: AsyncConnection, candidate_id: UUID) -> None:
    query = select(candidate_view.c.candidate_id).where(
        candidate_view.c.candidate_id == candidate_id
    )
    await conn.execute(query.with_for_update())


async def opening(
    conn: AsyncConnection, place: ProjectPlaces, beneficiary_id: UUID, candidate_id: UUID | None
) -> Opening:
    c = individual_project_view.c
    same_person = (c.project_id == place.project_id) & (c.beneficiary_id == beneficiary_id)
    same_candidate = c.candidate_id == candidate_id if candidate_id else same_person
    enrolled = await conn.scalar(
        select(exists().where(c.status == "active", or_(same_person, same_candidate)))
    )
    return Opening(place.places, place.occupied, already_enrolled=bool(enrolled))
