from datetime import UTC, datetime, timedelta

from intake.domain.beneficiary import replay
from intake.domain.commands import ErasePersonalData
from intake.domain.retention import due_for_erasure, retention_cutoff
from lgnet_events.catalog.intake import BeneficiaryPersonalDataErased, BeneficiaryRegistered
from lgnet_events.ids import uuid7

NOW = datetime(2031, 6, 1, tzinfo=UTC)
CUTOFF = retention_cutoff(NOW, 365)
LONG_AGO = datetime(2029, 1, 1, tzinfo=UTC)


def test_the_cutoff_is_the_retention_period_before_now() -> None:
    assert NOW - timedelta(days=365) == CUTOFF


def test_a_person_whose_cases_all_closed_before_the_cutoff_is_due() -> None:
    assert due_for_erasure([LONG_AGO, LONG_AGO + timedelta(days=3)], CUTOFF)


def test_one_open_case_keeps_the_personal_data() -> None:
    assert not due_for_erasure([LONG_AGO, None], CUTOFF)


def test_a_case_closed_within_retention_keeps_the_personal_data() -> None:
    assert not due_for_erasure([LONG_AGO, NOW - timedelta(days=10)], CUTOFF)


def test_a_person_never_taken_in_charge_is_not_erased_by_case_retention() -> None:
    assert not due_for_erasure([], CUTOFF)


def test_erasure_for_retention_records_its_reason() -> None:
    person = uuid7()
    registered = BeneficiaryRegistered(
        beneficiary_id=person,
        sex="female",
        birth_year=1990,
        nationality="ER",
        personal_data="lgnet:v1:c2VhbGVk",
    )
    cmd = ErasePersonalData(person, reason="retention_expired")
    assert replay(person, [registered]).erase(cmd) == [
        BeneficiaryPersonalDataErased(beneficiary_id=person, reason="retention_expired")
    ]
