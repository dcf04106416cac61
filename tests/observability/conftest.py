"""Intake, housing and reporting in this process, each on its own database, over the real broker.

Their spans go to an in-memory exporter added to the process's tracer provider (the one the
service kit installs), so a test can follow one trace across the three services.
"""

from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from housing.api.app import create_app as create_housing
from housing.migrations import SCRIPT_LOCATION as HOUSING_MIGRATIONS
from housing.settings import HousingSettings
from intake.api.app import create_app as create_intake
from intake.migrations import SCRIPT_LOCATION as INTAKE_MIGRATIONS
from intake.settings import IntakeSettings
from lgnet_events.testing.infra import Infra
from lgnet_privacy import MasterKey
from lgnet_service.auth import Role, mint_dev_token
from lgnet_service.migrations import upgrade_database
from lgnet_service.telemetry import install_tracer_provider
from reporting.api.app import create_app as create_reporting
from reporting.migrations import SCRIPT_LOCATION as REPORTING_MIGRATIONS
from reporting.settings import ReportingSettings

pytestmark = pytest.mark.integration

SECRET = "observability-tests-secret-of-at-least-32-bytes"


class Recording(SimpleSpanProcessor):
    """Exports only while a test of this folder runs: the processor stays on the process's
    provider for the rest of the session (a provider's processors cannot be removed)."""

    on = False

    def on_end(self, span: ReadableSpan) -> None:
        if self.on:
            super().on_end(span)


_EXPORTER = InMemorySpanExporter()
_RECORDING = Recording(_EXPORTER)
_ATTACHED: list[bool] = []


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    """Every span finished during the test, by any of the in-process services."""
    if not _ATTACHED:
        install_tracer_provider("tests").add_span_processor(_RECORDING)
        _ATTACHED.append(True)
    _EXPORTER.clear()
    _RECORDING.on = True
    yield _EXPORTER
    _RECORDING.on = False
    _EXPORTER.clear()


def auth(role: Role, sub: str = "op-1") -> dict[str, str]:
    return {"Authorization": f"Bearer {mint_dev_token(SECRET, sub, [role], ['bologna'])}"}


@dataclass
class Mesh:
    intake: httpx.AsyncClient
    housing: httpx.AsyncClient
    reporting: httpx.AsyncClient
    namespace: str


async def _database(infra: Infra, name: str, migrations: Path) -> str:
    url = await infra.create_database(name)
    upgrade_database(url, migrations)
    return url


async def _serve(stack: AsyncExitStack, app: FastAPI, name: str) -> httpx.AsyncClient:
    await stack.enter_async_context(app.router.lifespan_context(app))
    transport = httpx.ASGITransport(app=app)
    client = httpx.AsyncClient(transport=transport, base_url=f"http://{name}")
    return await stack.enter_async_context(client)


@pytest.fixture
async def mesh(
    spans: InMemorySpanExporter, infra: Infra, namespace: str, unique_name: str
) -> AsyncIterator[Mesh]:
    common: dict[str, Any] = {
        "kafka_bootstrap": infra.bootstrap,
        "topic_namespace": namespace,
        "auth_hs256_secret": SECRET,
        "consumer_session_timeout_ms": 2000,
    }
    intake = IntakeSettings(
        database_url=await _database(infra, unique_name + "_in", INTAKE_MIGRATIONS),
        master_key=MasterKey.generate().as_text(),
        **common,
    )
    housing = HousingSettings(
        database_url=await _database(infra, unique_name + "_ho", HOUSING_MIGRATIONS), **common
    )
    reporting = ReportingSettings(
        database_url=await _database(infra, unique_name + "_re", REPORTING_MIGRATIONS), **common
    )
    async with AsyncExitStack() as stack:
        yield Mesh(
            await _serve(stack, create_intake(intake), "intake"),
            await _serve(stack, create_housing(housing), "housing"),
            await _serve(stack, create_reporting(reporting), "reporting"),
            namespace,
        )
