from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from civic.api.app import create_app
from civic.migrations import SCRIPT_LOCATION
from civic.settings import CivicSettings
from lgnet_events.ids import uuid7
from lgnet_events.testing.infra import Infra
from lgnet_service.auth import Role, mint_dev_token
from lgnet_service.directory import beneficiary_directory
from lgnet_service.testing import MigratedDatabase

pytestmark = pytest.mark.integration

SECRET = "civic-tests-secret-of-at-least-32-bytes!"
Headers = dict[str, str]


@pytest.fixture
async def migrated_url(migrated_database: MigratedDatabase) -> str:
    return await migrated_database(SCRIPT_LOCATION)


@pytest.fixture
def run_workers() -> bool:
    """Tests that publish or consume override this; the others serve HTTP only."""
    return False


@pytest.fixture
def settings(migrated_url: str, infra: Infra, namespace: str, run_workers: bool) -> CivicSettings:
    return CivicSettings(
        run_workers=run_workers,
        database_url=migrated_url,
        kafka_bootstrap=infra.bootstrap,
        topic_namespace=namespace,
        auth_hs256_secret=SECRET,
        consumer_session_timeout_ms=2000,
    )


@pytest.fixture
async def app(settings: CivicSettings) -> AsyncIterator[FastAPI]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://civic") as client:
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


def new_project(places: int = 2, municipality: str = "bologna") -> dict[str, Any]:
    return {
        "municipality": municipality,
        "title": "Cura del Parco Nord",
        "sector": "green_care",
        "host_organisation": "Cooperativa Verde",
        "places": places,
        "planned_hours": 120,
    }


Known = Callable[..., Any]


@pytest.fixture
def known(db: AsyncEngine) -> Known:
    """A person intake registered, as civic's directory learned it from intake's events."""

    async def known(municipality: str = "bologna", erased: bool = False) -> str:
        now = datetime.now(UTC)
        beneficiary_id = uuid7()
        async with db.begin() as conn:
            await conn.execute(
                beneficiary_directory.insert().values(
                    beneficiary_id=beneficiary_id,
                    municipality=municipality,
                    registered_at=now,
                    erased_at=now if erased else None,
                )
            )
        return str(beneficiary_id)

    return known


Create = Callable[..., Any]


@pytest.fixture
def create_project(client: httpx.AsyncClient) -> Create:
    async def create_project(places: int = 2, municipality: str = "bologna") -> str:
        headers = auth("coordinator", municipality, sub="coord-1")
        response = await client.post(
            "/projects", json=new_project(places, municipality), headers=headers
        )
        assert response.status_code == 201, response.text
        return str(response.json()["project_id"])

    return create_project


def starting(project_id: str, beneficiary_id: str | UUID, **extra: Any) -> dict[str, Any]:
    return {
        "project_id": project_id,
        "beneficiary_id": str(beneficiary_id),
        "tutor": "tutor_07",
        **extra,
    }


@pytest.fixture
def start(client: httpx.AsyncClient, create_project: Create, known: Known) -> Create:
    async def start(headers: Headers = OPERATOR) -> str:
        project_id = await create_project()
        response = await client.post(
            "/individual-projects", json=starting(project_id, await known()), headers=headers
        )
        assert response.status_code == 201, response.text
        return str(response.json()["individual_project_id"])

    return start
