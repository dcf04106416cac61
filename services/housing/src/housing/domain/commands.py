"""What users and other services ask housing to do: plain data, validated by the API."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from lgnet_events.catalog.housing import MeasureKind, PlacementOutcome, UnitKind
from lgnet_events.catalog.intake import Urgency


@dataclass(frozen=True, slots=True)
class RegisterUnit:
    unit_id: UUID
    kind: UnitKind
    beds: int
    name: str
    address: str


@dataclass(frozen=True, slots=True)
class StartRefurbishment:
    unit_id: UUID
    date: dt.date
    expected_end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class CompleteRefurbishment:
    unit_id: UUID
    date: dt.date
    beds: int | None = None


@dataclass(frozen=True, slots=True)
class ReceiveRequest:
    request_id: UUID
    referral_id: UUID
    case_id: UUID
    beneficiary_id: UUID
    urgency: Urgency
    #: the person withdrew consent for housing after intake referred them: close at once
    consent_withdrawn: bool = False


@dataclass(frozen=True, slots=True)
class DecideRequest:
    request_id: UUID
    accept: bool
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class CloseForWithdrawnConsent:
    """The person withdrew consent for housing: a request still awaiting an answer closes."""

    request_id: UUID


@dataclass(frozen=True, slots=True)
class StartPlacement:
    placement_id: UUID
    beneficiary_id: UUID
    unit_id: UUID
    start_date: dt.date
    request_id: UUID | None = None


@dataclass(frozen=True, slots=True)
class EndPlacement:
    placement_id: UUID
    end_date: dt.date
    outcome: PlacementOutcome


@dataclass(frozen=True, slots=True)
class GrantMeasure:
    measure_id: UUID
    beneficiary_id: UUID
    kind: MeasureKind
    amount_eur: Decimal
    months: int
    start_date: dt.date


@dataclass(frozen=True, slots=True)
class EndMeasure:
    measure_id: UUID
    end_date: dt.date
    reason: str = "completed"
