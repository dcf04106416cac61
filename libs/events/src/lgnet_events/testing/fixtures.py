"""Pytest plugin (loaded by ``-p lgnet_events.testing.fixtures``): infrastructure fixtures.

One PostgreSQL server and one broker serve the whole session; every test gets its own
database and its own topic namespace, so tests never see each other's data.
"""

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from lgnet_devstack import EmbeddedBroker, EmbeddedPostgres
from lgnet_events.ids import uuid7
from lgnet_events.schema import install_store_schema
from lgnet_events.testing.infra import Infra, infra_from_environment


@pytest.fixture(scope="session")
def infra() -> Iterator[Infra]:
    with infra_from_environment() as running:
        yield running


@pytest.fixture
def unique_name() -> str:
    return "t" + uuid7().hex[-16:]


@pytest.fixture
def namespace(unique_name: str) -> str:
    """A topic namespace of this test's own: topics are ``<namespace>.<service>.events``."""
    return unique_name


@pytest.fixture
async def database_url(infra: Infra, unique_name: str) -> str:
    """A fresh, empty database for this test."""
    return await infra.create_database(unique_name)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on a fresh database holding the event store schema."""
    engine = create_async_engine(database_url, pool_size=20, max_overflow=10)
    async with engine.begin() as conn:
        await conn.run_sync(install_store_schema)
    yield engine
    await engine.dispose()


@pytest.fixture
def own_broker(tmp_path: Path) -> Iterator[EmbeddedBroker]:
    """A broker for this test alone, which it may stop, kill and restart."""
    broker = EmbeddedBroker(tmp_path)
    broker.start()
    yield broker
    broker.stop()


@pytest.fixture
def own_postgres(tmp_path: Path) -> Iterator[EmbeddedPostgres]:
    """A PostgreSQL server for this test alone, which it may stop, kill and restart."""
    postgres = EmbeddedPostgres(tmp_path / "pgdata")
    postgres.start()
    yield postgres
    postgres.destroy()
