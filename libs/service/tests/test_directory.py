from datetime import UTC, datetime
from uuid import UUID

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import BeneficiaryPersonalDataErased, BeneficiaryRegistered
from lgnet_events.ids import uuid7
from lgnet_events.registry import envelope_for
from lgnet_service.auth import Principal
from lgnet_service.directory import (
    DIRECTORY_REACTIONS,
    ERASED,
    UNKNOWN,
    Scope,
    beneficiary_directory,
    erased_at,
    install_directory_schema,
    require_known_beneficiary,
)
from lgnet_service.errors import ProblemError

pytestmark = pytest.mark.integration

REGISTERED_AT = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
ERASED_AT = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
async def directory(engine: AsyncEngine) -> AsyncEngine:
    async with engine.begin() as conn:
        await conn.run_sync(install_directory_schema)
    return engine


async def deliver(
    engine: AsyncEngine, event: DomainEvent, version: int, municipality: str, at: datetime
) -> None:
    envelope = envelope_for(
        event,
        version,
        actor="intake-operator",
        municipality=municipality,
        correlation_id=uuid7(),
        causation_id=uuid7(),
        traceparent=None,
        occurred_at=at,
    )
    async with engine.begin() as conn:
        for handle in DIRECTORY_REACTIONS.get(envelope.event_type, []):
            await handle(conn, envelope, event)


async def register(engine: AsyncEngine, municipality: str = "bologna") -> UUID:
    beneficiary_id = uuid7()
    event = BeneficiaryRegistered(
        beneficiary_id=beneficiary_id,
        sex="female",
        birth_year=1990,
        nationality="NG",
        personal_data="lgnet:v1:c2VhbGVk",
    )
    await deliver(engine, event, 1, municipality, REGISTERED_AT)
    return beneficiary_id


async def erase(engine: AsyncEngine, beneficiary_id: UUID, at: datetime = ERASED_AT) -> None:
    event = BeneficiaryPersonalDataErased(beneficiary_id=beneficiary_id)
    await deliver(engine, event, 2, "bologna", at)


async def refusal(engine: AsyncEngine, beneficiary_id: UUID, scope: Scope) -> str:
    async with engine.connect() as conn:
        with pytest.raises(ProblemError) as refused:
            await require_known_beneficiary(conn, beneficiary_id, scope)
    problem = refused.value
    assert problem.status == 422
    assert [e.field for e in problem.errors] == ["body.beneficiary_id"]
    return problem.errors[0].reason


def operator(*municipalities: str) -> Principal:
    return Principal.from_claims("op-1", ["operator"], municipalities)


async def test_a_registered_beneficiary_is_known_in_its_municipality(
    directory: AsyncEngine,
) -> None:
    beneficiary_id = await register(directory, "bologna")
    async with directory.connect() as conn:
        assert await require_known_beneficiary(conn, beneficiary_id, "bologna") == "bologna"
        by_principal = await require_known_beneficiary(conn, beneficiary_id, operator("bologna"))
    assert by_principal == "bologna"
    async with directory.connect() as conn:
        by_set = await require_known_beneficiary(conn, beneficiary_id, frozenset({"bologna"}))
    assert by_set == "bologna"


async def test_a_redelivered_registration_changes_nothing(directory: AsyncEngine) -> None:
    beneficiary_id = await register(directory)
    event = BeneficiaryRegistered(
        beneficiary_id=beneficiary_id,
        sex="female",
        birth_year=1990,
        nationality="NG",
        personal_data="lgnet:v1:c2VhbGVk",
    )
    await deliver(directory, event, 1, "roma", ERASED_AT)
    async with directory.connect() as conn:
        rows = (await conn.execute(select(beneficiary_directory))).all()
    assert [(r.municipality, r.registered_at) for r in rows] == [("bologna", REGISTERED_AT)]


async def test_an_unknown_beneficiary_is_refused(directory: AsyncEngine) -> None:
    assert await refusal(directory, uuid7(), "bologna") == UNKNOWN


async def test_another_municipalitys_beneficiary_looks_exactly_like_an_unknown_one(
    directory: AsyncEngine,
) -> None:
    beneficiary_id = await register(directory, "roma")
    assert await refusal(directory, beneficiary_id, "bologna") == UNKNOWN
    assert await refusal(directory, beneficiary_id, operator("bologna", "milano")) == UNKNOWN
    assert await refusal(directory, beneficiary_id, {"bologna", "milano"}) == UNKNOWN


async def test_an_erased_beneficiary_stays_counted_but_takes_no_new_work(
    directory: AsyncEngine,
) -> None:
    beneficiary_id = await register(directory)
    await erase(directory, beneficiary_id)
    await erase(directory, beneficiary_id, at=datetime(2027, 1, 1, tzinfo=UTC))
    assert await refusal(directory, beneficiary_id, "bologna") == ERASED
    async with directory.connect() as conn:
        assert await erased_at(conn, beneficiary_id) == ERASED_AT
        count = await conn.scalar(select(func.count()).select_from(beneficiary_directory))
    assert count == 1


async def test_an_erasure_arriving_first_still_marks_the_beneficiary_erased(
    directory: AsyncEngine,
) -> None:
    beneficiary_id = uuid7()
    await erase(directory, beneficiary_id)
    await deliver(
        directory,
        BeneficiaryRegistered(
            beneficiary_id=beneficiary_id,
            sex="male",
            birth_year=1985,
            nationality="AF",
            personal_data="lgnet:v1:c2VhbGVk",
        ),
        1,
        "bologna",
        REGISTERED_AT,
    )
    assert await refusal(directory, beneficiary_id, "bologna") == ERASED
