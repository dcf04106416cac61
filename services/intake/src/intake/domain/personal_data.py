"""What intake knows about a person in clear, before it is sealed with the person's key."""

import unicodedata
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Phone = Annotated[str, StringConstraints(pattern=r"^\+?[0-9 ()./-]{5,30}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Purpose = Literal["case_management", "referral", "statistics", "contact", "other"]
DocumentKind = Literal["passport", "identity_card", "residence_permit", "asylum_card", "other"]
RiskLevel = Literal["low", "medium", "high", "critical"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class IdentityDocument(Frozen):
    kind: DocumentKind
    number: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9 -]{3,40}$")]
    issuing_country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = None


class Consent(Frozen):
    purposes: list[Purpose] = Field(min_length=1, max_length=5)
    given_on: date


class PersonalData(Frozen):
    """Sealed as one value in ``BeneficiaryRegistered.personal_data``."""

    given_names: Name
    family_names: Name
    birth_date: date
    phone: Phone | None = None
    identity_document: IdentityDocument | None = None
    consent: Consent

    def identity_key(self) -> str:
        """Names and birth date, normalised: equal for the likely same person."""
        names = f"{self.given_names} {self.family_names}"
        plain = unicodedata.normalize("NFKD", names).encode("ascii", "ignore").decode()
        return " ".join(sorted(plain.casefold().split())) + "|" + self.birth_date.isoformat()


class Vulnerabilities(Frozen):
    """Special-category detail gathered when a case is opened: sealed in ``CaseOpened``."""

    categories: list[Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,64}$")]] = Field(
        default_factory=list, max_length=20
    )
    notes: Text | None = None


class Assessment(Frozen):
    """The team's findings: sealed in ``CaseAssessed``."""

    needs: list[Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,64}$")]] = Field(
        default_factory=list, max_length=20
    )
    risk_level: RiskLevel
    notes: Text | None = None
