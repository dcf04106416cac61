import asyncio
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from lgnet_service.migrations import database_revision, upgrade_database

pytestmark = pytest.mark.integration

ENV_PY = """\
from lgnet_service.migrations import run_env

run_env()
"""

FIRST_REVISION = """\
from alembic import op

from lgnet_service.migrations import install_base_schema

revision = "0001"
down_revision = None


def upgrade() -> None:
    install_base_schema(op.get_bind())
    op.execute("CREATE TABLE upgrades_run (at timestamptz DEFAULT now())")
    op.execute("INSERT INTO upgrades_run DEFAULT VALUES")
"""


def script_location(root: Path) -> Path:
    """A service's migrations folder, as ``services/<svc>/src/<svc>/migrations/`` holds it."""
    (root / "versions").mkdir(parents=True)
    (root / "env.py").write_text(ENV_PY)
    (root / "versions" / "0001_base.py").write_text(FIRST_REVISION)
    return root


async def tables_in(database_url: str) -> set[str]:
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as conn:
            names = await conn.scalars(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            )
            runs = await conn.scalar(text("SELECT count(*) FROM upgrades_run"))
            return {*names, f"upgrades_run={runs}"}
    finally:
        await engine.dispose()


async def test_upgrading_creates_the_base_schema_and_a_second_upgrade_does_nothing(
    database_url: str, tmp_path: Path
) -> None:
    location = script_location(tmp_path / "migrations")
    assert database_revision(database_url) is None
    await asyncio.to_thread(upgrade_database, database_url, location)
    upgrade_database(database_url, location)  # also callable from async code, blocking
    tables = await tables_in(database_url)
    expected = {"events", "streams", "outbox", "inbox", "idempotency_keys", "alembic_version"}
    assert expected <= tables
    assert "upgrades_run=1" in tables
    assert database_revision(database_url) == "0001"


async def test_a_plain_postgresql_url_is_given_the_asyncpg_driver(
    database_url: str, tmp_path: Path
) -> None:
    plain = database_url.replace("postgresql+asyncpg://", "postgresql://")
    await asyncio.to_thread(upgrade_database, plain, script_location(tmp_path / "migrations"))
    assert "idempotency_keys" in await tables_in(database_url)
