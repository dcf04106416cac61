import asyncio
import gc
import json
from collections.abc import AsyncIterator, Callable
from typing import Any, ClassVar

import pytest
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from sqlalchemy import Column, Integer, MetaData, String, Table, func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from lgnet_events.catalog import default_registry
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.codec import encode
from lgnet_events.consumer import EventConsumer, Handlers
from lgnet_events.envelope import Envelope
from lgnet_events.fetch_pace import FETCH_MAX_WAIT_MS, IDLE_FETCH_MAX_WAIT_MS, FetchPace
from lgnet_events.publisher import KafkaPublisher
from lgnet_events.registry import EventRegistry
from lgnet_events.testing.infra import Infra
from lgnet_events.testing.kafka import read_topic
from lgnet_events.topics import dlq_topic, ensure_topics

from .conftest import new_unit_envelopes

effects_metadata = MetaData()
effects = Table(
    "test_effects",
    effects_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String, nullable=False),
    Column("note", String, nullable=False),
)


async def record_effect(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
    await conn.execute(
        effects.insert().values(event_id=str(envelope.event_id), note=type(event).__name__)
    )


@pytest.fixture
async def topic(engine: AsyncEngine, infra: Infra, namespace: str) -> str:
    async with engine.begin() as conn:
        await conn.run_sync(effects_metadata.create_all)
    name = f"{namespace}.housing.events"
    await ensure_topics(infra.bootstrap, [name])
    return name


@pytest.fixture
async def publisher(infra: Infra) -> AsyncIterator[KafkaPublisher]:
    publisher = KafkaPublisher(infra.bootstrap)
    await publisher.start()
    yield publisher
    await publisher.stop()


def consumer_for(
    engine: AsyncEngine,
    infra: Infra,
    topic: str,
    handlers: Handlers,
    registry: EventRegistry | None = None,
) -> EventConsumer:
    return EventConsumer(
        name="test-consumer",
        engine=engine,
        bootstrap=infra.bootstrap,
        group_id=f"{topic}.group",
        topics=[topic],
        registry=registry or default_registry(),
        handlers=handlers,
        retry_delay=0.01,
        session_timeout_ms=2000,
    )


async def run_until(consumer: EventConsumer, done: Callable[[], bool], timeout: float = 20) -> None:
    await consumer.start()
    try:
        async with asyncio.timeout(timeout):
            while not done():
                await asyncio.sleep(0.05)
    finally:
        await consumer.stop()


async def effect_rows(engine: AsyncEngine) -> list[tuple[str, str]]:
    async with engine.connect() as conn:
        rows = await conn.execute(select(effects.c.event_id, effects.c.note).order_by(effects.c.id))
    return [(r.event_id, r.note) for r in rows]


async def test_a_duplicate_delivery_changes_nothing(
    engine: AsyncEngine, infra: Infra, topic: str, publisher: KafkaPublisher
) -> None:
    [envelope] = new_unit_envelopes(1)
    await publisher.publish(topic, [envelope, envelope])
    consumer = consumer_for(
        engine, infra, topic, {"housing.HousingUnitRegistered": [record_effect]}
    )
    await run_until(consumer, lambda: consumer.handled + consumer.duplicates == 2)
    assert await effect_rows(engine) == [(str(envelope.event_id), "HousingUnitRegistered")]
    assert (consumer.handled, consumer.duplicates) == (1, 1)


async def test_a_redelivery_after_a_restart_of_the_group_changes_nothing(
    engine: AsyncEngine, infra: Infra, topic: str, publisher: KafkaPublisher
) -> None:
    envelopes = new_unit_envelopes(3)
    await publisher.publish(topic, envelopes)
    handlers: Handlers = {"*": [record_effect]}
    first = consumer_for(engine, infra, topic, handlers)
    await run_until(first, lambda: first.handled == 3)
    # A member that never committed (another group name) reads everything again,
    # but the inbox belongs to the database: the effects are not applied twice.
    again = EventConsumer(
        name="test-consumer",
        engine=engine,
        bootstrap=infra.bootstrap,
        group_id=f"{topic}.other",
        topics=[topic],
        registry=default_registry(),
        handlers=handlers,
        session_timeout_ms=2000,
    )
    await run_until(again, lambda: again.duplicates == 3)
    assert len(await effect_rows(engine)) == 3


async def test_a_poison_event_goes_to_the_dead_letter_topic_and_the_next_one_is_handled(
    engine: AsyncEngine, infra: Infra, topic: str, publisher: KafkaPublisher
) -> None:
    [good] = new_unit_envelopes(1)
    [invalid] = new_unit_envelopes(1)
    invalid = invalid.model_copy(update={"data": {**invalid.data, "beds": "many"}})
    key = str(good.stream_id).encode()  # same partition: the poison sits before the good one
    await publisher.send_raw(topic, b"\x00not json", key, [])
    await publisher.send_raw(topic, invalid.model_dump_json().encode(), key, [])
    await publisher.publish(topic, [good])
    consumer = consumer_for(engine, infra, topic, {"*": [record_effect]})
    await run_until(consumer, lambda: consumer.handled == 1 and consumer.dead_lettered == 2)
    assert await effect_rows(engine) == [(str(good.event_id), "HousingUnitRegistered")]
    dead = await read_topic(infra.bootstrap, dlq_topic(f"{topic}.group"), at_least=2)
    reasons = [dict(r.headers)["dlq.reason"].decode() for r in dead]
    assert "not a valid event envelope" in reasons[0]
    assert "beds" in reasons[1]
    assert dead[0].value == b"\x00not json"
    assert {dict(r.headers)["dlq.topic"].decode() for r in dead} == {topic}


async def test_an_event_whose_handler_keeps_failing_is_dead_lettered_and_the_rest_flows(
    engine: AsyncEngine, infra: Infra, topic: str, publisher: KafkaPublisher
) -> None:
    bad, good = new_unit_envelopes(1), new_unit_envelopes(1)
    attempts: list[str] = []

    async def fragile(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
        await record_effect(conn, envelope, event)
        if envelope.event_id == bad[0].event_id:
            attempts.append("failed")
            raise ValueError("this beneficiary cannot be placed")

    await publisher.publish(topic, [*bad, *good])
    consumer = consumer_for(engine, infra, topic, {"*": [fragile]})
    await run_until(consumer, lambda: consumer.handled == 1 and consumer.dead_lettered == 1)
    assert await effect_rows(engine) == [(str(good[0].event_id), "HousingUnitRegistered")]
    # max_attempts on its own, plus one in its partition's batch when fetched with others
    assert consumer.max_attempts <= len(attempts) <= consumer.max_attempts + 1
    [dead] = await read_topic(infra.bootstrap, dlq_topic(f"{topic}.group"), at_least=1)
    assert (
        "ValueError: this beneficiary cannot be placed" in dict(dead.headers)["dlq.reason"].decode()
    )
    assert json.loads(dead.value)["event_id"] == str(bad[0].event_id)


class BedsCountedV1(DomainEvent):
    event_type: ClassVar[str] = "housing.BedsCounted"
    schema_version: ClassVar[int] = 1
    stream_type: ClassVar[str] = "unit"
    stream_key: ClassVar[str] = "unit_id"
    unit_id: str
    beds: int


class BedsCountedV2(DomainEvent):
    """Version 2 splits the count: the beds usable now and those out of service."""

    event_type: ClassVar[str] = "housing.BedsCounted"
    schema_version: ClassVar[int] = 2
    stream_type: ClassVar[str] = "unit"
    stream_key: ClassVar[str] = "unit_id"
    unit_id: str
    usable_beds: int
    beds_out_of_service: int


def beds_counted_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    return {"unit_id": data["unit_id"], "usable_beds": data["beds"], "beds_out_of_service": 0}


async def test_an_event_of_schema_version_1_is_upcast_and_handled_as_version_2(
    engine: AsyncEngine, infra: Infra, topic: str, publisher: KafkaPublisher
) -> None:
    [template] = new_unit_envelopes(1)
    old = template.model_copy(
        update={
            "event_type": "housing.BedsCounted",
            "schema_version": 1,
            "data": BedsCountedV1(unit_id=str(template.stream_id), beds=5).model_dump(mode="json"),
        }
    )
    registry = EventRegistry([BedsCountedV2])
    registry.register_upcaster("housing.BedsCounted", 1, beds_counted_v1_to_v2)
    seen: list[DomainEvent] = []

    async def handle(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
        seen.append(event)
        await record_effect(conn, envelope, event)

    await publisher.publish(topic, [old])
    consumer = consumer_for(engine, infra, topic, {"housing.BedsCounted": [handle]}, registry)
    await run_until(consumer, lambda: consumer.handled == 1)
    assert seen == [
        BedsCountedV2(unit_id=str(template.stream_id), usable_beds=5, beds_out_of_service=0)
    ]
    async with engine.connect() as conn:
        assert await conn.scalar(select(func.count()).select_from(effects)) == 1


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.2, 0.5])
async def test_a_consumer_stopped_while_it_connects_leaves_nothing_open(
    engine: AsyncEngine, infra: Infra, topic: str, delay: float
) -> None:
    consumer = consumer_for(engine, infra, topic, {"*": [record_effect]})
    await consumer.start()
    await asyncio.sleep(delay)
    await consumer.stop()
    gc.collect()  # an unclosed client would raise ResourceWarning here (warnings are errors)
    assert not consumer.status()["running"]
    assert not consumer.status()["connected"]


async def commit_for_group(infra: Infra, group: str, topic: str, offset: int) -> None:
    """Commit *offset* on every partition of *topic* for *group*, as a member would."""
    committer = AIOKafkaConsumer(
        bootstrap_servers=infra.bootstrap, group_id=group, enable_auto_commit=False
    )
    await committer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in committer.partitions_for_topic(topic) or ()]
        committer.assign(partitions)
        await committer.commit(dict.fromkeys(partitions, offset))
    finally:
        await committer.stop()


async def test_a_group_offset_past_the_end_of_a_lost_log_is_read_again_from_the_start(
    engine: AsyncEngine, infra: Infra, topic: str, publisher: KafkaPublisher
) -> None:
    """After the broker restarts empty, an offset committed from before can land on it; Tansu
    answers a fetch past the end with nothing (no OFFSET_OUT_OF_RANGE), so the member would
    wait there, and the events republished below it would never be read."""
    envelopes = new_unit_envelopes(3)
    await publisher.publish(topic, envelopes)
    await commit_for_group(infra, f"{topic}.group", topic, offset=50)
    consumer = consumer_for(engine, infra, topic, {"*": [record_effect]})
    consumer.beyond_end.idle_seconds = 1.0
    await run_until(consumer, lambda: consumer.handled == 3, timeout=30)
    assert sorted(event_id for event_id, _ in await effect_rows(engine)) == sorted(
        str(e.event_id) for e in envelopes
    )
    assert consumer.beyond_end.rewound >= 1


async def test_a_position_a_few_records_past_the_reported_end_is_left_alone(
    engine: AsyncEngine, infra: Infra, topic: str, publisher: KafkaPublisher
) -> None:
    """Tansu reports a partition's end as its last batch's base offset plus one: a member
    at the true end of a batch of several records is not past the log, and is not rewound."""
    envelopes = new_unit_envelopes(4)  # one stream: one partition, one batch
    await publisher.publish(topic, envelopes)
    consumer = consumer_for(engine, infra, topic, {"*": [record_effect]})
    consumer.beyond_end.idle_seconds = 0.5
    await run_until(consumer, lambda: consumer.handled == 4)
    await consumer.start()
    try:
        await asyncio.sleep(4.0)  # several idle checks
    finally:
        await consumer.stop()
    assert (consumer.beyond_end.rewound, consumer.duplicates) == (0, 0)


async def test_the_records_of_a_partition_are_applied_in_one_transaction(
    engine: AsyncEngine, infra: Infra, topic: str, publisher: KafkaPublisher
) -> None:
    envelopes = new_unit_envelopes(6)  # one stream: one partition, fetched together
    transactions: list[int] = []

    async def note_transaction(conn: AsyncConnection, envelope: Envelope, _: DomainEvent) -> None:
        transactions.append(int(await conn.scalar(text("SELECT txid_current()")) or 0))

    await publisher.publish(topic, envelopes)
    consumer = consumer_for(engine, infra, topic, {"*": [note_transaction]})
    await run_until(consumer, lambda: consumer.handled == 6)
    assert len(transactions) == 6
    assert len(set(transactions)) < 6  # without batches: one transaction per event


async def test_a_failing_record_inside_a_batch_costs_only_itself(
    engine: AsyncEngine, infra: Infra, topic: str, publisher: KafkaPublisher
) -> None:
    envelopes = new_unit_envelopes(5)  # one stream: one partition, fetched together
    bad = envelopes[2]

    async def fragile(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
        await record_effect(conn, envelope, event)
        if envelope.event_id == bad.event_id:
            raise ValueError("this unit cannot be refurbished")

    await publisher.publish(topic, envelopes)
    consumer = consumer_for(engine, infra, topic, {"*": [fragile]})
    await run_until(consumer, lambda: consumer.handled == 4 and consumer.dead_lettered == 1)
    assert [event_id for event_id, _ in await effect_rows(engine)] == [
        str(e.event_id) for e in envelopes if e is not bad
    ]


def record_of(envelope: Envelope, offset: int) -> ConsumerRecord[bytes, bytes]:
    value = encode(envelope).value
    return ConsumerRecord("t", 0, offset, 0, 0, None, value, None, 0, len(value), ())


async def test_a_batch_applies_each_new_event_once_in_order_and_counts_the_others(
    engine: AsyncEngine, infra: Infra, topic: str
) -> None:
    a, b, c = new_unit_envelopes(3)
    consumer = consumer_for(engine, infra, topic, {"*": [record_effect]})
    await consumer.process_batch([record_of(b, 0)])  # handled before: in the inbox
    batch = [a, b, a, c]  # a delivered twice within the batch
    await consumer.process_batch([record_of(e, i) for i, e in enumerate(batch, 1)])
    assert [event_id for event_id, _ in await effect_rows(engine)] == [
        str(b.event_id),
        str(a.event_id),
        str(c.event_id),
    ]
    assert (consumer.handled, consumer.duplicates) == (3, 2)


async def test_a_started_aiokafka_consumer_has_the_fetch_wait_its_pace_changes(
    infra: Infra, topic: str
) -> None:
    """``FetchPace`` sets a private attribute of aiokafka's fetcher: this breaks first if an
    aiokafka upgrade renames it (the member would then stay at the busy pace)."""
    member = AIOKafkaConsumer(topic, bootstrap_servers=infra.bootstrap, group_id=topic,
                              fetch_max_wait_ms=FETCH_MAX_WAIT_MS)  # fmt: skip
    await member.start()
    try:
        pace = FetchPace(member, clock=lambda: 1e9)
        pace.last_records = 0.0
        pace.after_poll(got_records=False)
        assert pace.idle
        assert member._fetcher._fetch_max_wait_ms == IDLE_FETCH_MAX_WAIT_MS
    finally:
        await member.stop()
