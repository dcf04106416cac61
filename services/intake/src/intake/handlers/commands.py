"""One async function per command: load -> decide -> append, all in the unit's transaction.

Personal data arrives clear in the commands and is sealed here, with the person's key,
before the pure decision turns it into events.
"""

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from intake import merge_proposals, reviews
from intake.domain.beneficiary import Beneficiary
from intake.domain.case import Case
from intake.domain.commands import (
    AssessCase,
    CloseCase,
    ErasePersonalData,
    GiveConsent,
    IssueReferral,
    OpenCase,
    ProvideSupport,
    RecordReferralOutcome,
    RegisterBeneficiary,
    ReopenCase,
    UpdateBeneficiary,
    WithdrawConsent,
)
from intake.domain.consent import purpose_of_referral
from intake.domain.errors import Missing, PersonalDataErased
from intake.domain.personal_data import PersonalData
from intake.handlers.errors import LikelyDuplicate, OutsideScope
from intake.handlers.unit import Unit
from intake.match_keys import Identity
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.repository import Loaded, Saved


async def register_beneficiary(
    unit: Unit, cmd: RegisterBeneficiary, municipality: str, *, confirm_duplicate: bool = False
) -> Saved:
    """``cmd.personal_data`` is the clear ``PersonalData`` JSON."""
    if not unit.caller.sees(municipality):
        raise OutsideScope(f"you do not work in {municipality}")
    person = PersonalData.model_validate_json(cmd.personal_data)
    existing = await unit.fingerprints.find(unit.conn, municipality, person)
    if existing is not None and not confirm_duplicate:
        raise LikelyDuplicate(existing)
    loaded = await unit.beneficiaries.load(unit.conn, cmd.beneficiary_id)
    sealed = await unit.vault.seal(unit.conn, cmd.beneficiary_id, cmd.personal_data)
    new_events = loaded.state.register(replace(cmd, personal_data=sealed))
    saved = await unit.beneficiaries.save(
        unit.conn, loaded, new_events, unit.caller.context(municipality)
    )
    await unit.fingerprints.record(unit.conn, cmd.beneficiary_id, municipality, person)
    found = await unit.fingerprints.matches.find(unit.conn, Identity.of(person))
    await reviews.propose(unit.conn, cmd.beneficiary_id, municipality, found)
    return saved


async def update_beneficiary(
    unit: Unit,
    beneficiary_id: UUID,
    personal_changes: dict[str, Any],
    clear_changes: dict[str, Any],
    if_match: int | None = None,
) -> Saved:
    """Merge the changed personal fields into the stored ones and seal the result anew."""
    loaded = await unit.beneficiary(beneficiary_id, if_match)
    current = await _open_personal_data(unit, loaded)
    person = PersonalData.model_validate({**current.model_dump(), **personal_changes})
    if "birth_date" in personal_changes:
        clear_changes = {**clear_changes, "birth_year": person.birth_date.year}
    sealed = await unit.vault.seal(unit.conn, beneficiary_id, person.model_dump_json())
    cmd = UpdateBeneficiary(beneficiary_id=beneficiary_id, personal_data=sealed, **clear_changes)
    saved = await _save_beneficiary(unit, loaded, loaded.state.update(cmd))
    await unit.fingerprints.record(unit.conn, beneficiary_id, str(loaded.municipality), person)
    return saved


async def erase_personal_data(
    unit: Unit, cmd: ErasePersonalData, if_match: int | None = None
) -> Saved:
    """Destroy the person's key: every sealed copy, in events and read models, goes dark."""
    loaded = await unit.beneficiary(cmd.beneficiary_id, if_match)
    saved = await _save_beneficiary(unit, loaded, loaded.state.erase(cmd))
    await unit.vault.destroy(unit.conn, cmd.beneficiary_id)
    await unit.fingerprints.forget(unit.conn, cmd.beneficiary_id)
    await merge_proposals.close_about(unit.conn, cmd.beneficiary_id)
    return saved


async def give_consent(unit: Unit, cmd: GiveConsent, if_match: int | None = None) -> Saved:
    loaded = await unit.beneficiary(cmd.beneficiary_id, if_match)
    return await _save_beneficiary(unit, loaded, loaded.state.give_consent(cmd))


async def withdraw_consent(unit: Unit, cmd: WithdrawConsent, if_match: int | None = None) -> Saved:
    loaded = await unit.beneficiary(cmd.beneficiary_id, if_match)
    return await _save_beneficiary(unit, loaded, loaded.state.withdraw_consent(cmd))


async def open_case(unit: Unit, cmd: OpenCase) -> Saved:
    person = await unit.beneficiary(cmd.beneficiary_id)
    if person.state.erased:
        raise PersonalDataErased("the personal data of this beneficiary has been erased")
    person.state.require_active()
    loaded = await unit.cases.load(unit.conn, cmd.case_id)
    sealed = await unit.vault.seal(unit.conn, cmd.beneficiary_id, cmd.vulnerabilities)
    new_events = loaded.state.open(replace(cmd, vulnerabilities=sealed), person.state)
    return await unit.cases.save(
        unit.conn, loaded, new_events, unit.caller.context(str(person.municipality))
    )


async def assess_case(unit: Unit, cmd: AssessCase, if_match: int | None = None) -> Saved:
    loaded = await unit.case(cmd.case_id, if_match)
    sealed = await unit.vault.seal(unit.conn, _person(loaded), cmd.assessment)
    return await save_case(unit, loaded, loaded.state.assess(replace(cmd, assessment=sealed)))


async def provide_support(unit: Unit, cmd: ProvideSupport, if_match: int | None = None) -> Saved:
    loaded = await unit.case(cmd.case_id, if_match)
    loaded.state.provide_support(replace(cmd, note=None))  # refuse before sealing anything
    sealed = await unit.seal(_person(loaded), cmd.note)
    return await save_case(unit, loaded, loaded.state.provide_support(replace(cmd, note=sealed)))


async def issue_referral(unit: Unit, cmd: IssueReferral, if_match: int | None = None) -> Saved:
    loaded = await unit.case(cmd.case_id, if_match)
    loaded.state.issue_referral(replace(cmd, note=None))
    person = await unit.beneficiaries.load(unit.conn, _person(loaded))
    person.state.require_consent(purpose_of_referral(cmd.target), today())
    sealed = await unit.seal(_person(loaded), cmd.note)
    return await save_case(unit, loaded, loaded.state.issue_referral(replace(cmd, note=sealed)))


async def record_referral_outcome(
    unit: Unit, cmd: RecordReferralOutcome, if_match: int | None = None
) -> Saved:
    loaded = await unit.case(cmd.case_id, if_match)
    return await save_case(unit, loaded, loaded.state.record_referral_outcome(cmd))


async def close_case(unit: Unit, cmd: CloseCase, if_match: int | None = None) -> Saved:
    loaded = await unit.case(cmd.case_id, if_match)
    return await save_case(unit, loaded, loaded.state.close(cmd))


async def reopen_case(unit: Unit, cmd: ReopenCase, if_match: int | None = None) -> Saved:
    loaded = await unit.case(cmd.case_id, if_match)
    return await save_case(unit, loaded, loaded.state.reopen(cmd))


def today() -> date:
    return datetime.now(UTC).date()


async def _open_personal_data(unit: Unit, loaded: Loaded[Beneficiary]) -> PersonalData:
    sealed = loaded.state.require_readable()
    clear = await unit.vault.open(unit.conn, loaded.stream_id, sealed)
    if clear is None:
        raise PersonalDataErased("the personal data of this beneficiary has been erased")
    return PersonalData.model_validate(json.loads(clear))


def _person(loaded: Loaded[Case]) -> UUID:
    if loaded.state.beneficiary_id is None:
        raise Missing(f"no case {loaded.stream_id}")
    return loaded.state.beneficiary_id


async def _save_beneficiary(
    unit: Unit, loaded: Loaded[Beneficiary], new_events: list[DomainEvent]
) -> Saved:
    context = unit.caller.context(str(loaded.municipality))
    return await unit.beneficiaries.save(unit.conn, loaded, new_events, context)


async def save_case(unit: Unit, loaded: Loaded[Case], new_events: list[DomainEvent]) -> Saved:
    return await unit.cases.save(
        unit.conn, loaded, new_events, unit.caller.context(str(loaded.municipality))
    )
