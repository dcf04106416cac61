"""The whole mesh as processes for fault injection, with the broker behind a TCP proxy.

The broker is started here (not by the dev stack) so that it advertises the proxy's address:
every connection a Kafka client opens, bootstrap or after metadata, goes through the proxy,
and cutting the proxy cuts the whole mesh off the broker. The dev stack takes it as an
external broker (``LGNET_KAFKA_BOOTSTRAP``) and runs PostgreSQL and the four services.
"""

import asyncio
import contextlib
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import psutil

from lgnet_cli.scenario import MintedTokens
from lgnet_devstack import EmbeddedBroker, EmbeddedPostgres, free_port
from lgnet_devstack.credentials import dev_auth_secret
from lgnet_devstack.proxy import TcpProxy
from lgnet_devstack.services import app_module
from lgnet_devstack.stack import DevStack, StackConfig
from lgnet_devstack.state import StateDir
from tests.e2e.conftest import OUTSIDE, RunningMesh, free_port_base

#: Short sessions, so that a stopped consumer loses its membership quickly and a
#: restarted one joins fast (Tansu answers a join after half the session timeout).
SESSION_TIMEOUT_MS = 6000


@dataclass(kw_only=True)
class FaultMesh(RunningMesh):
    broker: EmbeddedBroker
    proxy: TcpProxy
    #: the one thread that (re)starts processes, alive as long as the mesh: a child started
    #: with ``die_with_parent`` gets SIGTERM when the *thread* that forked it exits, so
    #: ``asyncio.to_thread`` (a pool torn down with each test's event loop) would not do
    spawner: ThreadPoolExecutor

    async def in_spawner(self, work: Callable[[], None]) -> None:
        """Run blocking *work* that may start processes, without blocking the event loop."""
        await asyncio.get_running_loop().run_in_executor(self.spawner, work)

    @property
    def namespace(self) -> str:
        return self.stack.record.namespace

    @property
    def bootstrap(self) -> str:
        return self.stack.record.bootstrap

    @property
    def postgres(self) -> EmbeddedPostgres:
        postgres = self.stack.postgres
        if postgres is None:
            raise RuntimeError("the fault mesh runs its own PostgreSQL")
        return postgres

    def database_dsn(self, service: str) -> str:
        """The service's database in libpq form, for asyncpg."""
        return self.stack.record.database_urls[service].replace("+asyncpg", "")

    def service_pid(self, service: str) -> int:
        """The pid of the service's uvicorn process (a child of this process)."""
        port = self.urls[service].rsplit(":", 1)[1]
        wanted = f"{app_module(service)}:create_app"
        for child in psutil.Process().children(recursive=True):
            with contextlib.suppress(psutil.Error):
                argv = child.cmdline()
                if wanted in " ".join(argv) and port in argv:
                    return int(child.pid)
        raise LookupError(f"no running process for {service}")


def outside_variables() -> list[str]:
    """Variables that would point the mesh at other infrastructure: the mesh refuses them."""
    found = [name for name in OUTSIDE if os.environ.get(name)]
    return found + [name for name in os.environ if name.endswith("_DATABASE_URL")]


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


def _broker_behind_proxy(root: Path) -> tuple[EmbeddedBroker, TcpProxy]:
    broker_port = free_port()
    proxy = TcpProxy(broker_port)
    broker = EmbeddedBroker(
        root, broker_port, root / "broker.log", die_with_parent=True, advertised_port=proxy.port
    )
    return broker, proxy


@contextlib.contextmanager
def fault_mesh(root: Path, session_timeout_ms: int = SESSION_TIMEOUT_MS) -> Iterator[FaultMesh]:
    """Proxy, broker, then the dev stack pointed at the proxy; everything stopped after."""
    broker, proxy = _broker_behind_proxy(root)
    state = StateDir(root / "stack")
    spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fault-spawner")
    proxy.start()
    broker.start()
    # Kept for the mesh's life: a service restarted later must get the same settings.
    settings = {
        "LGNET_KAFKA_BOOTSTRAP": proxy.address,
        "LGNET_CONSUMER_SESSION_TIMEOUT_MS": str(session_timeout_ms),
    }
    stack = DevStack(StackConfig(state, port_base=free_port_base(), ready_timeout=90),
                     lambda _: None)  # fmt: skip
    try:
        with _environment(settings):
            stack.start()
            tokens = MintedTokens(dev_auth_secret(state))
            yield FaultMesh(stack, tokens, broker=broker, proxy=proxy, spawner=spawner)
    finally:
        stack.stop()
        spawner.shutdown()
        broker.stop()
        proxy.stop()
