from datetime import date

import pytest

from intake.domain import errors
from intake.domain.beneficiary import Beneficiary, replay
from intake.domain.commands import GiveConsent, RegisterBeneficiary, WithdrawConsent
from intake.domain.consent import purpose_of_referral, purposes_of_form, terms
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import (
    BeneficiaryPersonalDataErased,
    BeneficiaryRegistered,
    ConsentGiven,
    ConsentWithdrawn,
)
from lgnet_events.ids import uuid7

SEALED = "lgnet:v1:c2VhbGVk"
PERSON = uuid7()
MAY_1 = date(2026, 5, 1)
REGISTERED = BeneficiaryRegistered(
    beneficiary_id=PERSON, sex="female", birth_year=1990, nationality="NG", personal_data=SEALED
)


def consented(purpose: str = "referral_housing", expires_on: date | None = None) -> ConsentGiven:
    return ConsentGiven(
        beneficiary_id=PERSON, purpose=purpose, given_on=MAY_1, expires_on=expires_on
    )


def withdrawn(purpose: str = "referral_housing", on: date = date(2026, 6, 1)) -> ConsentWithdrawn:
    return ConsentWithdrawn(beneficiary_id=PERSON, purpose=purpose, withdrawn_on=on)


def given(*history: DomainEvent) -> Beneficiary:
    return replay(PERSON, [REGISTERED, *history])


def test_registering_with_consents_records_them_in_the_registration() -> None:
    agreed = (terms("case_work", MAY_1), terms("statistics", MAY_1))
    cmd = RegisterBeneficiary(PERSON, "female", 1990, "NG", (), SEALED, agreed)
    (event,) = replay(PERSON, []).register(cmd)
    assert isinstance(event, BeneficiaryRegistered)
    assert event.consents == list(agreed)


def test_giving_consent_records_purpose_dates_and_expiry() -> None:
    cmd = GiveConsent(PERSON, terms("referral_civic", MAY_1, date(2027, 5, 1)))
    assert given().give_consent(cmd) == [consented("referral_civic", date(2027, 5, 1))]


def test_consent_expiring_before_it_is_given_is_invalid() -> None:
    cmd = GiveConsent(PERSON, terms("statistics", MAY_1, date(2026, 4, 1)))
    with pytest.raises(errors.Invalid, match="cannot expire"):
        given().give_consent(cmd)


def test_consent_cannot_be_given_once_personal_data_is_erased() -> None:
    erased = BeneficiaryPersonalDataErased(beneficiary_id=PERSON)
    with pytest.raises(errors.PersonalDataErased):
        given(erased).give_consent(GiveConsent(PERSON, terms("statistics", MAY_1)))


def test_a_valid_consent_allows_its_purpose() -> None:
    given(consented()).require_consent("referral_housing", date(2026, 5, 20))


def test_a_purpose_without_consent_is_refused_with_the_reason() -> None:
    with pytest.raises(errors.ConsentMissing, match="no consent for referral_civic"):
        given(consented()).require_consent("referral_civic", date(2026, 5, 20))


def test_an_expired_consent_is_refused_with_its_expiry_date() -> None:
    person = given(consented(expires_on=date(2026, 5, 10)))
    with pytest.raises(errors.ConsentMissing, match="expired on 2026-05-10"):
        person.require_consent("referral_housing", date(2026, 5, 20))


def test_a_withdrawn_consent_is_refused_from_the_day_of_withdrawal() -> None:
    person = given(consented(), withdrawn())
    person.require_consent("referral_housing", date(2026, 5, 31))
    with pytest.raises(errors.ConsentMissing, match="withdrawn on 2026-06-01"):
        person.require_consent("referral_housing", date(2026, 6, 1))


def test_withdrawing_a_given_consent_gives_consent_withdrawn() -> None:
    cmd = WithdrawConsent(PERSON, "referral_housing", date(2026, 6, 1))
    assert given(consented()).withdraw_consent(cmd) == [withdrawn()]


def test_withdrawing_a_consent_never_given_is_rejected() -> None:
    cmd = WithdrawConsent(PERSON, "statistics", date(2026, 6, 1))
    with pytest.raises(errors.ConsentNotGiven):
        given(consented()).withdraw_consent(cmd)


def test_withdrawing_twice_is_rejected() -> None:
    cmd = WithdrawConsent(PERSON, "referral_housing", date(2026, 6, 2))
    with pytest.raises(errors.ConsentNotGiven):
        given(consented(), withdrawn()).withdraw_consent(cmd)


def test_consent_given_again_after_a_withdrawal_is_valid_again() -> None:
    again = ConsentGiven(
        beneficiary_id=PERSON, purpose="referral_housing", given_on=date(2026, 7, 1)
    )
    given(consented(), withdrawn(), again).require_consent("referral_housing", date(2026, 7, 2))


def test_referrals_to_housing_civic_and_other_services_need_their_own_purposes() -> None:
    assert [purpose_of_referral(t) for t in ("housing", "civic", "legal_aid")] == [
        "referral_housing",
        "referral_civic",
        "external_sharing",
    ]


def test_the_forms_referral_consent_covers_every_referral_purpose() -> None:
    assert purposes_of_form(["referral", "case_management"]) == (
        "case_work",
        "referral_housing",
        "referral_civic",
        "external_sharing",
    )
