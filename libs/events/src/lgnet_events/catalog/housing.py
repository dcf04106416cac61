"""Events published by housing on ``lgnet.housing.events``."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field, StringConstraints

from lgnet_events.catalog.base import DomainEvent

UnitKind = Literal["apartment", "shelter", "co_housing", "refurbished_building"]
PlacementOutcome = Literal["autonomous_housing", "transferred", "left", "other"]
MeasureKind = Literal["rent_contribution", "deposit", "utilities", "furniture", "autonomy_coaching"]
Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,64}$")]
Label = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Euro = Annotated[Decimal, Field(ge=0, le=1_000_000, max_digits=9, decimal_places=2)]


class UnitEvent(DomainEvent):
    stream_type = "housing_unit"
    stream_key = "unit_id"
    unit_id: UUID


class HousingUnitRegistered(UnitEvent):
    event_type = "housing.HousingUnitRegistered"
    kind: UnitKind
    beds: int = Field(ge=1, le=500)
    name: Label
    address: Label


class UnitRefurbishmentStarted(UnitEvent):
    event_type = "housing.UnitRefurbishmentStarted"
    date: dt.date
    expected_end: dt.date | None = None


class UnitRefurbishmentCompleted(UnitEvent):
    event_type = "housing.UnitRefurbishmentCompleted"
    date: dt.date
    beds: int = Field(ge=1, le=500)


class RequestEvent(DomainEvent):
    stream_type = "housing_request"
    stream_key = "request_id"
    request_id: UUID
    referral_id: UUID
    case_id: UUID
    beneficiary_id: UUID


class HousingRequestReceived(RequestEvent):
    event_type = "housing.HousingRequestReceived"
    urgency: Literal["low", "medium", "high", "critical"] = "medium"


class HousingRequestAccepted(RequestEvent):
    event_type = "housing.HousingRequestAccepted"


class HousingRequestDeclined(RequestEvent):
    event_type = "housing.HousingRequestDeclined"
    reason: Code


class PlacementEvent(DomainEvent):
    stream_type = "placement"
    stream_key = "placement_id"
    placement_id: UUID
    beneficiary_id: UUID
    unit_id: UUID


class PlacementStarted(PlacementEvent):
    event_type = "housing.PlacementStarted"
    start_date: dt.date
    request_id: UUID | None = None


class PlacementEnded(PlacementEvent):
    event_type = "housing.PlacementEnded"
    end_date: dt.date
    outcome: PlacementOutcome


class MeasureEvent(DomainEvent):
    stream_type = "support_measure"
    stream_key = "measure_id"
    measure_id: UUID
    beneficiary_id: UUID


class SupportMeasureGranted(MeasureEvent):
    event_type = "housing.SupportMeasureGranted"
    kind: MeasureKind
    amount_eur: Euro
    months: int = Field(ge=0, le=36)
    start_date: dt.date


class SupportMeasureEnded(MeasureEvent):
    event_type = "housing.SupportMeasureEnded"
    end_date: dt.date
    reason: Code = "completed"
