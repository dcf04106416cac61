"""Where tests get PostgreSQL and Kafka: embedded (default), external URLs, or containers."""

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

from lgnet_devstack import EmbeddedBroker, EmbeddedPostgres


@dataclass
class Infra:
    """A PostgreSQL server and a Kafka-protocol broker the tests may use freely."""

    admin_dsn: str  # libpq form, for asyncpg: postgresql://user@host:port/postgres
    bootstrap: str
    postgres: EmbeddedPostgres | None = None
    broker: EmbeddedBroker | None = None
    run_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="lgnet-test-")))

    def database_url(self, name: str, driver: str = "postgresql+asyncpg") -> str:
        base = self.admin_dsn.rsplit("/", 1)[0].split("://", 1)[1]
        return f"{driver}://{base}/{name}"

    async def create_database(self, name: str, template: str | None = None) -> str:
        """A new database, empty or a copy of *template* (which nobody may be connected to)."""
        conn = await asyncpg.connect(self.admin_dsn)
        try:
            copy = f' TEMPLATE "{template}"' if template else ""
            await conn.execute(f'CREATE DATABASE "{name}"{copy}')
        finally:
            await conn.close()
        return self.database_url(name)


@contextmanager
def embedded_infra() -> Iterator[Infra]:
    run_dir = Path(tempfile.mkdtemp(prefix="lgnet-test-"))
    # A test run killed with SIGTERM or SIGKILL runs no teardown: the servers go with it.
    postgres = EmbeddedPostgres(run_dir / "pgdata", die_with_parent=True)
    broker = EmbeddedBroker(run_dir, die_with_parent=True)
    postgres.start()
    try:
        broker.start()
        try:
            yield Infra(
                postgres.dsn(driver="postgresql"), broker.bootstrap, postgres, broker, run_dir
            )
        finally:
            broker.stop()
    finally:
        postgres.stop()
        shutil.rmtree(run_dir, ignore_errors=True)


@contextmanager
def external_infra() -> Iterator[Infra]:
    dsn = os.environ["LGNET_TEST_DATABASE_URL"].replace("+asyncpg", "")
    yield Infra(dsn, os.environ["LGNET_KAFKA_BOOTSTRAP"])


@contextmanager
def container_infra() -> Iterator[Infra]:
    from testcontainers.kafka import KafkaContainer
    from testcontainers.postgres import PostgresContainer

    with PostgresContainer("postgres:18") as pg, KafkaContainer().with_kraft() as kafka:
        dsn = pg.get_connection_url(driver=None)
        yield Infra(dsn, kafka.get_bootstrap_server())


def infra_from_environment() -> AbstractContextManager[Infra]:
    mode = os.environ.get("LGNET_TEST_INFRA", "embedded")
    if mode == "external":
        return external_infra()
    if mode == "containers":
        return container_infra()
    if mode != "embedded":
        raise ValueError(f"LGNET_TEST_INFRA={mode!r}: use embedded, external or containers")
    return embedded_infra()
