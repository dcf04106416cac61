"""``GET /metrics`` shows every figure of DESIGN 10 with real values after real traffic."""

import asyncio
import re
from collections.abc import AsyncIterator, Mapping
from datetime import date
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from lgnet_events.catalog import default_registry
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.housing import HousingUnitRegistered, UnitRefurbishmentStarted
from lgnet_events.codec import encode
from lgnet_events.consumer import EventConsumer
from lgnet_events.envelope import Envelope, EventContext
from lgnet_events.ids import uuid7
from lgnet_events.relay import OutboxRelay
from lgnet_events.store import EventStore, build_envelopes
from lgnet_events.testing.infra import Infra
from lgnet_events.topics import ensure_topics
from lgnet_service.app import create_service_app
from lgnet_service.runtime import ServiceRuntime
from lgnet_service.settings import ServiceSettings
from lgnet_service.workers import BackgroundWorker

from .conftest import Mesh
from .test_one_trace import eventually_async, referral_to_housing

pytestmark = pytest.mark.integration

Samples = dict[str, float]
_SAMPLE = re.compile(r"^(?P<series>[a-z_]+(?:\{.*\})?) (?P<value>\S+)$")


def parse(text: str) -> Samples:
    """``{'name{labels}': value}`` of a Prometheus text page."""
    found = (_SAMPLE.match(line) for line in text.splitlines() if not line.startswith("#"))
    return {m["series"]: float(m["value"]) for m in found if m}


def family(samples: Samples, name: str, **labels: str) -> dict[str, float]:
    """The series of metric *name* whose labels include *labels*."""
    wanted = [f'{k}="{v}"' for k, v in labels.items()]
    return {
        series: value
        for series, value in samples.items()
        if re.match(rf"{name}(\{{|$)", series) and all(w in series for w in wanted)
    }


async def scrape(client: httpx.AsyncClient) -> Samples:
    response = await client.get("/metrics")
    assert response.status_code == 200
    return parse(response.text)


async def test_the_services_metrics_show_the_traffic_of_a_referral(
    mesh: Mesh, spans: InMemorySpanExporter
) -> None:
    await referral_to_housing(mesh.intake)

    async def housing_handled() -> Samples | None:
        samples = await scrape(mesh.housing)
        appended = samples.get("lgnet_events_appended_total", 0)
        return samples if appended >= 1 else None

    housing = await eventually_async(housing_handled)
    intake = await scrape(mesh.intake)
    route = "/cases/{case_id}/referrals"
    assert family(intake, "lgnet_http_request_duration_seconds_count", route=route, status="201")
    assert intake["lgnet_events_appended_total"] >= 3
    assert "lgnet_outbox_backlog_events" in intake
    assert "lgnet_outbox_oldest_age_seconds" in intake
    consumer = {"consumer": "housing-reactions"}
    assert len(family(housing, "lgnet_consumer_lag_messages", **consumer)) == 6
    assert len(family(housing, "lgnet_consumer_oldest_unprocessed_age_seconds", **consumer)) == 6
    dlq = f"{mesh.namespace}.housing.dlq"
    assert family(housing, "lgnet_dlq_messages", topic=dlq) == {
        f'lgnet_dlq_messages{{consumer="housing-reactions",topic="{dlq}"}}': 0.0
    }
    assert family(housing, "lgnet_consumer_dead_lettered_total", **consumer)


class Held:
    """A handler that stops at the first event until released: the rest queue up behind."""

    def __init__(self) -> None:
        self.entered, self.release = asyncio.Event(), asyncio.Event()

    async def __call__(self, conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
        self.entered.set()
        await self.release.wait()


class RebuildInProgress:
    """A long job half done, as a rebuild reports it through the kit's progress hook."""

    name = "rebuilds"

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    def status(self) -> dict[str, Any]:
        return {"running": True}

    def progress(self) -> Mapping[str, tuple[int, int]]:
        return {"job-1": (1_250, 5_000)}


def unit_envelopes() -> list[Envelope]:
    unit_id = uuid7()
    events: list[DomainEvent] = [
        HousingUnitRegistered(unit_id=unit_id, kind="shelter", beds=4, name="Casa", address="1"),
        UnitRefurbishmentStarted(unit_id=unit_id, date=date(2026, 3, 1)),
    ]
    return build_envelopes(events, EventContext(actor="op", municipality="bologna"), 0)


async def publish_to_partition_zero(bootstrap: str, topic: str, envelopes: list[Envelope]) -> None:
    """A record no consumer can decode, then *envelopes*, all on partition 0 in that order."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(topic, b"not an envelope", partition=0)
        for envelope in envelopes:
            record = encode(envelope)
            await producer.send_and_wait(
                topic, record.value, key=record.key, headers=record.headers, partition=0
            )
    finally:
        await producer.stop()


@pytest.fixture
async def stuck(
    engine: AsyncEngine, database_url: str, infra: Infra, namespace: str
) -> AsyncIterator[tuple[httpx.AsyncClient, Held]]:
    """A service whose relay cannot reach its broker and whose consumer is held mid-batch."""
    async with engine.begin() as conn:
        await EventStore().append(conn, unit_envelopes(), 0)
    topic, held = f"{namespace}.housing.events", Held()
    await ensure_topics(infra.bootstrap, [topic])
    await publish_to_partition_zero(infra.bootstrap, topic, unit_envelopes())

    def workers(runtime: ServiceRuntime) -> list[BackgroundWorker]:
        relay = OutboxRelay(runtime.engine, "127.0.0.1:9", f"{namespace}.probe.events")
        consumer = EventConsumer(
            name="probe-reactions",
            engine=runtime.engine,
            bootstrap=infra.bootstrap,
            group_id=f"{namespace}.probe",
            topics=[topic],
            registry=default_registry(),
            handlers={"*": [held]},
            session_timeout_ms=2000,
        )
        return [relay, consumer, RebuildInProgress()]

    settings = ServiceSettings(service="probe", database_url=database_url)
    app = create_service_app("probe", settings, workers=workers)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://probe") as client:
            yield client, held
            held.release.set()


async def test_a_stuck_pipeline_shows_its_backlog_lag_ages_dead_letters_and_rebuild_progress(
    stuck: tuple[httpx.AsyncClient, Held], namespace: str
) -> None:
    client, held = stuck
    await asyncio.wait_for(held.entered.wait(), 30)
    await asyncio.sleep(0.3)
    assert (await client.get("/health")).status_code == 200
    samples = await scrape(client)
    assert samples["lgnet_events_appended_total"] == 2
    assert samples["lgnet_outbox_backlog_events"] == 2
    assert samples["lgnet_outbox_oldest_age_seconds"] > 0
    partition = {"consumer": "probe-reactions", "partition": f"{namespace}.housing.events:0"}
    assert family(samples, "lgnet_consumer_lag_messages", **partition).popitem()[1] == 3
    age = family(samples, "lgnet_consumer_oldest_unprocessed_age_seconds", **partition)
    assert 0 < age.popitem()[1] < 60
    dlq = {"consumer": "probe-reactions", "topic": f"{namespace}.probe.dlq"}
    assert family(samples, "lgnet_dlq_messages", **dlq).popitem()[1] == 1
    dead = family(samples, "lgnet_consumer_dead_lettered_total", consumer="probe-reactions")
    assert dead.popitem()[1] == 1
    job = {"worker": "rebuilds", "job": "job-1"}
    assert family(samples, "lgnet_rebuild_done_events", **job).popitem()[1] == 1_250
    assert family(samples, "lgnet_rebuild_total_events", **job).popitem()[1] == 5_000
    assert family(samples, "lgnet_rebuild_progress_ratio", **job).popitem()[1] == 0.25
    health = family(samples, "lgnet_http_request_duration_seconds_count", route="/health")
    assert health.popitem()[1] == 1
