"""Consent per purpose in the local directory, from intake's consent events."""

from datetime import UTC, date, datetime
from uuid import UUID

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import (
    BeneficiaryRegistered,
    ConsentGiven,
    ConsentTerms,
    ConsentWithdrawn,
)
from lgnet_events.ids import uuid7
from lgnet_events.registry import envelope_for
from lgnet_service.directory import (
    CONSENT_EXPIRED,
    CONSENT_WITHDRAWN,
    DIRECTORY_REACTIONS,
    beneficiary_consents,
    install_directory_schema,
    require_consent_in_force,
    withdrawal,
)
from lgnet_service.errors import ProblemError

pytestmark = pytest.mark.integration

AT = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
JUNE = date(2026, 6, 1)


@pytest.fixture
async def directory(engine: AsyncEngine) -> AsyncEngine:
    async with engine.begin() as conn:
        await conn.run_sync(install_directory_schema)
    return engine


async def deliver(engine: AsyncEngine, event: DomainEvent, version: int) -> None:
    envelope = envelope_for(
        event,
        version,
        actor="intake-operator",
        municipality="bologna",
        correlation_id=uuid7(),
        causation_id=uuid7(),
        traceparent=None,
        occurred_at=AT,
    )
    async with engine.begin() as conn:
        for handle in DIRECTORY_REACTIONS.get(envelope.event_type, []):
            await handle(conn, envelope, event)


async def registered_with_referral_consent(
    engine: AsyncEngine, expires_on: date | None = None
) -> UUID:
    beneficiary_id = uuid7()
    terms = ConsentTerms(
        purpose="referral_housing", given_on=date(2026, 5, 2), expires_on=expires_on
    )
    event = BeneficiaryRegistered(
        beneficiary_id=beneficiary_id,
        sex="female",
        birth_year=1990,
        nationality="NG",
        personal_data="lgnet:v1:c2VhbGVk",
        consents=[terms],
    )
    await deliver(engine, event, 1)
    return beneficiary_id


def given_again(beneficiary_id: UUID, day: date) -> ConsentGiven:
    return ConsentGiven(beneficiary_id=beneficiary_id, purpose="referral_housing", given_on=day)


def withdrawn(beneficiary_id: UUID, day: date = JUNE) -> ConsentWithdrawn:
    return ConsentWithdrawn(
        beneficiary_id=beneficiary_id, purpose="referral_housing", withdrawn_on=day
    )


async def refusal(
    engine: AsyncEngine, beneficiary_id: UUID, today: date = JUNE, code: str = CONSENT_WITHDRAWN
) -> str | None:
    problem: ProblemError | None = None
    async with engine.connect() as conn:
        try:
            await require_consent_in_force(conn, beneficiary_id, "referral_housing", today)
        except ProblemError as refused:
            problem = refused
    if problem is None:
        return None
    assert (problem.status, problem.code) == (409, code)
    return problem.errors[0].reason


async def test_consent_given_at_registration_refuses_nothing(directory: AsyncEngine) -> None:
    beneficiary_id = await registered_with_referral_consent(directory)
    assert await refusal(directory, beneficiary_id) is None


async def test_a_person_never_heard_of_is_not_refused_for_consent(directory: AsyncEngine) -> None:
    assert await refusal(directory, uuid7()) is None


async def test_a_withdrawn_consent_refuses_new_work_naming_the_day(directory: AsyncEngine) -> None:
    beneficiary_id = await registered_with_referral_consent(directory)
    await deliver(directory, withdrawn(beneficiary_id), 2)
    reason = await refusal(directory, beneficiary_id)
    assert reason == "consent for referral_housing was withdrawn on 2026-06-01"
    async with directory.connect() as conn:
        found = await withdrawal(conn, beneficiary_id, "referral_housing")
        other = await withdrawal(conn, beneficiary_id, "referral_civic")
    assert found is not None
    assert found.recorded_at == AT
    assert other is None


async def test_a_withdrawal_dated_later_refuses_only_from_that_day(directory: AsyncEngine) -> None:
    beneficiary_id = await registered_with_referral_consent(directory)
    await deliver(directory, withdrawn(beneficiary_id, date(2026, 7, 1)), 2)
    assert await refusal(directory, beneficiary_id, JUNE) is None
    assert await refusal(directory, beneficiary_id, date(2026, 7, 1)) is not None


async def test_an_expired_consent_refuses_new_work_from_the_day_after_its_expiry(
    directory: AsyncEngine,
) -> None:
    beneficiary_id = await registered_with_referral_consent(directory, date(2026, 6, 30))
    assert await refusal(directory, beneficiary_id, date(2026, 6, 30)) is None
    reason = await refusal(directory, beneficiary_id, date(2026, 7, 1), CONSENT_EXPIRED)
    assert reason == "consent for referral_housing expired on 2026-06-30"


async def test_consent_given_again_after_expiry_restores_it(directory: AsyncEngine) -> None:
    beneficiary_id = await registered_with_referral_consent(directory, date(2026, 6, 30))
    again = given_again(beneficiary_id, date(2026, 7, 2))
    await deliver(directory, again, 2)
    assert await refusal(directory, beneficiary_id, date(2027, 1, 1)) is None


async def test_a_withdrawal_before_expiry_is_what_the_refusal_names(
    directory: AsyncEngine,
) -> None:
    beneficiary_id = await registered_with_referral_consent(directory, date(2026, 6, 30))
    await deliver(directory, withdrawn(beneficiary_id), 2)
    reason = await refusal(directory, beneficiary_id, date(2026, 8, 1))
    assert reason == "consent for referral_housing was withdrawn on 2026-06-01"


async def test_consent_given_again_restores_it(directory: AsyncEngine) -> None:
    beneficiary_id = await registered_with_referral_consent(directory)
    await deliver(directory, withdrawn(beneficiary_id), 2)
    again = given_again(beneficiary_id, date(2026, 6, 10))
    await deliver(directory, again, 3)
    assert await refusal(directory, beneficiary_id, date(2026, 6, 20)) is None


async def test_an_older_event_delivered_again_never_overwrites_a_newer_one(
    directory: AsyncEngine,
) -> None:
    beneficiary_id = await registered_with_referral_consent(directory)
    await deliver(directory, withdrawn(beneficiary_id), 2)
    await deliver(directory, withdrawn(beneficiary_id), 2)
    await registered_again(directory, beneficiary_id)
    assert await refusal(directory, beneficiary_id) is not None


async def registered_again(engine: AsyncEngine, beneficiary_id: UUID) -> None:
    terms = ConsentTerms(purpose="referral_housing", given_on=date(2026, 5, 2))
    event = BeneficiaryRegistered(
        beneficiary_id=beneficiary_id,
        sex="female",
        birth_year=1990,
        nationality="NG",
        personal_data="lgnet:v1:c2VhbGVk",
        consents=[terms],
    )
    await deliver(engine, event, 1)


async def test_a_registration_records_each_purpose_and_the_first_terms_of_a_repeated_one(
    directory: AsyncEngine,
) -> None:
    beneficiary_id = uuid7()
    purposes = ["case_work", "referral_housing", "referral_civic", "external_sharing"]
    terms = [ConsentTerms(purpose=p, given_on=date(2026, 5, 2)) for p in purposes]
    repeated = ConsentTerms(purpose="case_work", given_on=date(2026, 5, 3))
    event = BeneficiaryRegistered(
        beneficiary_id=beneficiary_id,
        sex="female",
        birth_year=1990,
        nationality="NG",
        personal_data="lgnet:v1:c2VhbGVk",
        consents=[*terms, repeated],
    )
    await deliver(directory, event, 1)
    await deliver(directory, event, 1)  # redelivered: changes nothing
    async with directory.connect() as conn:
        rows = (
            await conn.execute(
                select(beneficiary_consents.c.purpose, beneficiary_consents.c.given_on).where(
                    beneficiary_consents.c.beneficiary_id == beneficiary_id
                )
            )
        ).all()
    assert sorted(rows) == sorted((p, date(2026, 5, 2)) for p in purposes)
