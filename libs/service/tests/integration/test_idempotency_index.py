"""Every service's migrations give ``idempotency_keys`` the index the purge reads."""

from importlib.util import find_spec
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from lgnet_events.testing.infra import Infra
from lgnet_service.idempotency import CREATED_AT_INDEX
from lgnet_service.migrations import upgrade_database

pytestmark = pytest.mark.integration

#: service -> the revision before the one that adds the index
BEFORE_INDEX = {"intake": "0012", "housing": "0002", "civic": "0002", "reporting": "0001"}


def migrations_of(service: str) -> Path:
    spec = find_spec(service)
    assert spec is not None
    assert spec.origin is not None
    return Path(spec.origin).parent / "migrations"


async def has_created_at_index(url: str) -> bool:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            found = await conn.scalar(
                text("SELECT count(*) FROM pg_indexes WHERE indexname = :name"),
                {"name": CREATED_AT_INDEX},
            )
    finally:
        await engine.dispose()
    return bool(found == 1)


@pytest.mark.parametrize("service", sorted(BEFORE_INDEX))
async def test_a_database_migrated_before_the_index_gets_it_at_head(
    service: str, infra: Infra, unique_name: str
) -> None:
    url = await infra.create_database(unique_name)
    upgrade_database(url, migrations_of(service), BEFORE_INDEX[service])
    engine = create_async_engine(url)
    async with engine.begin() as conn:  # as an older database would be
        await conn.execute(text(f"DROP INDEX {CREATED_AT_INDEX}"))
    await engine.dispose()
    upgrade_database(url, migrations_of(service))
    assert await has_created_at_index(url)
