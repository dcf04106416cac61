import asyncio

import pytest
from sqlalchemy import text

from lgnet_devstack.postgres import EmbeddedPostgres
from lgnet_service.database import create_service_engine

pytestmark = pytest.mark.integration


async def test_the_first_query_after_a_postgresql_restart_gets_a_new_connection(
    own_postgres: EmbeddedPostgres,
) -> None:
    engine = create_service_engine(own_postgres.dsn(), pool_size=2)
    try:
        async with engine.connect() as conn:
            before = await conn.scalar(text("SELECT pg_backend_pid()"))
        await asyncio.to_thread(own_postgres.stop)
        await asyncio.to_thread(own_postgres.start)
        await asyncio.sleep(0.2)  # the loop reads the closed socket
        async with engine.connect() as conn:
            after = await conn.scalar(text("SELECT pg_backend_pid()"))
        assert after != before
    finally:
        await engine.dispose()
