"""The beneficiary: a person taken in charge, whose personal data travels sealed."""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from uuid import UUID

from intake.domain.commands import ErasePersonalData, RegisterBeneficiary, UpdateBeneficiary
from intake.domain.errors import BeneficiaryAlreadyRegistered, Missing, PersonalDataErased
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import (
    BeneficiaryPersonalDataErased,
    BeneficiaryPersonalDataUpdated,
    BeneficiaryRegistered,
)


@dataclass(frozen=True, slots=True)
class Beneficiary:
    beneficiary_id: UUID
    registered: bool = False
    erased: bool = False
    #: the latest sealed personal data (ciphertext), ``None`` once erased
    personal_data: str | None = None

    def register(self, cmd: RegisterBeneficiary) -> list[DomainEvent]:
        if self.registered:
            raise BeneficiaryAlreadyRegistered(f"beneficiary {self.beneficiary_id} already exists")
        return [
            BeneficiaryRegistered(
                beneficiary_id=self.beneficiary_id,
                sex=cmd.sex,
                birth_year=cmd.birth_year,
                nationality=cmd.nationality,
                languages=list(cmd.languages),
                personal_data=cmd.personal_data,
            )
        ]

    def update(self, cmd: UpdateBeneficiary) -> list[DomainEvent]:
        self._require_readable()
        languages = list(cmd.languages) if cmd.languages is not None else None
        return [
            BeneficiaryPersonalDataUpdated(
                beneficiary_id=self.beneficiary_id,
                personal_data=cmd.personal_data,
                sex=cmd.sex,
                birth_year=cmd.birth_year,
                nationality=cmd.nationality,
                languages=languages,
            )
        ]

    def erase(self, cmd: ErasePersonalData) -> list[DomainEvent]:
        self.require_registered()
        if self.erased:
            return []
        return [
            BeneficiaryPersonalDataErased(beneficiary_id=self.beneficiary_id, reason=cmd.reason)
        ]

    def require_registered(self) -> None:
        if not self.registered:
            raise Missing(f"no beneficiary {self.beneficiary_id}")

    def require_readable(self) -> str:
        """The sealed personal data; refused once erased."""
        self._require_readable()
        return str(self.personal_data)

    def _require_readable(self) -> None:
        self.require_registered()
        if self.erased:
            raise PersonalDataErased("the personal data of this beneficiary has been erased")


def evolve(state: Beneficiary, event: DomainEvent) -> Beneficiary:
    if isinstance(event, BeneficiaryRegistered):
        return replace(state, registered=True, personal_data=event.personal_data)
    if isinstance(event, BeneficiaryPersonalDataUpdated):
        return replace(state, personal_data=event.personal_data)
    if isinstance(event, BeneficiaryPersonalDataErased):
        return replace(state, erased=True, personal_data=None)
    return state


def replay(beneficiary_id: UUID, history: Iterable[DomainEvent]) -> Beneficiary:
    state = Beneficiary(beneficiary_id)
    for event in history:
        state = evolve(state, event)
    return state
