"""The service's AsyncEngine (asyncpg) and the one query readiness needs."""

from typing import Any

from sqlalchemy import event, text
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from lgnet_service.settings import async_database_url


def create_service_engine(database_url: str, pool_size: int = 10) -> AsyncEngine:
    if not database_url:
        raise ValueError("no database URL: set LGNET_<SERVICE>_DATABASE_URL")
    engine = create_async_engine(
        async_database_url(database_url), pool_size=pool_size, max_overflow=10
    )
    event.listen(engine.sync_engine, "checkout", discard_closed_connection)
    return engine


def discard_closed_connection(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """A pooled connection the server closed (a restart) is replaced at checkout.

    In place of ``pool_pre_ping``, which costs every checkout three round trips (``BEGIN``,
    ``;``, ``ROLLBACK`` with asyncpg): asyncpg learns of the server closing the socket from
    the event loop and says so in ``is_closed()`` without asking the server. The pool
    retries the checkout with a new connection when this raises.
    """
    driver = getattr(dbapi_connection, "driver_connection", None)
    if driver is not None and driver.is_closed():
        raise DisconnectionError("the server closed this pooled connection")


async def ping(engine: AsyncEngine) -> None:
    """``SELECT 1``; raises if the database cannot answer."""
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
