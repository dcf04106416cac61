"""Request and response bodies of housing's API (never the event models)."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from lgnet_events.catalog.housing import MeasureKind, PlacementOutcome, UnitKind
from lgnet_events.catalog.intake import Urgency
from lgnet_events.municipalities import Municipality
from lgnet_service.pagination import Page

Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,64}$")]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Beds = Annotated[int, Field(ge=1, le=500)]
#: Euro with cents: a JSON string ("350.00") or number; never more than 2 decimals.
Euro = Annotated[Decimal, Field(ge=0, le=1_000_000, max_digits=9, decimal_places=2)]


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NewUnit(Request):
    municipality: Municipality
    kind: UnitKind
    beds: Beds
    name: Label
    address: Label


class RefurbishmentStart(Request):
    date: dt.date
    expected_end: dt.date | None = None


class RefurbishmentCompletion(Request):
    date: dt.date
    beds: Beds | None = None


class Decline(Request):
    reason: Code


class Acceptance(Request):
    pass


class NewPlacement(Request):
    beneficiary_id: UUID
    unit_id: UUID
    start_date: dt.date
    request_id: UUID | None = None


class PlacementEnding(Request):
    end_date: dt.date
    outcome: PlacementOutcome


class NewMeasure(Request):
    beneficiary_id: UUID
    kind: MeasureKind
    amount_eur: Euro
    months: Annotated[int, Field(ge=0, le=36)]
    start_date: dt.date


class MeasureEnding(Request):
    end_date: dt.date
    reason: Code = "completed"


class UnitOut(BaseModel):
    unit_id: UUID
    municipality: str
    kind: str
    name: str
    address: str
    beds: int
    occupied: int
    free_beds: int
    status: Literal["available", "under_refurbishment"]
    registered_at: dt.datetime
    version: int


class RequestOut(BaseModel):
    request_id: UUID
    referral_id: UUID
    case_id: UUID
    beneficiary_id: UUID
    municipality: str
    urgency: Urgency
    status: Literal["pending", "accepted", "declined"]
    reason: str | None
    received_at: dt.datetime
    decided_at: dt.datetime | None
    decided_by: str | None
    version: int


class PlacementOut(BaseModel):
    placement_id: UUID
    beneficiary_id: UUID
    unit_id: UUID
    request_id: UUID | None
    municipality: str
    status: Literal["open", "ended"]
    start_date: dt.date
    end_date: dt.date | None
    outcome: str | None
    version: int


class MeasureOut(BaseModel):
    measure_id: UUID
    beneficiary_id: UUID
    municipality: str
    kind: MeasureKind
    amount_eur: Decimal
    months: int
    status: Literal["active", "ended"]
    start_date: dt.date
    end_date: dt.date | None
    end_reason: str | None
    version: int


class MunicipalityTotal(BaseModel):
    municipality: str
    measures: int
    beneficiaries: int
    amount_eur: Decimal


class MeasureTotals(BaseModel):
    """Over every measure the filter selects, not only this page."""

    measures: int
    beneficiaries: int
    amount_eur: Decimal
    by_municipality: list[MunicipalityTotal]


class MeasurePage(Page[MeasureOut]):
    totals: MeasureTotals
