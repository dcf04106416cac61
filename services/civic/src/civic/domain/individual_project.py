"""The individual project: one person's civic engagement with a host, from start to end."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Literal
from uuid import UUID

from civic.domain import errors
from civic.domain.commands import (
    CompleteIndividualProject,
    LogHours,
    StartIndividualProject,
    WithdrawIndividualProject,
)
from civic.domain.dates import require_not_before, require_not_future
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.civic import (
    HoursLogged,
    IndividualProjectCompleted,
    IndividualProjectStarted,
    IndividualProjectWithdrawn,
)

Status = Literal["new", "active", "completed", "withdrawn"]
HOURS_IN_A_DAY = Decimal(24)


@dataclass(frozen=True, slots=True)
class Opening:
    """The civic project's places as they stand, read under a lock on the project."""

    places: int
    occupied: int
    #: the person (or the candidate) already has an active individual project there
    already_enrolled: bool = False


@dataclass(frozen=True, slots=True)
class Enrolment:
    beneficiary_id: UUID
    project_id: UUID
    start_date: date

    def ids(self, individual_project_id: UUID) -> dict[str, UUID]:
        return {
            "individual_project_id": individual_project_id,
            "beneficiary_id": self.beneficiary_id,
            "project_id": self.project_id,
        }


@dataclass(frozen=True, slots=True)
class IndividualProject:
    individual_project_id: UUID
    status: Status = "new"
    enrolment: Enrolment | None = None
    hours_by_day: Mapping[date, Decimal] = field(default_factory=dict)

    def start(
        self, cmd: StartIndividualProject, opening: Opening, today: date
    ) -> list[DomainEvent]:
        if self.status != "new":
            raise errors.AlreadyExists(f"individual project {self.individual_project_id} exists")
        require_not_future(cmd.start_date, today, "body.start_date")
        if opening.already_enrolled:
            raise errors.AlreadyEnrolled("this person already has an active project there")
        if opening.occupied >= opening.places:
            raise errors.ProjectFull(f"all {opening.places} places of the project are taken")
        return [
            IndividualProjectStarted(
                individual_project_id=self.individual_project_id,
                beneficiary_id=cmd.beneficiary_id,
                project_id=cmd.project_id,
                candidate_id=cmd.candidate_id,
                tutor=cmd.tutor,
                planned_hours=cmd.planned_hours,
                start_date=cmd.start_date,
            )
        ]

    def log_hours(self, cmd: LogHours, today: date) -> list[DomainEvent]:
        enrolment = self._require_active("take hours")
        if cmd.hours <= 0:
            raise errors.Invalid("body.hours", "hours must be more than zero")
        require_not_future(cmd.date, today, "body.date")
        require_not_before(cmd.date, enrolment.start_date, "body.date")
        already = self.hours_by_day.get(cmd.date, Decimal(0))
        if already + cmd.hours > HOURS_IN_A_DAY:
            raise errors.DayFull(f"{already} hours are already logged on {cmd.date.isoformat()}")
        ids = enrolment.ids(self.individual_project_id)
        return [HoursLogged(**ids, date=cmd.date, hours=cmd.hours)]

    def complete(self, cmd: CompleteIndividualProject, today: date) -> list[DomainEvent]:
        enrolment = self._require_ending(cmd.date, today, "be completed")
        ids = enrolment.ids(self.individual_project_id)
        return [IndividualProjectCompleted(**ids, date=cmd.date, outcome=cmd.outcome)]

    def withdraw(self, cmd: WithdrawIndividualProject, today: date) -> list[DomainEvent]:
        enrolment = self._require_ending(cmd.date, today, "be withdrawn")
        ids = enrolment.ids(self.individual_project_id)
        return [IndividualProjectWithdrawn(**ids, date=cmd.date, reason=cmd.reason)]

    @property
    def hours(self) -> Decimal:
        return sum(self.hours_by_day.values(), Decimal(0))

    def _require_ending(self, day: date, today: date, action: str) -> Enrolment:
        enrolment = self._require_active(action)
        require_not_future(day, today, "body.date")
        require_not_before(day, enrolment.start_date, "body.date")
        return enrolment

    def _require_active(self, action: str) -> Enrolment:
        if self.enrolment is None:
            raise errors.Missing(f"no individual project {self.individual_project_id}")
        if self.status != "active":
            raise errors.ProjectFinished(
                f"the individual project is {self.status}: it cannot {action}"
            )
        return self.enrolment


def evolve(state: IndividualProject, event: DomainEvent) -> IndividualProject:
    if isinstance(event, IndividualProjectStarted):
        enrolment = Enrolment(event.beneficiary_id, event.project_id, event.start_date)
        return replace(state, status="active", enrolment=enrolment)
    if isinstance(event, HoursLogged):
        day = state.hours_by_day.get(event.date, Decimal(0)) + event.hours
        return replace(state, hours_by_day={**state.hours_by_day, event.date: day})
    if isinstance(event, IndividualProjectCompleted):
        return replace(state, status="completed")
    if isinstance(event, IndividualProjectWithdrawn):
        return replace(state, status="withdrawn")
    return state


def replay(individual_project_id: UUID, history: Iterable[DomainEvent]) -> IndividualProject:
    state = IndividualProject(individual_project_id)
    for event in history:
        state = evolve(state, event)
    return state
