import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from lgnet_service.app import create_service_app
from lgnet_service.idempotency import install_idempotency_schema
from lgnet_service.idempotency_purge import IdempotencyPurger, purge_expired_keys
from lgnet_service.runtime import ServiceRuntime
from lgnet_service.settings import ServiceSettings

from ..conftest import Serve

pytestmark = pytest.mark.integration

DAY = timedelta(hours=24)


@pytest.fixture
async def keys_db(engine: AsyncEngine) -> AsyncEngine:
    async with engine.begin() as conn:
        await conn.run_sync(install_idempotency_schema)
    return engine


async def add_keys(engine: AsyncEngine, prefix: str, count: int, hours_old: float) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO idempotency_keys (key, actor, request, fingerprint, created_at)"
                " SELECT :prefix || n, 'ada', 'POST /notes', 'f',"
                "  now() - make_interval(hours => :hours)"
                " FROM generate_series(1, :count) AS n"
            ),
            {"prefix": prefix, "count": count, "hours": hours_old},
        )


async def remaining_keys(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as conn:
        rows = await conn.execute(text("SELECT key FROM idempotency_keys ORDER BY key"))
        return [row.key for row in rows]


async def test_the_purge_deletes_only_keys_older_than_the_retention_batch_by_batch(
    keys_db: AsyncEngine,
) -> None:
    await add_keys(keys_db, "old-", 7, hours_old=25)
    await add_keys(keys_db, "new-", 2, hours_old=23)
    assert await purge_expired_keys(keys_db, DAY, batch=3) == 7
    assert await remaining_keys(keys_db) == ["new-1", "new-2"]
    assert await purge_expired_keys(keys_db, DAY, batch=3) == 0


async def test_the_purge_skips_a_key_a_request_holds_instead_of_waiting_for_it(
    keys_db: AsyncEngine,
) -> None:
    await add_keys(keys_db, "old-", 3, hours_old=25)
    async with keys_db.connect() as holder:
        await holder.execute(text("SELECT 1 FROM idempotency_keys WHERE key = 'old-1' FOR UPDATE"))
        purged = await asyncio.wait_for(purge_expired_keys(keys_db, DAY), timeout=5)
        await holder.rollback()
    assert purged == 2
    assert await remaining_keys(keys_db) == ["old-1"]


async def test_the_service_purges_expired_keys_in_the_background_and_stops_at_shutdown(
    keys_db: AsyncEngine, database_url: str, serve: Serve
) -> None:
    settings = ServiceSettings(
        service="intake", database_url=database_url, idempotency_purge_interval_seconds=0.05
    )
    app = create_service_app("intake", settings)
    async with serve(app) as client:
        await add_keys(keys_db, "old-", 4, hours_old=30)
        await add_keys(keys_db, "new-", 1, hours_old=1)
        await until_only(keys_db, ["new-1"])
        ready = await client.get("/ready")
        runtime: ServiceRuntime = app.state.runtime
        purger = runtime.housekeeping[0]
        assert purger.status()["running"]
    assert ready.status_code == 200
    assert "idempotency-purge" not in ready.json()["checks"]
    assert purger.status()["running"] is False
    assert purger.status()["purged"] == 4


async def until_only(engine: AsyncEngine, keys: list[str]) -> None:
    for _ in range(100):
        if await remaining_keys(engine) == keys:
            return
        await asyncio.sleep(0.05)
    assert await remaining_keys(engine) == keys


async def test_a_failed_purge_is_reported_and_never_makes_the_service_unready(
    engine: AsyncEngine,
) -> None:
    purger = IdempotencyPurger(engine, DAY, interval=60)  # no idempotency_keys table here
    assert await purger.purge_once() == 0
    status = purger.status()
    assert status["ready"] is True
    assert "UndefinedTable" in status["last_error"] or "idempotency_keys" in status["last_error"]


async def test_an_interval_of_zero_turns_the_purge_off(keys_db: AsyncEngine) -> None:
    purger = IdempotencyPurger(keys_db, DAY, interval=0)
    await purger.start()
    assert purger.status()["running"] is False
    await purger.stop()


def test_retention_and_interval_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LGNET_IDEMPOTENCY_RETENTION_HOURS", "48")
    monkeypatch.setenv("LGNET_IDEMPOTENCY_PURGE_INTERVAL_SECONDS", "30")
    settings = ServiceSettings.for_service("intake")
    assert settings.idempotency_retention_hours == 48
    assert settings.idempotency_purge_interval_seconds == 30
