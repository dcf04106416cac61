"""Bulk import of people and their cases from CSV: validated whole, then written whole.

One row per person. A file with any problem (invalid field, outside the caller's
municipalities, a likely duplicate of someone registered or of another row) imports nothing;
a clean file imports every row in one transaction. A dry run reports without writing.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from intake.domain.commands import OpenCase, RegisterBeneficiary
from intake.domain.consent import terms
from intake.domain.personal_data import (
    Consent,
    DocumentKind,
    IdentityDocument,
    Name,
    PersonalData,
    Phone,
    Vulnerabilities,
)
from lgnet_events.catalog.intake import (
    Channel,
    Code,
    ConsentPurpose,
    CountryCode,
    LanguageCode,
    Sex,
    Urgency,
)
from lgnet_events.ids import uuid7
from lgnet_events.municipalities import Municipality

LISTS = ("languages", "consents")


class ImportedPerson(BaseModel):
    """One CSV row, flat: each field is a column; lists are separated by spaces."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    municipality: Municipality
    given_names: Name
    family_names: Name
    birth_date: date
    sex: Sex
    nationality: CountryCode
    languages: list[LanguageCode] = []
    phone: Phone | None = None
    document_kind: DocumentKind | None = None
    document_number: str | None = None
    consents: list[ConsentPurpose] = []
    consent_given_on: date | None = None
    channel: Channel | None = None
    contact_point: Code | None = None
    urgency: Urgency | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_cells(cls, cells: Any) -> Any:
        if not isinstance(cells, dict):
            return cells
        present = {k: v.strip() for k, v in cells.items() if isinstance(v, str) and v.strip()}
        return {k: v.split() if k in LISTS else v for k, v in present.items()}

    @model_validator(mode="after")
    def _complete(self) -> "ImportedPerson":
        if (self.document_kind is None) != (self.document_number is None):
            raise ValueError("document_kind and document_number go together")
        if self.consents and self.consent_given_on is None:
            raise ValueError("consent_given_on is needed with consents")
        if self.channel is not None and (self.contact_point is None or self.urgency is None):
            raise ValueError("a case (channel) needs contact_point and urgency")
        return self

    def personal_data(self) -> PersonalData:
        document = None
        if self.document_kind and self.document_number:
            document = IdentityDocument(kind=self.document_kind, number=self.document_number)
        given_on = self.consent_given_on or date.today()  # noqa: DTZ011 - form date only
        return PersonalData(
            given_names=self.given_names,
            family_names=self.family_names,
            birth_date=self.birth_date,
            phone=self.phone,
            identity_document=document,
            consent=Consent(purposes=["other"], given_on=given_on),
        )


@dataclass(frozen=True, slots=True)
class Problem:
    row: int
    field: str
    reason: str


@dataclass(frozen=True, slots=True)
class PlannedRow:
    """A valid row, as the commands that will import it."""

    row: int
    municipality: str
    person: PersonalData
    register: RegisterBeneficiary
    open_case: OpenCase | None


@dataclass
class Plan:
    rows: list[PlannedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_rows(text: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, cells) for each data row; the header is line 1."""
    reader = csv.DictReader(io.StringIO(text))
    for index, cells in enumerate(reader, start=2):
        if None in cells:
            raise ValueError(f"row {index} has more cells than the header")
        yield index, dict(cells)


def plan_row(row: int, cells: dict[str, str]) -> PlannedRow | list[Problem]:
    try:
        person = ImportedPerson.model_validate(cells)
    except ValidationError as invalid:
        return [
            Problem(row, ".".join(str(p) for p in e["loc"]) or "row", e["msg"])
            for e in invalid.errors()
        ]
    return _commands(row, person)


def _commands(row: int, person: ImportedPerson) -> PlannedRow:
    beneficiary_id = uuid7()
    data = person.personal_data()
    consents = tuple(
        terms(purpose, person.consent_given_on or data.consent.given_on)
        for purpose in dict.fromkeys(person.consents)
    )
    register = RegisterBeneficiary(
        beneficiary_id=beneficiary_id,
        sex=person.sex,
        birth_year=person.birth_date.year,
        nationality=person.nationality,
        languages=tuple(person.languages),
        personal_data=data.model_dump_json(),
        consents=consents,
    )
    case = None
    if person.channel and person.contact_point and person.urgency:
        case = OpenCase(
            case_id=uuid7(),
            beneficiary_id=beneficiary_id,
            channel=person.channel,
            contact_point=person.contact_point,
            urgency=person.urgency,
            vulnerabilities=Vulnerabilities().model_dump_json(),
        )
    return PlannedRow(row, person.municipality, data, register, case)


def imported_ids(plan: Plan) -> tuple[list[UUID], list[UUID]]:
    people = [r.register.beneficiary_id for r in plan.rows]
    cases = [r.open_case.case_id for r in plan.rows if r.open_case is not None]
    return people, cases
