"""A support measure: rent contribution, deposit, utilities, furniture or autonomy coaching.

``amount_eur`` is the whole amount granted for the measure (not per month), in euro with
cents; ``months`` is how long it runs (0 for a one-off payment such as a deposit).
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Literal
from uuid import UUID

from housing.domain import errors
from housing.domain.commands import EndMeasure, GrantMeasure
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.housing import SupportMeasureEnded, SupportMeasureGranted

Status = Literal["new", "active", "ended"]
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class SupportMeasure:
    measure_id: UUID
    status: Status = "new"
    beneficiary_id: UUID | None = None
    start_date: date | None = None

    def grant(self, cmd: GrantMeasure) -> list[DomainEvent]:
        if self.status != "new":
            raise errors.AlreadyExists(f"measure {self.measure_id} already exists")
        if cmd.amount_eur != cmd.amount_eur.quantize(CENT):
            raise errors.Invalid("an amount in euro has at most 2 decimals", "body.amount_eur")
        if cmd.kind == "autonomy_coaching" and cmd.months == 0:
            raise errors.Invalid("coaching runs for at least one month", "body.months")
        return [
            SupportMeasureGranted(
                measure_id=self.measure_id,
                beneficiary_id=cmd.beneficiary_id,
                kind=cmd.kind,
                amount_eur=cmd.amount_eur,
                months=cmd.months,
                start_date=cmd.start_date,
            )
        ]

    def end(self, cmd: EndMeasure) -> list[DomainEvent]:
        beneficiary_id, start = self.beneficiary_id, self.start_date
        if beneficiary_id is None or start is None:
            raise errors.Missing(f"no support measure {self.measure_id}")
        if self.status == "ended":
            raise errors.AlreadyEnded("the support measure has already ended")
        if cmd.end_date < start:
            raise errors.Invalid(f"the end date is before the start ({start})", "body.end_date")
        return [
            SupportMeasureEnded(
                measure_id=self.measure_id,
                beneficiary_id=beneficiary_id,
                end_date=cmd.end_date,
                reason=cmd.reason,
            )
        ]


def evolve(state: SupportMeasure, event: DomainEvent) -> SupportMeasure:
    if isinstance(event, SupportMeasureGranted):
        return replace(
            state, status="active", beneficiary_id=event.beneficiary_id, start_date=event.start_date
        )
    if isinstance(event, SupportMeasureEnded):
        return replace(state, status="ended")
    return state


def replay(measure_id: UUID, history: Iterable[DomainEvent]) -> SupportMeasure:
    state = SupportMeasure(measure_id)
    for event in history:
        state = evolve(state, event)
    return state
