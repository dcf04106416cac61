"""Where the bench runs: its own embedded PostgreSQL and Tansu broker, or external ones."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import asyncpg
from sqlalchemy.engine import make_url

from lgnet_events.testing.infra import embedded_infra

DATABASE_ENV = "LGNET_BENCH_DATABASE_URL"
BOOTSTRAP_ENV = "LGNET_KAFKA_BOOTSTRAP"


@dataclass(frozen=True)
class Target:
    """A PostgreSQL server (reached through any of its databases) and a Kafka broker."""

    server_dsn: str
    bootstrap: str
    kind: str  # "embedded" or "external"
    #: Server processes whose CPU the bench may read (embedded only): name -> pid.
    pids: dict[str, int] = field(default_factory=dict)

    def database_url(self, name: str, driver: str = "postgresql") -> str:
        url = make_url(self.server_dsn).set(drivername=driver, database=name)
        return url.render_as_string(hide_password=False)

    async def create_database(self, name: str) -> None:
        await self._admin(f'CREATE DATABASE "{name}"')

    async def drop_database(self, name: str) -> None:
        await self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    async def server_version(self) -> str:
        conn = await asyncpg.connect(self.server_dsn)
        try:
            return str(await conn.fetchval("SHOW server_version"))
        finally:
            await conn.close()

    async def _admin(self, sql: str) -> None:
        conn = await asyncpg.connect(self.server_dsn)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()


@contextmanager
def open_target() -> Iterator[Target]:
    """External servers when both environment variables are set, else embedded ones."""
    database, bootstrap = os.environ.get(DATABASE_ENV), os.environ.get(BOOTSTRAP_ENV)
    if database and bootstrap:
        yield Target(database.replace("+asyncpg", ""), bootstrap, "external")
        return
    with embedded_infra() as infra:
        if infra.postgres is None or infra.broker is None:
            raise RuntimeError("the embedded stack did not start its servers")
        pids = {"postgres": infra.postgres.process.pid, "broker": infra.broker.process.pid}
        yield Target(
            infra.admin_dsn,
            infra.bootstrap,
            "embedded",
            {name: pid for name, pid in pids.items() if pid is not None},
        )
