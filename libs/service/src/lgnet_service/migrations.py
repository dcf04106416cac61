"""Alembic for every service: ``upgrade_database`` runs it, ``run_env`` is each env.py.

A service keeps its scripts in ``services/<svc>/src/<svc>/migrations/`` and its env.py is::

    from my_service.tables import metadata
    from lgnet_service.migrations import run_env

    run_env(metadata)

Its first revision calls ``install_base_schema(op.get_bind())``.
"""

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from alembic import command, context
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from lgnet_events.schema import install_store_schema
from lgnet_service.idempotency import install_idempotency_schema
from lgnet_service.settings import async_database_url

R = TypeVar("R")

#: Replicas starting together migrate one after the other.
MIGRATION_LOCK = 0x4C474D4947  # "LGMIG"


def upgrade_database(
    database_url: str, script_location: str | Path, revision: str = "head"
) -> None:
    """``alembic upgrade head`` on *database_url*; blocks, safe to call from async code too."""
    command.upgrade(alembic_config(database_url, script_location), revision)


def alembic_config(database_url: str, script_location: str | Path) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    # An attribute, not a main option: ``%`` in a password would break ini interpolation.
    config.attributes["database_url"] = database_url
    return config


def database_revision(database_url: str) -> str | None:
    """The revision the database is at, or None before the first upgrade."""

    def read(conn: Connection) -> str | None:
        return MigrationContext.configure(conn).get_current_revision()

    return _run_blocking(lambda: _with_connection(database_url, read))


def install_base_schema(conn: Connection) -> None:
    """Event store, outbox, inbox and idempotency keys: what every service's database holds."""
    install_store_schema(conn)
    install_idempotency_schema(conn)


def run_env(target_metadata: MetaData | None = None) -> None:
    """The whole body of a service's Alembic ``env.py``."""
    url = _configured_url()
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    _run_blocking(lambda: _with_connection(url, lambda conn: _migrate(conn, target_metadata)))


def _configured_url() -> str:
    config = context.config
    url = config.attributes.get("database_url") or context.get_x_argument(as_dictionary=True).get(
        "database_url"
    )
    url = url or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database URL: pass it to upgrade_database or -x database_url=…")
    return str(url)


def _migrate(conn: Connection, target_metadata: MetaData | None) -> None:
    context.configure(connection=conn, target_metadata=target_metadata)
    with context.begin_transaction():
        conn.execute(text(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
        context.run_migrations()


async def _with_connection(database_url: str, work: Callable[[Connection], R]) -> R:
    engine = create_async_engine(async_database_url(database_url), poolclass=NullPool)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(work)
    finally:
        await engine.dispose()


def _run_blocking(make: Callable[[], Coroutine[Any, Any, R]]) -> R:
    """``asyncio.run``, in a thread of its own when this thread already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()
