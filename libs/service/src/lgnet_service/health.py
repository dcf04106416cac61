"""``GET /health``, ``GET /ready`` and ``GET /metrics``: open to probes and scrapers, no token."""

import logging
from collections.abc import Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from fastapi import APIRouter
from fastapi.responses import JSONResponse, PlainTextResponse
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from lgnet_events.schema import events
from lgnet_events.topics import dlq_topic
from lgnet_service.group_backlog import group_backlog
from lgnet_service.metrics import CONTENT_TYPE, MetricsRegistry
from lgnet_service.problems import PROBLEM_JSON, problem_body
from lgnet_service.readiness import check_readiness
from lgnet_service.runtime import RuntimeDep, ServiceRuntime
from lgnet_service.workers import BackgroundWorker

log = logging.getLogger(__name__)

router = APIRouter(tags=["operations"])

LAG_HELP = "records not yet processed, per topic:partition"


@runtime_checkable
class HasBacklog(Protocol):
    async def backlog(self) -> tuple[int, float]: ...


@runtime_checkable
class HasLag(Protocol):
    async def lag(self) -> dict[str, int]: ...


@runtime_checkable
class GroupMember(Protocol):
    """A consumer-group member (``EventConsumer``): its group's backlog is read from Kafka."""

    name: str
    bootstrap: str
    group_id: str
    topics: Sequence[str]


@runtime_checkable
class HasProgress(Protocol):
    """A worker running long jobs (a rebuild): ``{job: (done, total)}`` for each running one."""

    def progress(self) -> Mapping[str, tuple[int, int]]: ...


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
        status = worker.status()
        running.set(1.0 if status.get("running") else 0.0, worker=worker.name)
        try:
            await _worker_figures(worker, status, registry)
        except Exception as error:
            log.warning("metrics: %s figures unavailable: %s", worker.name, error)


async def _worker_figures(
    worker: BackgroundWorker, status: Mapping[str, Any], registry: MetricsRegistry
) -> None:
    if isinstance(worker, HasBacklog):
        await _backlog(worker, registry)
    if isinstance(worker, GroupMember):
        await _group(worker, registry)
    elif isinstance(worker, HasLag):
        await _lag(worker.name, worker, registry)
    if "dead_lettered" in status:
        registry.counter(
            "lgnet_consumer_dead_lettered_total",
            "records this member sent to the dead-letter topic",
        ).set(float(status["dead_lettered"]), consumer=worker.name)
    if isinstance(worker, HasProgress):
        _progress(worker.name, worker, registry)


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
    gauge = registry.gauge("lgnet_consumer_lag_messages", LAG_HELP)
    for series in [k for k in gauge.values if ("consumer", name) in k]:
        del gauge.values[series]
    for partition, lag in (await worker.lag()).items():
        gauge.set(float(lag), consumer=name, partition=partition)


async def _group(worker: GroupMember, registry: MetricsRegistry) -> None:
    """Lag and oldest age per partition past the group's committed offsets, and its DLQ size."""
    dlq = dlq_topic(worker.group_id)
    backlog = await group_backlog(worker.bootstrap, worker.group_id, worker.topics, dlq)
    lag = registry.gauge("lgnet_consumer_lag_messages", LAG_HELP)
    age = registry.gauge(
        "lgnet_consumer_oldest_unprocessed_age_seconds",
        "seconds since the oldest record the group has not processed was published",
    )
    for gauge in (lag, age):
        for series in [k for k in gauge.values if ("consumer", worker.name) in k]:
            del gauge.values[series]
    for partition, behind in backlog.lag.items():
        labels = {"consumer": worker.name, "partition": partition}
        lag.set(float(behind), **labels)
        age.set(backlog.oldest_age.get(partition, 0.0), **labels)
    registry.gauge("lgnet_dlq_messages", "records in the consumer group's dead-letter topic").set(
        float(backlog.dead_letters), consumer=worker.name, topic=dlq
    )


def _progress(name: str, worker: HasProgress, registry: MetricsRegistry) -> None:
    done = registry.gauge("lgnet_rebuild_done_events", "events replayed so far by a running job")
    total = registry.gauge("lgnet_rebuild_total_events", "events a running job has to replay")
    ratio = registry.gauge("lgnet_rebuild_progress_ratio", "share of a running job done (0..1)")
    for gauge in (done, total, ratio):
        for series in [k for k in gauge.values if ("worker", name) in k]:
            del gauge.values[series]
    for job, (finished, planned) in worker.progress().items():
        labels = {"worker": name, "job": job}
        done.set(float(finished), **labels)
        total.set(float(planned), **labels)
        ratio.set(finished / planned if planned else 0.0, **labels)
