"""An upgrade that changed how facts are derived rebuilds the projections once, at start."""

import logging

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from lgnet_events.catalog import default_registry
from lgnet_events.testing.infra import Infra
from lgnet_service.migrations import upgrade_database
from reporting.generations import create_generation, live_generation, use_live_generation
from reporting.jobs import RebuildJobs
from reporting.migrations import SCRIPT_LOCATION
from reporting.projections.casework_facts import CONSENTS_REGISTERED
from reporting.projections.version import FACTS_VERSION
from reporting.rebuild import generation_rows
from reporting.schema import facts, projection_pointer
from reporting.upgrade import FactsUpgrade

from .conftest import store_all
from .test_access_and_suppression import mixed_programme

pytestmark = pytest.mark.integration


async def facts_version(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int((await conn.execute(select(projection_pointer.c.facts_version))).scalar_one())


def upgrade_of(engine: AsyncEngine, jobs: RebuildJobs) -> FactsUpgrade:
    return FactsUpgrade(engine, jobs, default_registry(), batch_size=7)


async def test_facts_from_an_older_release_are_rebuilt_once_and_the_version_recorded(
    db: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    await store_all(db, mixed_programme().envelopes)
    async with db.begin() as conn:
        await use_live_generation(conn)
        expected = await generation_rows(conn, await live_generation(conn))
        # what an older release left: a kind of fact it did not derive, version 1
        await conn.execute(delete(facts).where(facts.c.fact.like("consent%")))
        await conn.execute(update(projection_pointer).values(facts_version=1))
    jobs = RebuildJobs()
    with caplog.at_level(logging.WARNING):
        job_id = await upgrade_of(db, jobs).check()
    assert job_id is not None
    assert "older release (version 1, this one derives version" in caplog.text
    await jobs.wait(job_id)
    assert await facts_version(db) == FACTS_VERSION
    async with db.connect() as conn:
        new = await live_generation(conn)
        assert new == 2
        assert await generation_rows(conn, new) == expected
    assert await upgrade_of(db, jobs).check() is None  # once: the version now matches


async def test_an_empty_audit_log_is_stamped_without_a_rebuild(db: AsyncEngine) -> None:
    assert await facts_version(db) == 0  # a new database, before reporting's first start
    assert await upgrade_of(db, RebuildJobs()).check() is None
    assert await facts_version(db) == FACTS_VERSION
    async with db.connect() as conn:
        assert await live_generation(conn) == 1


async def test_a_current_generation_is_left_alone(db: AsyncEngine) -> None:
    await store_all(db, mixed_programme().envelopes)
    async with db.begin() as conn:
        await conn.execute(update(projection_pointer).values(facts_version=FACTS_VERSION))
        await use_live_generation(conn)
        count = (await conn.execute(select(func.count()).select_from(facts))).scalar_one()
    assert count > 0
    assert await upgrade_of(db, RebuildJobs()).check() is None
    async with db.connect() as conn:
        assert await live_generation(conn) == 1


async def test_migration_0005_gives_every_generation_the_detail_of_facts(
    infra: Infra, unique_name: str
) -> None:
    """Tables an older release created have no ``detail``: the migration adds it, last, so
    that the facts statements (rows in column order) write to them again."""
    url = await infra.create_database(unique_name)
    upgrade_database(url, SCRIPT_LOCATION, "0004")
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(create_generation, 2)  # a rebuild's, not yet live
            for generation in (1, 2):
                await conn.execute(text(f"ALTER TABLE projection_{generation}.facts DROP detail"))
        upgrade_database(url, SCRIPT_LOCATION)
        async with engine.connect() as conn:
            for generation in (1, 2):
                columns = await conn.execute(text(_COLUMNS), {"schema": f"projection_{generation}"})
                assert list(columns.scalars()) == [column.name for column in facts.columns]
        await store_all(engine, mixed_programme().envelopes)
        async with engine.connect() as conn:
            await use_live_generation(conn)
            details = select(facts.c.detail).where(facts.c.fact == CONSENTS_REGISTERED)
            assert all(detail[0]["purpose"] for detail in (await conn.execute(details)).scalars())
    finally:
        await engine.dispose()


_COLUMNS = (
    "SELECT column_name FROM information_schema.columns"
    " WHERE table_schema = :schema AND table_name = 'facts' ORDER BY ordinal_position"
)
