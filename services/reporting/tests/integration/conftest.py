from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from lgnet_events.catalog import default_registry
from lgnet_events.envelope import Envelope
from lgnet_events.testing.infra import Infra
from lgnet_service.auth import Role, mint_dev_token
from lgnet_service.testing import MigratedDatabase
from reporting.api.app import create_app
from reporting.audit import Delivery
from reporting.ingest import store_event
from reporting.migrations import SCRIPT_LOCATION
from reporting.settings import ReportingSettings

from .programme import Programme, at

pytestmark = pytest.mark.integration

SECRET = "reporting-tests-secret-of-at-least-32-bytes"
Headers = dict[str, str]


@pytest.fixture
async def migrated_url(migrated_database: MigratedDatabase) -> str:
    return await migrated_database(SCRIPT_LOCATION)


@pytest.fixture
def run_workers() -> bool:
    """Tests that consume override this; the others serve HTTP only."""
    return False


@pytest.fixture
def settings(
    migrated_url: str, infra: Infra, namespace: str, run_workers: bool
) -> ReportingSettings:
    return ReportingSettings(
        run_workers=run_workers,
        database_url=migrated_url,
        kafka_bootstrap=infra.bootstrap,
        topic_namespace=namespace,
        auth_hs256_secret=SECRET,
        consumer_session_timeout_ms=2000,
        rebuild_batch_size=7,
    )


@pytest.fixture
async def app(settings: ReportingSettings) -> AsyncIterator[FastAPI]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://reporting") as client:
        yield client


@pytest.fixture
async def db(migrated_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(migrated_url)
    yield engine
    await engine.dispose()


def auth(role: Role, *municipalities: str, sub: str = "someone") -> Headers:
    token = mint_dev_token(SECRET, sub, [role], list(municipalities) or ["*"])
    return {"Authorization": f"Bearer {token}"}


NATIONAL = auth("national_office")
ADMIN = auth("admin")
AUDITOR = auth("auditor")


async def store_all(engine: AsyncEngine, envelopes: list[Envelope]) -> None:
    """What the consumer does for each record, without the broker."""
    registry = default_registry()
    for offset, envelope in enumerate(envelopes):
        delivery = Delivery(f"t.{envelope.service}.events", 0, offset, envelope.model_dump_json())
        async with engine.begin() as conn:
            await store_event(conn, envelope, registry.decode(envelope), delivery)


def known_programme() -> Programme:
    """5 taken in charge (one recorded late), 2 housing beneficiaries, 2 individual projects."""
    p = Programme()
    first = p.taken_in_charge("bologna", "2026-01-10")
    p.case(first, "bologna", "2026-03-01")
    second = p.person("bologna", "2026-02-05", sex="male", born=2008, nationality="MA")
    p.case(second, "bologna", "2026-02-05", channel="one_stop_shop")
    p.placement(second, "bologna", "2026-02-20")
    p.measure(second, "bologna", "2026-03-03")
    third = p.taken_in_charge("bologna", "2026-02-07", sex="male", born=1970, nationality="MA")
    p.project(third, "bologna", "2026-03-10")
    p.project(third, "bologna", "2026-04-01")
    fourth = p.taken_in_charge("roma", "2026-03-15")
    p.measure(fourth, "roma", "2026-03-20")
    p.person("roma", "2026-03-16")
    late = p.person("roma", "2026-01-20")
    p.case(late, "roma", "2026-01-20")
    p.envelopes[-1] = p.envelopes[-1].model_copy(update={"recorded_at": at("2026-04-02")})
    return p
