"""The embedded PostgreSQL's memory follows the machine it runs on."""

import asyncpg
import pytest

from lgnet_devstack.postgres import SHARED_BUFFERS_MIB, shared_buffers_mib
from lgnet_events.testing.infra import Infra

GIB = 2**30


def test_shared_buffers_are_a_quarter_of_the_memory() -> None:
    assert shared_buffers_mib(24 * GIB) == 6 * 1024
    assert shared_buffers_mib(8 * GIB) == 2 * 1024


def test_shared_buffers_stay_within_bounds_on_small_and_large_machines() -> None:
    low, high = SHARED_BUFFERS_MIB
    assert shared_buffers_mib(512 * 2**20) == low
    assert shared_buffers_mib(256 * GIB) == high


@pytest.mark.integration
async def test_the_embedded_server_runs_with_this_machines_size(infra: Infra) -> None:
    if infra.postgres is None:
        pytest.skip("PostgreSQL is not the embedded one here")
    conn = await asyncpg.connect(infra.admin_dsn)
    try:
        running = await conn.fetchval(
            "SELECT setting::bigint * 8 / 1024 FROM pg_settings WHERE name = 'shared_buffers'"
        )
    finally:
        await conn.close()
    assert running == shared_buffers_mib()
