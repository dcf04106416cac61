"""The service's AsyncEngine (asyncpg) and the one query readiness needs."""

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from lgnet_service.settings import async_database_url


def create_service_engine(database_url: str, pool_size: int = 10) -> AsyncEngine:
    if not database_url:
        raise ValueError("no database URL: set LGNET_<SERVICE>_DATABASE_URL")
    return create_async_engine(
        async_database_url(database_url), pool_size=pool_size, max_overflow=10, pool_pre_ping=True
    )


async def ping(engine: AsyncEngine) -> None:
    """``SELECT 1``; raises if the database cannot answer."""
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
