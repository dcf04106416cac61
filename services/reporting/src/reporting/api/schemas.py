"""Response models of reporting's API (never the event models)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

#: a count, or ``"<5"`` / ``"suppressed"`` for the national office
Figure = int | str


class KpiFigure(BaseModel):
    metric: str
    value: Figure
    target: int
    progress: float | None


class KpiReport(BaseModel):
    as_of: datetime
    from_: date | None = None
    to: date | None = None
    municipality: str | None
    suppressed: bool
    kpis: list[KpiFigure]


class MunicipalityRow(BaseModel):
    municipality: str
    taken_in_charge: Figure
    housing_beneficiaries: Figure
    individual_projects: Figure


class MunicipalityTable(BaseModel):
    as_of: datetime
    suppressed: bool
    targets: dict[str, int]
    rows: list[MunicipalityRow] = Field(
        description="each municipality counts the people it took in charge (records merged "
        "into one another are one person): a person in two municipalities is in both rows"
    )
    totals: dict[str, Figure] = Field(
        description="each person once, following merges as they stood at as_of: the rows may "
        "add up to more than the total"
    )


class TimePoint(BaseModel):
    period: str
    value: Figure


class Timeseries(BaseModel):
    metric: str
    interval: str
    municipality: str | None
    as_of: datetime
    suppressed: bool
    points: list[TimePoint]
    total: Figure


class Breakdown(BaseModel):
    metric: str
    by: str
    municipality: str | None
    as_of: datetime
    suppressed: bool
    cells: dict[str, Figure]
    total: Figure


class AuditEvent(BaseModel):
    position: int
    event_id: UUID
    event_type: str
    schema_version: int
    stream_type: str
    stream_id: UUID
    stream_version: int
    municipality: str
    actor: str
    occurred_at: datetime
    recorded_at: datetime
    topic: str
    partition: int
    offset: int
    correlation_id: UUID | None
    causation_id: UUID | None
    data: dict[str, Any]


class RebuildJob(BaseModel):
    job_id: UUID
    status: str
    generation: int
    total: int
    done: int
    events_per_second: float | None
    eta_seconds: float | None
    started_at: datetime
    finished_at: datetime | None
    error: str | None


class FunnelFigures(BaseModel):
    issued: Figure
    accepted: Figure
    declined: Figure
    started: Figure
    median_days_issued_to_accepted: float | None
    median_days_accepted_to_started: float | None


class HousingStock(BaseModel):
    units: int
    beds: int
    beds_occupied: int
    beds_under_refurbishment: int
    beds_free: int
    units_under_refurbishment: int


class Amounts(BaseModel):
    count: Figure
    total: Decimal
    by_kind: dict[str, Decimal]


class CivicFigures(BaseModel):
    hours: Decimal
    projects_started: Figure
    projects_ended: dict[str, Figure]


class CommunityFigures(BaseModel):
    activities: int
    participants: int
    by_kind: dict[str, int]


class ProgrammeReport(BaseModel):
    as_of: datetime
    municipality: str | None
    suppressed: bool
    funnels: dict[str, FunnelFigures]
    housing_stock: HousingStock
    support_measures_eur: Amounts
    civic: CivicFigures
    community: CommunityFigures
    intake_support_minutes: Decimal


class ComplaintFigures(BaseModel):
    """Complaints and feedback received in the window; of those, answered and still open."""

    received: Figure
    answered: Figure
    open: Figure
    median_days_to_answer: float | None


class ConsentFigures(BaseModel):
    given: Figure
    withdrawn: Figure
    #: people whose consent for this purpose is valid on the day of ``as_of``
    valid: Figure


class CaseworkFigures(BaseModel):
    complaints: ComplaintFigures
    consents: dict[str, ConsentFigures]
    merges: Figure
    merges_undone: Figure
    break_glass_openings: Figure
    follow_ups_scheduled: Figure
    follow_ups_done: Figure
    plans_approved: Figure
    follow_ups_overdue: Figure = Field(
        description="follow-ups due before the day of as_of and not done on or before it"
    )
    referrals_unanswered: Figure = Field(
        description="referrals issued at least LGNET_REFERRAL_ANSWER_DAYS (14) days before the "
        "day of as_of with no outcome recorded by then"
    )


class CaseworkRow(CaseworkFigures):
    municipality: str


class CaseworkReport(BaseModel):
    as_of: datetime
    from_: date | None = None
    to: date | None = None
    municipality: str | None
    suppressed: bool
    rows: list[CaseworkRow]
    #: national (or the caller's) totals; none when one municipality was asked for
    totals: CaseworkFigures | None
