from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from intake.api.app import create_app
from intake.migrations import SCRIPT_LOCATION
from intake.settings import IntakeSettings
from lgnet_events.testing.infra import Infra
from lgnet_privacy import MasterKey
from lgnet_service.auth import Role, mint_dev_token
from lgnet_service.testing import MigratedDatabase

pytestmark = pytest.mark.integration

SECRET = "intake-tests-secret-of-at-least-32-bytes"
Headers = dict[str, str]


@pytest.fixture
async def migrated_url(migrated_database: MigratedDatabase) -> str:
    return await migrated_database(SCRIPT_LOCATION)


@pytest.fixture
def run_workers() -> bool:
    """Tests that publish or consume override this; the others serve HTTP only."""
    return False


@pytest.fixture
def settings(migrated_url: str, infra: Infra, namespace: str, run_workers: bool) -> IntakeSettings:
    return IntakeSettings(
        run_workers=run_workers,
        database_url=migrated_url,
        kafka_bootstrap=infra.bootstrap,
        topic_namespace=namespace,
        auth_hs256_secret=SECRET,
        master_key=MasterKey.generate().as_text(),
        consumer_session_timeout_ms=6000,
    )


@pytest.fixture
async def app(settings: IntakeSettings) -> AsyncIterator[FastAPI]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://intake") as client:
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


def person(
    given: str = "Amina", family: str = "Diallo", born: str = "1994-03-12"
) -> dict[str, Any]:
    return {
        "given_names": given,
        "family_names": family,
        "birth_date": born,
        "phone": "+39 333 1234567",
        "identity_document": {"kind": "passport", "number": "XK1234567"},
        "consent": {"purposes": ["case_management", "referral"], "given_on": "2026-05-02"},
    }


def new_beneficiary(municipality: str = "bologna", **names: str) -> dict[str, Any]:
    return {
        "municipality": municipality,
        "sex": "female",
        "nationality": "SN",
        "languages": ["fr", "wo"],
        "personal_data": person(**names),
    }


def new_case(beneficiary_id: str) -> dict[str, Any]:
    return {
        "beneficiary_id": beneficiary_id,
        "channel": "mobile_unit",
        "contact_point": "stazione_centrale",
        "urgency": "high",
        "vulnerabilities": {"categories": ["homeless"], "notes": "sleeps at the station"},
    }


Register = Callable[..., Any]


@pytest.fixture
def register(client: httpx.AsyncClient) -> Register:
    async def register(headers: Headers = OPERATOR, **kwargs: str) -> str:
        response = await client.post(
            "/beneficiaries", json=new_beneficiary(**kwargs), headers=headers
        )
        assert response.status_code == 201, response.text
        return str(response.json()["beneficiary_id"])

    return register


@pytest.fixture
def open_case(client: httpx.AsyncClient, register: Register) -> Register:
    async def open_case(headers: Headers = OPERATOR, **kwargs: str) -> str:
        beneficiary_id = await register(headers, **kwargs)
        response = await client.post("/cases", json=new_case(beneficiary_id), headers=headers)
        assert response.status_code == 201, response.text
        return str(response.json()["case_id"])

    return open_case
