"""Request and response bodies of civic's API (never the event models)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, computed_field

from lgnet_events.catalog.civic import ActivityKind, Code, Hours, Label, ProjectOutcome, Sector
from lgnet_events.municipalities import Municipality

#: The tutor as a code of the host organisation's tutor register (``tutor_07``), never a
#: name: tutors are staff, and their names are personal data that events must not carry.
TutorCode = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9_]{1,64}$"),
    Field(description="code of the tutor in the host's register, not a name"),
]
PlannedHours = Annotated[int, Field(ge=1, le=5000)]
#: for fields named ``date``, whose name hides the type inside the class body
Day = date


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NewProject(Request):
    municipality: Municipality
    title: Label
    sector: Sector
    host_organisation: Label
    places: int = Field(ge=1, le=1000)
    planned_hours: PlannedHours


class Declining(Request):
    reason: Code


class NewIndividualProject(Request):
    """For an accepted candidate (``candidate_id``) or a registered person (``beneficiary_id``)."""

    project_id: UUID
    candidate_id: UUID | None = None
    beneficiary_id: UUID | None = None
    tutor: TutorCode
    #: the civic project's planned hours when left out
    planned_hours: PlannedHours | None = None
    #: today when left out
    start_date: date | None = None


class NewHours(Request):
    date: date
    hours: Hours


class Completion(Request):
    outcome: ProjectOutcome
    #: today when left out
    date: Day | None = None


class Withdrawal(Request):
    reason: Code
    #: today when left out
    date: Day | None = None


class NewActivity(Request):
    municipality: Municipality
    kind: ActivityKind
    title: Label
    date: date
    capacity: int = Field(ge=1, le=100_000)
    beneficiary_ids: list[UUID] = Field(default_factory=list, max_length=10_000)
    resident_participants: int = Field(ge=0, le=100_000)


class ProjectOut(BaseModel):
    project_id: UUID
    municipality: str
    title: str
    sector: str
    host_organisation: str
    places: int
    occupied: int
    planned_hours: int
    created_at: datetime
    version: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def free_places(self) -> int:
        return max(0, self.places - self.occupied)


class CandidateOut(BaseModel):
    candidate_id: UUID
    referral_id: UUID
    case_id: UUID
    beneficiary_id: UUID
    municipality: str
    status: Literal["received", "accepted", "declined"]
    reason: str | None
    received_at: datetime
    decided_at: datetime | None
    version: int


class IndividualProjectOut(BaseModel):
    individual_project_id: UUID
    project_id: UUID
    beneficiary_id: UUID
    candidate_id: UUID | None
    municipality: str
    tutor: str
    status: Literal["active", "completed", "withdrawn"]
    planned_hours: int
    hours_logged: Decimal
    start_date: date
    end_date: date | None
    outcome: str | None
    reason: str | None
    updated_at: datetime
    version: int


class ActivityOut(BaseModel):
    activity_id: UUID
    municipality: str
    kind: str
    title: str
    date: date
    capacity: int
    beneficiary_ids: list[UUID]
    resident_participants: int
    participants: int
    recorded_at: datetime
    version: int
