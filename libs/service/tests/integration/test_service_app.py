from typing import Any

import pytest
from fastapi import APIRouter
from sqlalchemy.ext.asyncio import AsyncEngine

from lgnet_events.relay import OutboxRelay
from lgnet_events.testing.infra import Infra
from lgnet_service.app import create_service_app
from lgnet_service.runtime import EngineDep, ServiceRuntime
from lgnet_service.settings import ServiceSettings
from lgnet_service.workers import BackgroundWorker

from ..conftest import Serve

pytestmark = pytest.mark.integration


class FakeWorker:
    """Stands in for a consumer: records its lifecycle, reports what the test sets."""

    def __init__(self, name: str = "fake-consumer") -> None:
        self.name = name
        self.calls: list[str] = []
        self.running = False

    async def start(self) -> None:
        self.calls.append("start")
        self.running = True

    async def stop(self) -> None:
        self.calls.append("stop")
        self.running = False

    def status(self) -> dict[str, Any]:
        return {"running": self.running, "connected": self.running, "handled": 3}

    async def lag(self) -> dict[str, int]:
        return {"lgnet.intake.events:0": 4}


def settings_for(database_url: str) -> ServiceSettings:
    return ServiceSettings(service="intake", database_url=database_url)


async def test_the_lifespan_starts_the_workers_and_stops_them_at_shutdown(
    database_url: str, serve: Serve
) -> None:
    worker = FakeWorker()
    app = create_service_app("intake", settings_for(database_url), workers=lambda _: [worker])
    async with serve(app):
        assert worker.calls == ["start"]
    assert worker.calls == ["start", "stop"]


async def test_a_worker_that_cannot_start_stops_the_ones_already_started(
    database_url: str, serve: Serve
) -> None:
    first, broken = FakeWorker("first"), FakeWorker("broken")

    async def refuse() -> None:
        raise OSError("no broker")

    broken.start = refuse  # type: ignore[method-assign]
    app = create_service_app(
        "intake", settings_for(database_url), workers=lambda _: [first, broken]
    )
    with pytest.raises(OSError, match="no broker"):
        async with serve(app):
            pass
    assert first.calls == ["start", "stop"]


async def test_health_answers_ok_without_looking_at_anything(
    database_url: str, serve: Serve
) -> None:
    async with serve(create_service_app("intake", settings_for(database_url))) as client:
        response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_ready_when_the_database_answers_and_every_worker_runs(
    database_url: str, serve: Serve
) -> None:
    app = create_service_app("intake", settings_for(database_url), workers=lambda _: [FakeWorker()])
    async with serve(app) as client:
        response = await client.get("/ready")
    assert response.status_code == 200
    checks = response.json()["checks"]
    assert checks["database"] == {"ok": True}
    assert checks["broker"]["ok"]
    assert checks["fake-consumer"]["ok"]


async def test_not_ready_when_a_worker_is_not_running_says_which(
    database_url: str, serve: Serve
) -> None:
    worker = FakeWorker()
    app = create_service_app("intake", settings_for(database_url), workers=lambda _: [worker])
    async with serve(app) as client:
        worker.running = False
        response = await client.get("/ready")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["failing"] == ["broker", "fake-consumer"]
    assert body["checks"]["fake-consumer"]["running"] is False


async def test_not_ready_when_the_database_does_not_answer(
    infra: Infra, unique_name: str, serve: Serve
) -> None:
    missing = infra.database_url(unique_name + "_missing")
    async with serve(create_service_app("intake", settings_for(missing))) as client:
        response = await client.get("/ready")
    assert response.status_code == 503
    assert response.json()["failing"] == ["database"]


async def test_metrics_show_events_backlog_lag_and_http_latency(
    engine: AsyncEngine, database_url: str, infra: Infra, namespace: str, serve: Serve
) -> None:
    def workers(runtime: ServiceRuntime) -> list[BackgroundWorker]:
        relay = OutboxRelay(runtime.engine, infra.bootstrap, f"{namespace}.intake.events")
        return [relay, FakeWorker()]

    app = create_service_app("intake", settings_for(database_url), workers=workers)
    async with serve(app) as client:
        await client.get("/health")
        await client.get("/nowhere")
        response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
    lines = response.text.splitlines()
    assert "# TYPE lgnet_events_appended_total counter" in lines
    assert "lgnet_events_appended_total 0.0" in lines
    assert "lgnet_outbox_backlog_events 0.0" in lines
    lag = 'lgnet_consumer_lag_messages{consumer="fake-consumer",partition="lgnet.intake.events:0"}'
    assert f"{lag} 4.0" in lines
    assert 'lgnet_worker_running{worker="outbox-relay"} 1.0' in lines
    assert (
        'lgnet_http_request_duration_seconds_count{method="GET",route="/health",status="200"} 1.0'
        in lines
    )
    assert (
        'lgnet_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"} 1.0'
        in lines
    )


async def test_routes_reach_the_engine_through_the_dependency_and_openapi_is_served(
    database_url: str, serve: Serve
) -> None:
    router = APIRouter()

    @router.get("/engine")
    async def engine_name(engine: EngineDep) -> dict[str, str]:
        return {"dialect": engine.dialect.name}

    app = create_service_app("intake", settings_for(database_url), routers=[router])
    async with serve(app) as client:
        assert (await client.get("/engine")).json() == {"dialect": "postgresql"}
        spec = (await client.get("/openapi.json")).json()
        assert {"/health", "/ready", "/metrics", "/engine"} <= spec["paths"].keys()
        assert (await client.get("/docs")).status_code == 200
