import pytest

from intake.domain import errors
from intake.domain.beneficiary import replay
from intake.domain.commands import ErasePersonalData, RegisterBeneficiary, UpdateBeneficiary
from lgnet_events.catalog.intake import (
    BeneficiaryPersonalDataErased,
    BeneficiaryPersonalDataUpdated,
    BeneficiaryRegistered,
)
from lgnet_events.ids import uuid7

SEALED = "lgnet:v1:c2VhbGVk"
PERSON = uuid7()
REGISTERED = BeneficiaryRegistered(
    beneficiary_id=PERSON, sex="female", birth_year=1990, nationality="NG", personal_data=SEALED
)
ERASED = BeneficiaryPersonalDataErased(beneficiary_id=PERSON)


def register() -> RegisterBeneficiary:
    return RegisterBeneficiary(PERSON, "female", 1990, "NG", (), SEALED)


def test_registering_a_new_beneficiary_gives_beneficiary_registered() -> None:
    assert replay(PERSON, []).register(register()) == [REGISTERED]


def test_registering_the_same_beneficiary_twice_is_rejected() -> None:
    with pytest.raises(errors.BeneficiaryAlreadyRegistered):
        replay(PERSON, [REGISTERED]).register(register())


def test_updating_a_beneficiary_carries_the_new_sealed_data_and_changed_fields() -> None:
    events = replay(PERSON, [REGISTERED]).update(UpdateBeneficiary(PERSON, SEALED, birth_year=1991))
    assert events == [
        BeneficiaryPersonalDataUpdated(beneficiary_id=PERSON, personal_data=SEALED, birth_year=1991)
    ]


def test_updating_an_erased_beneficiary_is_rejected() -> None:
    with pytest.raises(errors.PersonalDataErased):
        replay(PERSON, [REGISTERED, ERASED]).update(UpdateBeneficiary(PERSON, SEALED))


def test_erasing_gives_personal_data_erased_once() -> None:
    assert replay(PERSON, [REGISTERED]).erase(ErasePersonalData(PERSON)) == [ERASED]
    assert replay(PERSON, [REGISTERED, ERASED]).erase(ErasePersonalData(PERSON)) == []


def test_erasing_an_unknown_beneficiary_is_missing() -> None:
    with pytest.raises(errors.Missing):
        replay(PERSON, []).erase(ErasePersonalData(PERSON))
