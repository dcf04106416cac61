"""A placement: one person living in one unit from a start date until it ends with an outcome."""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal
from uuid import UUID

from housing.domain import errors
from housing.domain.commands import EndPlacement, StartPlacement
from housing.domain.unit import HousingUnit
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.housing import PlacementEnded, PlacementStarted

Status = Literal["new", "open", "ended"]


@dataclass(frozen=True, slots=True)
class Placement:
    placement_id: UUID
    status: Status = "new"
    beneficiary_id: UUID | None = None
    unit_id: UUID | None = None
    start_date: date | None = None

    def start(
        self, cmd: StartPlacement, unit: HousingUnit, occupied: int, person_placed: bool
    ) -> list[DomainEvent]:
        """*occupied*: open placements in the unit now; *person_placed*: one is the person's."""
        if self.status != "new":
            raise errors.AlreadyExists(f"placement {self.placement_id} already exists")
        if person_placed:
            raise errors.AlreadyPlaced("this person already has an open placement: end it first")
        unit.admit(occupied)
        return [
            PlacementStarted(
                placement_id=self.placement_id,
                beneficiary_id=cmd.beneficiary_id,
                unit_id=cmd.unit_id,
                start_date=cmd.start_date,
                request_id=cmd.request_id,
            )
        ]

    def end(self, cmd: EndPlacement) -> list[DomainEvent]:
        beneficiary_id, unit_id, start = self.beneficiary_id, self.unit_id, self.start_date
        if beneficiary_id is None or unit_id is None or start is None:
            raise errors.Missing(f"no placement {self.placement_id}")
        if self.status == "ended":
            raise errors.AlreadyEnded("the placement has already ended")
        if cmd.end_date < start:
            raise errors.Invalid(f"the end date is before the start ({start})", "body.end_date")
        return [
            PlacementEnded(
                placement_id=self.placement_id,
                beneficiary_id=beneficiary_id,
                unit_id=unit_id,
                end_date=cmd.end_date,
                outcome=cmd.outcome,
            )
        ]


def evolve(state: Placement, event: DomainEvent) -> Placement:
    if isinstance(event, PlacementStarted):
        return replace(
            state,
            status="open",
            beneficiary_id=event.beneficiary_id,
            unit_id=event.unit_id,
            start_date=event.start_date,
        )
    if isinstance(event, PlacementEnded):
        return replace(state, status="ended")
    return state


def replay(placement_id: UUID, history: Iterable[DomainEvent]) -> Placement:
    state = Placement(placement_id)
    for event in history:
        state = evolve(state, event)
    return state
