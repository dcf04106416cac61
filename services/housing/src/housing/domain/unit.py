"""A housing unit: an apartment, shelter, co-housing or refurbished building, and its beds."""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from uuid import UUID

from housing.domain import errors
from housing.domain.commands import CompleteRefurbishment, RegisterUnit, StartRefurbishment
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.housing import (
    HousingUnitRegistered,
    UnitRefurbishmentCompleted,
    UnitRefurbishmentStarted,
)


@dataclass(frozen=True, slots=True)
class HousingUnit:
    unit_id: UUID
    registered: bool = False
    beds: int = 0
    under_refurbishment: bool = False

    def register(self, cmd: RegisterUnit) -> list[DomainEvent]:
        if self.registered:
            raise errors.AlreadyExists(f"unit {self.unit_id} already exists")
        return [
            HousingUnitRegistered(
                unit_id=self.unit_id,
                kind=cmd.kind,
                beds=cmd.beds,
                name=cmd.name,
                address=cmd.address,
            )
        ]

    def start_refurbishment(self, cmd: StartRefurbishment, occupied: int) -> list[DomainEvent]:
        self._require_registered()
        if self.under_refurbishment:
            raise errors.UnderRefurbishment("the unit is already under refurbishment")
        if occupied:
            raise errors.UnitOccupied(
                f"{occupied} placement(s) still open in this unit: end them first"
            )
        if cmd.expected_end is not None and cmd.expected_end < cmd.date:
            raise errors.Invalid("the expected end is before the start", "body.expected_end")
        return [
            UnitRefurbishmentStarted(
                unit_id=self.unit_id, date=cmd.date, expected_end=cmd.expected_end
            )
        ]

    def complete_refurbishment(self, cmd: CompleteRefurbishment) -> list[DomainEvent]:
        self._require_registered()
        if not self.under_refurbishment:
            raise errors.NotUnderRefurbishment("the unit is not under refurbishment")
        beds = self.beds if cmd.beds is None else cmd.beds
        return [UnitRefurbishmentCompleted(unit_id=self.unit_id, date=cmd.date, beds=beds)]

    def admit(self, occupied: int) -> None:
        """Refuses a new placement unless a bed is free now."""
        self._require_registered()
        if self.under_refurbishment:
            raise errors.UnderRefurbishment("a unit under refurbishment takes no placement")
        if occupied >= self.beds:
            raise errors.NoFreeBed(f"all {self.beds} beds of this unit are taken")

    def free_beds(self, occupied: int) -> int:
        return 0 if self.under_refurbishment else max(0, self.beds - occupied)

    def _require_registered(self) -> None:
        if not self.registered:
            raise errors.Missing(f"no unit {self.unit_id}")


def evolve(state: HousingUnit, event: DomainEvent) -> HousingUnit:
    if isinstance(event, HousingUnitRegistered):
        return replace(state, registered=True, beds=event.beds)
    if isinstance(event, UnitRefurbishmentStarted):
        return replace(state, under_refurbishment=True)
    if isinstance(event, UnitRefurbishmentCompleted):
        return replace(state, under_refurbishment=False, beds=event.beds)
    return state


def replay(unit_id: UUID, history: Iterable[DomainEvent]) -> HousingUnit:
    state = HousingUnit(unit_id)
    for event in history:
        state = evolve(state, event)
    return state
