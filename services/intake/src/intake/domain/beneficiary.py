"""The beneficiary: a person taken in charge, whose personal data travels sealed."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from uuid import UUID

from intake.domain.commands import (
    ErasePersonalData,
    GiveConsent,
    GrantBreakGlass,
    MergeBeneficiary,
    RegisterBeneficiary,
    UndoMerge,
    UpdateBeneficiary,
    WithdrawConsent,
)
from intake.domain.consent import ConsentRecord, check_terms, require_consent, terms
from intake.domain.errors import (
    BeneficiaryAlreadyRegistered,
    BeneficiaryMerged,
    ConsentNotGiven,
    Invalid,
    Missing,
    NotMerged,
    PersonalDataErased,
)
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import (
    BeneficiaryMerged as Merged,
)
from lgnet_events.catalog.intake import (
    BeneficiaryMergeUndone,
    BeneficiaryPersonalDataErased,
    BeneficiaryPersonalDataUpdated,
    BeneficiaryRegistered,
    BreakGlassAccessGranted,
    ConsentGiven,
    ConsentPurpose,
    ConsentWithdrawn,
)


@dataclass(frozen=True, slots=True)
class Beneficiary:
    beneficiary_id: UUID
    registered: bool = False
    erased: bool = False
    #: the latest sealed personal data (ciphertext), ``None`` once erased
    personal_data: str | None = None
    consents: Mapping[ConsentPurpose, ConsentRecord] = field(default_factory=dict)
    merged_into: UUID | None = None
    #: ``merged_into`` is a record of another municipality: never named to this one
    merged_elsewhere: bool = False

    def register(self, cmd: RegisterBeneficiary) -> list[DomainEvent]:
        if self.registered:
            raise BeneficiaryAlreadyRegistered(f"beneficiary {self.beneficiary_id} already exists")
        for given in cmd.consents:
            check_terms(given)
        return [
            BeneficiaryRegistered(
                beneficiary_id=self.beneficiary_id,
                sex=cmd.sex,
                birth_year=cmd.birth_year,
                nationality=cmd.nationality,
                languages=list(cmd.languages),
                personal_data=cmd.personal_data,
                consents=list(cmd.consents),
            )
        ]

    def give_consent(self, cmd: GiveConsent) -> list[DomainEvent]:
        self._require_readable()
        check_terms(cmd.terms)
        return [
            ConsentGiven(
                beneficiary_id=self.beneficiary_id,
                purpose=cmd.terms.purpose,
                given_on=cmd.terms.given_on,
                expires_on=cmd.terms.expires_on,
            )
        ]

    def withdraw_consent(self, cmd: WithdrawConsent) -> list[DomainEvent]:
        self.require_registered()
        record = self.consents.get(cmd.purpose)
        if record is None or not record.withdrawable:
            raise ConsentNotGiven(f"there is no consent for {cmd.purpose} to withdraw")
        if cmd.withdrawn_on < record.terms.given_on:
            raise Invalid(
                f"consent for {cmd.purpose} cannot be withdrawn on {cmd.withdrawn_on}, "
                f"before it was given ({record.terms.given_on})"
            )
        return [
            ConsentWithdrawn(
                beneficiary_id=self.beneficiary_id,
                purpose=cmd.purpose,
                withdrawn_on=cmd.withdrawn_on,
            )
        ]

    def grant_break_glass(self, cmd: GrantBreakGlass) -> list[DomainEvent]:
        self.require_registered()
        return [
            BreakGlassAccessGranted(
                beneficiary_id=self.beneficiary_id,
                grant_id=cmd.grant_id,
                granted_to=cmd.granted_to,
                requested_from=sorted(cmd.requested_from),
                reason=cmd.reason,
                expires_at=cmd.expires_at,
            )
        ]

    def merge(self, cmd: MergeBeneficiary, survivor: "Beneficiary") -> list[DomainEvent]:
        """Into *survivor*, the record work goes on with; it must itself be live.

        With a proposal, one of the two is another municipality's record: refusals name
        neither record's target."""
        if cmd.proposal_id is None:
            self.require_active()
            survivor.require_active("the record to keep")
        else:
            self.require_unmerged("the record to merge")
            survivor.require_unmerged("the record to keep")
        if cmd.into == self.beneficiary_id:
            raise Invalid("a record cannot be merged into itself")
        return [
            Merged(
                beneficiary_id=self.beneficiary_id,
                merged_into=cmd.into,
                review_id=cmd.review_id,
                proposal_id=cmd.proposal_id,
                across_municipalities=cmd.proposal_id is not None,
            )
        ]

    def undo_merge(self, cmd: UndoMerge) -> list[DomainEvent]:
        self.require_registered()
        if self.merged_into is None:
            raise NotMerged("this record is not merged into another")
        return [
            BeneficiaryMergeUndone(
                beneficiary_id=cmd.beneficiary_id,
                merged_into=self.merged_into,
                across_municipalities=self.merged_elsewhere,
            )
        ]

    def require_active(self, which: str = "this record") -> None:
        """Registered and not merged into another record (named only within a municipality)."""
        self.require_registered()
        if self.merged_elsewhere:
            raise BeneficiaryMerged(
                f"{which} was merged into a record of another municipality: "
                "the person is followed there"
            )
        if self.merged_into is not None:
            raise BeneficiaryMerged(f"{which} was merged into {self.merged_into}: work on that one")

    def require_unmerged(self, which: str) -> None:
        """Like :meth:`require_active`, never naming where the record went."""
        self.require_registered()
        if self.merged_into is not None:
            raise BeneficiaryMerged(f"{which} is already merged into another record")

    def require_consent(self, purpose: ConsentPurpose, day: date) -> None:
        """Refuse (``ConsentMissing``, with the reason) unless *purpose* is consented on *day*."""
        self.require_registered()
        require_consent(self.consents, purpose, day)

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
        consents = {c.purpose: ConsentRecord(c) for c in event.consents}
        return replace(state, registered=True, personal_data=event.personal_data, consents=consents)
    if isinstance(event, BeneficiaryPersonalDataUpdated):
        return replace(state, personal_data=event.personal_data)
    if isinstance(event, BeneficiaryPersonalDataErased):
        return replace(state, erased=True, personal_data=None)
    if isinstance(event, Merged):
        elsewhere = event.across_municipalities
        return replace(state, merged_into=event.merged_into, merged_elsewhere=elsewhere)
    if isinstance(event, BeneficiaryMergeUndone):
        return replace(state, merged_into=None, merged_elsewhere=False)
    if isinstance(event, ConsentGiven):
        record = ConsentRecord(terms(event.purpose, event.given_on, event.expires_on))
        return replace(state, consents={**state.consents, event.purpose: record})
    if isinstance(event, ConsentWithdrawn):
        withdrawn = replace(state.consents[event.purpose], withdrawn_on=event.withdrawn_on)
        return replace(state, consents={**state.consents, event.purpose: withdrawn})
    return state


def replay(beneficiary_id: UUID, history: Iterable[DomainEvent]) -> Beneficiary:
    state = Beneficiary(beneficiary_id)
    for event in history:
        state = evolve(state, event)
    return state
