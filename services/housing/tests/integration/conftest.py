from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from housing.api.app import create_app
from housing.bootstrap import Housing
from housing.handlers.reactions import reactions
from housing.migrations import SCRIPT_LOCATION
from housing.settings import HousingSettings
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import (
    BeneficiaryPersonalDataErased,
    BeneficiaryRegistered,
    ReferralIssued,
)
from lgnet_events.ids import uuid7
from lgnet_events.registry import envelope_for
from lgnet_events.testing.infra import Infra
from lgnet_service.auth import Role, mint_dev_token
from lgnet_service.testing import MigratedDatabase

pytestmark = pytest.mark.integration

SECRET = "housing-tests-secret-of-at-least-32-bytes"
Headers = dict[str, str]


@pytest.fixture
async def migrated_url(migrated_database: MigratedDatabase) -> str:
    return await migrated_database(SCRIPT_LOCATION)


@pytest.fixture
def run_workers() -> bool:
    """Tests that publish or consume override this; the others serve HTTP only."""
    return False


@pytest.fixture
def settings(migrated_url: str, infra: Infra, namespace: str, run_workers: bool) -> HousingSettings:
    return HousingSettings(
        run_workers=run_workers,
        database_url=migrated_url,
        kafka_bootstrap=infra.bootstrap,
        topic_namespace=namespace,
        auth_hs256_secret=SECRET,
        consumer_session_timeout_ms=2000,
    )


@pytest.fixture
async def app(settings: HousingSettings) -> AsyncIterator[FastAPI]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://housing") as client:
        yield client


@pytest.fixture
async def db(migrated_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(migrated_url)
    yield engine
    await engine.dispose()


def auth(role: Role = "operator", *municipalities: str, sub: str = "op-1") -> Headers:
    token = mint_dev_token(SECRET, sub, [role], list(municipalities) or ["bologna"])
    return {"Authorization": f"Bearer {token}"}


OPERATOR = auth("operator", "bologna")
COORDINATOR = auth("coordinator", "bologna", sub="coord-1")

Deliver = Callable[..., Awaitable[None]]


@pytest.fixture
def deliver(app: FastAPI, db: AsyncEngine) -> Deliver:
    """Hand an intake event to housing's real reactions, as the consumer does (no broker).

    ``version`` is the event's place in its stream; ``at`` when intake recorded it."""
    housing: Housing = app.state.housing
    handlers = reactions(housing.work)

    async def deliver(
        event: DomainEvent,
        municipality: str = "bologna",
        *,
        version: int = 1,
        at: datetime | None = None,
    ) -> None:
        envelope = envelope_for(
            event,
            version,
            actor="intake-op",
            municipality=municipality,
            correlation_id=uuid7(),
            causation_id=uuid7(),
            traceparent=None,
            occurred_at=at or datetime.now(UTC),
        )
        async with db.begin() as conn:
            for handle in handlers.get(envelope.event_type, []):
                await handle(conn, envelope, event)

    return deliver


Register = Callable[..., Awaitable[str]]


@pytest.fixture
def known(deliver: Deliver) -> Register:
    """A beneficiary intake registered in *municipality*, now in housing's directory."""

    async def known(municipality: str = "bologna") -> str:
        beneficiary_id = uuid7()
        event = BeneficiaryRegistered(
            beneficiary_id=beneficiary_id,
            sex="male",
            birth_year=1991,
            nationality="GM",
            personal_data="lgnet:v1:c2VhbGVk",
        )
        await deliver(event, municipality)
        return str(beneficiary_id)

    return known


@pytest.fixture
def erase(deliver: Deliver) -> Callable[[str], Awaitable[None]]:
    async def erase(beneficiary_id: str) -> None:
        await deliver(BeneficiaryPersonalDataErased(beneficiary_id=UUID(beneficiary_id)), "bologna")

    return erase


@pytest.fixture
def referred(deliver: Deliver, known: Register) -> Callable[..., Awaitable[dict[str, str]]]:
    """Intake referred a person to *target*: the ids of the referral."""

    async def referred(target: str = "housing", municipality: str = "bologna") -> dict[str, str]:
        beneficiary_id = await known(municipality)
        event = ReferralIssued(
            case_id=uuid7(),
            beneficiary_id=UUID(beneficiary_id),
            referral_id=uuid7(),
            target=target,
            urgency="high",
        )
        await deliver(event, municipality)
        return {
            "beneficiary_id": beneficiary_id,
            "referral_id": str(event.referral_id),
            "case_id": str(event.case_id),
        }

    return referred


def new_unit(municipality: str = "bologna", beds: int = 2, **extra: Any) -> dict[str, Any]:
    return {
        "municipality": municipality,
        "kind": "apartment",
        "beds": beds,
        "name": "Via Libia 12, int. 3",
        "address": "Via Libia 12, 40138 Bologna",
        **extra,
    }


@pytest.fixture
def unit(client: httpx.AsyncClient) -> Register:
    async def unit(municipality: str = "bologna", beds: int = 2) -> str:
        headers = auth("coordinator", municipality, sub="coord-1")
        response = await client.post("/units", json=new_unit(municipality, beds), headers=headers)
        assert response.status_code == 201, response.text
        return str(response.json()["unit_id"])

    return unit


def placement(beneficiary_id: str, unit_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "beneficiary_id": beneficiary_id,
        "unit_id": unit_id,
        "start_date": "2026-05-04",
        **extra,
    }
