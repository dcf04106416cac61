"""DevStack: the whole platform on one machine, started in order and stopped in reverse.

PostgreSQL (data kept in the state folder) -> Tansu broker (memory only) -> databases ->
topics -> migrations -> one process per service. Each server runs in its own process group
and dies with the stack, so neither Ctrl-C, SIGTERM nor a crash of the stack leaves orphans.
"""

import asyncio
import contextlib
import os
import signal
from collections.abc import Callable
from dataclasses import dataclass, field

from lgnet_devstack.broker import EmbeddedBroker
from lgnet_devstack.credentials import (
    AUTH_SECRET_VARIABLE,
    DEV_AUDIENCE,
    DEV_ISSUER,
    MASTER_KEY_VARIABLE,
    dev_auth_secret,
    dev_master_key,
)
from lgnet_devstack.environment import (
    BOOTSTRAP_VARIABLE,
    DEFAULT_NAMESPACE,
    NAMESPACE_VARIABLE,
    database_url_variable,
    external_bootstrap,
    external_database_url,
)
from lgnet_devstack.migrations import migrate
from lgnet_devstack.ports import port_is_free
from lgnet_devstack.postgres import EmbeddedPostgres
from lgnet_devstack.process import ManagedProcess
from lgnet_devstack.readiness import wait_until_ready
from lgnet_devstack.record import StackRecord
from lgnet_devstack.services import (
    DEFAULT_PORT_BASE,
    has_app,
    service_argv,
    service_port,
)
from lgnet_devstack.signals import StopFlag
from lgnet_devstack.state import StateDir
from lgnet_events.topics import SERVICES, all_topics, ensure_topics

Say = Callable[[str], None]


class StackError(RuntimeError):
    """The stack cannot start; the message says why and what to do."""


@dataclass(frozen=True)
class StackConfig:
    state: StateDir
    port_base: int = DEFAULT_PORT_BASE
    postgres_port: int | None = None
    kafka_port: int | None = None
    services: tuple[str, ...] = SERVICES
    start_services: bool = True
    run_migrations: bool = True
    namespace: str = DEFAULT_NAMESPACE
    ready_timeout: float = 60.0


@dataclass
class _Started:
    name: str
    process: ManagedProcess
    stop: Callable[[], None]


@dataclass
class DevStack:
    config: StackConfig
    say: Say
    stop_flag: StopFlag = field(default_factory=StopFlag)
    record: StackRecord = field(init=False)
    postgres: EmbeddedPostgres | None = field(default=None, init=False)
    _started: list[_Started] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self.record = StackRecord(pid=os.getpid(), bootstrap="", namespace=self.config.namespace)

    def start(self) -> None:
        """Bring everything up; raises ``StopRequested`` if a signal came in between steps."""
        self._refuse_second_stack()
        steps = [
            self._start_postgres,
            self._start_broker,
            self._create_databases,
            self._create_topics,
            self._migrate,
            self._start_services,
        ]
        for step in steps:
            self.stop_flag.raise_if_set()
            step()
        self.record.write(self.config.state.record_file)

    def wait(self) -> str | None:
        """Block until a stop is requested (None) or a started process exits (its name)."""
        while not self.stop_flag.event.wait(0.5):
            for started in self._started:
                if not started.process.running():
                    return started.name
        return None

    def stop(self) -> None:
        """Stop in reverse order, then SIGKILL whatever is left in the process groups."""
        groups: list[int] = []
        for started in reversed(self._started):
            if started.process.pid is not None:
                groups.append(started.process.pid)
            try:
                started.stop()
            except Exception as error:
                self.say(f"{started.name}: {error}")
            self.say(f"stopped {started.name}")
        self._started.clear()
        kill_process_groups(groups)
        running = StackRecord.read(self.config.state.record_file)
        if running is None or running.pid == self.record.pid:
            self.config.state.record_file.unlink(missing_ok=True)

    def kill_service(self, service: str) -> None:
        """SIGKILL one service process, as a crash would (fault-injection tests)."""
        self._started_named(service).process.kill()

    def restart_service(self, service: str) -> None:
        """Start a stopped or killed service again on its port, then wait for its /ready."""
        process = self._started_named(service).process
        process.stop(signal.SIGTERM, timeout=15)
        url = self.record.service_urls[service]
        port = int(url.rsplit(":", 1)[1])
        process.spawn(service_argv(service, port), env=self._service_env(service),
                      die_with_parent=True)  # fmt: skip
        wait_until_ready(service, url, process, self.config.ready_timeout)

    def process_of(self, name: str) -> ManagedProcess:
        """The process this stack started as *name* (a service, ``postgres``, ``broker``)."""
        return self._started_named(name).process

    def _started_named(self, name: str) -> _Started:
        for started in self._started:
            if started.name == name:
                return started
        raise StackError(f"{name} was not started by this stack")

    def _refuse_second_stack(self) -> None:
        running = StackRecord.read(self.config.state.record_file)
        if running is not None and running.pid != os.getpid():
            raise StackError(
                f"a dev stack already runs from {self.config.state.root} (pid {running.pid}):"
                " stop it first, or set LGNET_STATE_DIR to another folder"
            )

    def _track(self, name: str, process: ManagedProcess, stop: Callable[[], None]) -> None:
        self._started.append(_Started(name, process, stop))
        self.record.logs[name] = str(process.log_path)

    def _start_postgres(self) -> None:
        external = {s: external_database_url(s) for s in SERVICES}
        if all(external.values()):
            self.say("PostgreSQL: external for every service (LGNET_<SERVICE>_DATABASE_URL)")
        else:
            state = self.config.state
            postgres = EmbeddedPostgres(
                state.postgres_data,
                self.config.postgres_port,
                state.log("postgres"),
                die_with_parent=True,
            )
            self.say(f"starting PostgreSQL on 127.0.0.1:{postgres.port} ({state.postgres_data})")
            self._track("postgres", postgres.process, postgres.stop)
            postgres.start()
            self.postgres = postgres
        for service, url in external.items():
            self.record.database_urls[service] = url or self._embedded_url(service)

    def _embedded_url(self, service: str) -> str:
        assert self.postgres is not None  # noqa: S101 - started above when any is embedded
        return self.postgres.dsn(service)

    def _start_broker(self) -> None:
        bootstrap = external_bootstrap()
        if bootstrap is None:
            state = self.config.state
            broker = EmbeddedBroker(
                state.root, self.config.kafka_port, state.log("broker"), die_with_parent=True
            )
            self.say(f"starting the Tansu broker on {broker.bootstrap} (topics kept in memory)")
            self._track("broker", broker.process, broker.stop)
            broker.start()
            bootstrap = broker.bootstrap
        else:
            self.say(f"Kafka: external at {bootstrap} (LGNET_KAFKA_BOOTSTRAP)")
        self.record.bootstrap = bootstrap

    def _create_databases(self) -> None:
        if self.postgres is None:
            return
        embedded = [s for s in SERVICES if not external_database_url(s)]
        for service in embedded:
            self.postgres.create_database(service)
        self.say(f"databases ready: {', '.join(embedded)}")

    def _create_topics(self) -> None:
        topics = all_topics(self.config.namespace)
        created = asyncio.run(asyncio.wait_for(ensure_topics(self.record.bootstrap, topics), 60))
        self.say(f"topics ready: {len(topics)} ({len(created)} created, 6 partitions each)")

    def _migrate(self) -> None:
        if not self.config.run_migrations:
            self.say("migrations skipped (--no-migrate)")
            return
        for service in self.config.services:
            self.stop_flag.raise_if_set()
            migrate(service, self.record.database_urls[service], self.say)

    def _start_services(self) -> None:
        if not self.config.start_services:
            self.say("services not started (--no-services)")
            return
        waiting: list[tuple[str, ManagedProcess]] = []
        for service in self.config.services:
            if not has_app(service):
                self.say(f"{service}: no {service}.api.app module yet, not started")
                continue
            waiting.append((service, self._spawn_service(service)))
        for service, process in waiting:
            wait_until_ready(
                service,
                self.record.service_urls[service],
                process,
                self.config.ready_timeout,
                interrupted=self.stop_flag.event.is_set,
            )
            self.stop_flag.raise_if_set()
            self.say(f"{service}: ready at {self.record.service_urls[service]}")

    def _spawn_service(self, service: str) -> ManagedProcess:
        port = service_port(service, self.config.port_base)
        if not port_is_free(port):
            raise StackError(f"port {port} for {service} is taken: choose another --port-base")
        process = ManagedProcess(service, self.config.state.log(service))
        self._track(service, process, lambda: process.stop(signal.SIGTERM, timeout=15))
        process.spawn(service_argv(service, port), env=self._service_env(service),
                      die_with_parent=True)  # fmt: skip
        self.record.service_urls[service] = f"http://127.0.0.1:{port}"
        return process

    def _service_env(self, service: str) -> dict[str, str]:
        state = self.config.state
        return {
            database_url_variable(service): self.record.database_urls[service],
            BOOTSTRAP_VARIABLE: self.record.bootstrap,
            NAMESPACE_VARIABLE: self.config.namespace,
            AUTH_SECRET_VARIABLE: dev_auth_secret(state),
            MASTER_KEY_VARIABLE: dev_master_key(state),
            "LGNET_AUTH_ISSUER": DEV_ISSUER,
            "LGNET_AUTH_AUDIENCE": DEV_AUDIENCE,
            "PYTHONUNBUFFERED": "1",
        }


def kill_process_groups(groups: list[int]) -> None:
    """SIGKILL stragglers: a group outlives its leader while any member is still alive."""
    for group in groups:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(group, signal.SIGKILL)
