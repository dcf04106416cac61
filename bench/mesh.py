"""The four services as processes for the HTTP, lag and rebuild scenarios.

A dev stack with the bench's own servers taken as external ones: one database per service
on the bench's PostgreSQL, the bench's broker, a topic namespace of the run's own. The
services' write rate limit is off (``LGNET_RATE_LIMIT_WRITES_PER_MINUTE=0``): the bench
measures the code, not the limiter.
"""

import asyncio
import contextlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil

from bench.targets import Target
from lgnet_cli.scenario import MintedTokens
from lgnet_devstack import free_port_base
from lgnet_devstack.credentials import dev_auth_secret
from lgnet_devstack.environment import database_url_variable
from lgnet_devstack.services import app_module
from lgnet_devstack.stack import DevStack, StackConfig
from lgnet_devstack.state import StateDir
from lgnet_events.topics import SERVICES


@dataclass(frozen=True)
class BenchMesh:
    stack: DevStack
    tokens: MintedTokens
    run_id: str

    @property
    def urls(self) -> dict[str, str]:
        return dict(self.stack.record.service_urls)

    def database_url(self, service: str) -> str:
        """asyncpg SQLAlchemy URL of the service's database."""
        return self.stack.record.database_urls[service]

    def pids(self) -> dict[str, int]:
        """The services' uvicorn processes, by service name."""
        found: dict[str, int] = {}
        for child in psutil.Process().children(recursive=True):
            with contextlib.suppress(psutil.Error):
                line = " ".join(child.cmdline())
                for service in SERVICES:
                    if f"{app_module(service)}:create_app" in line:
                        found[service] = child.pid
        return found


def _free_port_base() -> int:
    return free_port_base(len(SERVICES))


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def open_mesh(target: Target, run_id: str) -> Iterator[BenchMesh]:
    """Databases, migrations and the four services; the databases are dropped afterwards."""
    databases = {service: f"{run_id}_{service}" for service in SERVICES}
    for name in databases.values():
        asyncio.run(target.create_database(name))
    settings = {database_url_variable(service): target.database_url(name, "postgresql+asyncpg")
                for service, name in databases.items()}  # fmt: skip
    settings |= {"LGNET_KAFKA_BOOTSTRAP": target.bootstrap,
                 "LGNET_RATE_LIMIT_WRITES_PER_MINUTE": "0"}  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="lgnet-bench-mesh-") as root:
        state = StateDir(Path(root))
        config = StackConfig(state, port_base=_free_port_base(), namespace=run_id,
                             ready_timeout=120)  # fmt: skip
        stack = DevStack(config, lambda _: None)
        try:
            with _environment(settings):
                stack.start()
                yield BenchMesh(stack, MintedTokens(dev_auth_secret(state)), run_id)
        finally:
            stack.stop()
            for name in databases.values():
                asyncio.run(target.drop_database(name))
