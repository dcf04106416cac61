"""``GET /health``, ``GET /ready`` and ``GET /metrics``: open to probes and scrapers, no token."""

import logging
from typing import Any, Protocol, runtime_checkable

from fastapi import APIRouter
from fastapi.responses import JSONResponse, PlainTextResponse
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from lgnet_events.schema import events
from lgnet_service.metrics import CONTENT_TYPE, MetricsRegistry
from lgnet_service.problems import PROBLEM_JSON, problem_body
from lgnet_service.readiness import check_readiness
from lgnet_service.runtime import RuntimeDep, ServiceRuntime

log = logging.getLogger(__name__)

router = APIRouter(tags=["operations"])


@runtime_checkable
class HasBacklog(Protocol):
    async def backlog(self) -> tuple[int, float]: ...


@runtime_checkable
class HasLag(Protocol):
    async def lag(self) -> dict[str, int]: ...


@router.get("/health")
async def health() -> dict[str, str]:
    """Liveness: the process answers."""
    return {"status": "ok"}


@router.get("/ready", responses={503: {"description": "not ready; the failing checks are listed"}})
async def ready(runtime: RuntimeDep) -> JSONResponse:
    """Readiness: the database answers, the broker is reachable, every worker runs."""
    readiness = await check_readiness(runtime)
    if readiness.ready:
        return JSONResponse({"status": "ready", "checks": readiness.checks})
    detail = "not ready: " + ", ".join(readiness.failing)
    body: dict[str, Any] = problem_body(503, "not-ready", detail, "/ready")
    body |= {"failing": readiness.failing, "checks": readiness.checks}
    return JSONResponse(body, status_code=503, media_type=PROBLEM_JSON)


@router.get("/metrics", response_class=PlainTextResponse)
async def metrics(runtime: RuntimeDep) -> PlainTextResponse:
    """Prometheus text: events appended, outbox backlog, consumer lag, HTTP latency."""
    await collect(runtime)
    return PlainTextResponse(runtime.metrics.render(), media_type=CONTENT_TYPE)


async def collect(runtime: ServiceRuntime) -> None:
    """Figures read at scrape time; a failing source is skipped, not fatal."""
    registry = runtime.metrics
    await _events_appended(runtime, registry)
    running = registry.gauge("lgnet_worker_running", "1 while a background worker runs")
    for worker in runtime.workers:
        running.set(1.0 if worker.status().get("running") else 0.0, worker=worker.name)
        try:
            if isinstance(worker, HasBacklog):
                await _backlog(worker, registry)
            if isinstance(worker, HasLag):
                await _lag(worker.name, worker, registry)
        except Exception as error:
            log.warning("metrics: %s figures unavailable: %s", worker.name, error)


async def _events_appended(runtime: ServiceRuntime, registry: MetricsRegistry) -> None:
    appended = registry.counter("lgnet_events_appended_total", "events in this service's store")
    try:
        async with runtime.engine.connect() as conn:
            appended.set(float(await conn.scalar(select(func.count()).select_from(events)) or 0))
    except SQLAlchemyError as error:
        log.warning("metrics: event store unavailable: %s", type(error).__name__)


async def _backlog(worker: HasBacklog, registry: MetricsRegistry) -> None:
    count, age = await worker.backlog()
    registry.gauge("lgnet_outbox_backlog_events", "events not yet published").set(count)
    registry.gauge("lgnet_outbox_oldest_age_seconds", "age of the oldest unpublished event").set(
        age
    )


async def _lag(name: str, worker: HasLag, registry: MetricsRegistry) -> None:
    gauge = registry.gauge("lgnet_consumer_lag_messages", "messages not yet handled")
    for series in [k for k in gauge.values if ("consumer", name) in k]:
        del gauge.values[series]
    for partition, lag in (await worker.lag()).items():
        gauge.set(float(lag), consumer=name, partition=partition)
