from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from intake.domain.beneficiary import replay
from intake.domain.commands import ErasePersonalData
from intake.domain.retention import RetentionPolicy, due_for_erasure, retention_cutoff
from intake.settings import IntakeSettings
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


def test_each_category_has_its_own_cutoff_and_zero_keeps_it_for_ever() -> None:
    policy = RetentionPolicy(personal_data=365, match_keys=30, access_log=0, import_jobs=90)
    assert policy.cutoff("personal_data", NOW) == CUTOFF
    assert policy.cutoff("match_keys", NOW) == NOW - timedelta(days=30)
    assert policy.cutoff("access_log", NOW) is None


def test_the_access_log_cannot_be_set_to_less_than_a_year() -> None:
    with pytest.raises(ValidationError, match="at least 365 days"):
        IntakeSettings(access_log_retention_days=100)
    assert IntakeSettings(access_log_retention_days=0).retention.access_log == 0
