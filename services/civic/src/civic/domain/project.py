"""The civic project: a host organisation's placement with a number of places."""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from uuid import UUID

from civic.domain.commands import CreateProject
from civic.domain.errors import AlreadyExists
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.civic import CivicProjectCreated


@dataclass(frozen=True, slots=True)
class Project:
    project_id: UUID
    places: int = 0
    planned_hours: int = 0

    @property
    def exists(self) -> bool:
        return self.places > 0

    def create(self, cmd: CreateProject) -> list[DomainEvent]:
        if self.exists:
            raise AlreadyExists(f"project {self.project_id} already exists")
        return [
            CivicProjectCreated(
                project_id=self.project_id,
                title=cmd.title,
                sector=cmd.sector,
                host_organisation=cmd.host_organisation,
                places=cmd.places,
                planned_hours=cmd.planned_hours,
            )
        ]


def evolve(state: Project, event: DomainEvent) -> Project:
    if isinstance(event, CivicProjectCreated):
        return replace(state, places=event.places, planned_hours=event.planned_hours)
    return state


def replay(project_id: UUID, history: Iterable[DomainEvent]) -> Project:
    state = Project(project_id)
    for event in history:
        state = evolve(state, event)
    return state
