from datetime import UTC, date, datetime
from decimal import Decimal

from lgnet_events.catalog import civic, housing, intake
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.envelope import EventContext
from lgnet_events.ids import uuid7
from lgnet_events.store import build_envelopes
from reporting.domain.age import age_band
from reporting.domain.facts import Fact, facts_of, occurred_at
from reporting.domain.redaction import SEALED, redact


def facts(event: DomainEvent) -> list[Fact]:
    context = EventContext(actor="t", municipality="bologna")
    return facts_of(build_envelopes([event], context, 0)[0], event)


def test_a_case_opened_counts_its_person_as_taken_in_charge_with_the_channel() -> None:
    person = uuid7()
    event = intake.CaseOpened(
        case_id=uuid7(),
        beneficiary_id=person,
        channel="one_stop_shop",
        contact_point="x",
        urgency="low",
        vulnerabilities="lgnet:v1:abc",
    )
    assert [(f.fact, f.beneficiary_id, f.label) for f in facts(event)] == [
        ("taken_in_charge", person, "one_stop_shop")
    ]


def test_a_support_measure_counts_a_housing_beneficiary_and_its_euros() -> None:
    event = housing.SupportMeasureGranted(
        measure_id=uuid7(),
        beneficiary_id=uuid7(),
        kind="deposit",
        amount_eur=Decimal("450.50"),
        months=0,
        start_date=date(2026, 3, 3),
    )
    found = {f.fact: f for f in facts(event)}
    assert set(found) == {"housing_beneficiary", "support_eur"}
    assert found["support_eur"].amount == Decimal("450.50")


def test_a_started_project_from_a_candidate_closes_the_referral_funnel() -> None:
    candidate = uuid7()
    event = civic.IndividualProjectStarted(
        individual_project_id=uuid7(),
        beneficiary_id=uuid7(),
        project_id=uuid7(),
        candidate_id=candidate,
        tutor="Maria",
        planned_hours=10,
        start_date=date(2026, 2, 1),
    )
    found = {f.fact: f for f in facts(event)}
    assert found["referral_started"].item_id == candidate
    assert "individual_project" in found


def test_the_payload_date_is_the_business_time_when_there_is_one() -> None:
    context = EventContext(actor="t", municipality="roma")
    event = housing.UnitRefurbishmentStarted(unit_id=uuid7(), date=date(2026, 1, 5))
    envelope = build_envelopes([event], context, 0)[0]
    (fact,) = facts_of(envelope, event)
    assert occurred_at(envelope, fact) == datetime(2026, 1, 5, tzinfo=UTC)


def test_events_reporting_does_not_count_yield_no_facts() -> None:
    event = intake.BeneficiaryPersonalDataErased(beneficiary_id=uuid7())
    assert facts(event) == []


def test_age_bands_follow_the_design() -> None:
    bands = [age_band(2026 - age, 2026) for age in (0, 17, 18, 24, 25, 34, 35, 49, 50, 90)]
    assert bands == [
        "0-17",
        "0-17",
        "18-24",
        "18-24",
        "25-34",
        "25-34",
        "35-49",
        "35-49",
        "50+",
        "50+",
    ]


def test_ciphertext_and_names_are_sealed_in_what_auditors_see() -> None:
    data = {
        "personal_data": "lgnet:v1:abc",
        "tutor": "Maria",
        "sex": "female",
        "x": [{"n": "lgnet:v1:z"}],
    }
    assert redact(data) == {
        "personal_data": SEALED,
        "tutor": SEALED,
        "sex": "female",
        "x": [{"n": SEALED}],
    }
