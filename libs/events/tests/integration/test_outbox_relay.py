import asyncio
import json

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from lgnet_devstack import EmbeddedBroker
from lgnet_events.relay import OutboxRelay
from lgnet_events.republish import republish_from_engine
from lgnet_events.store import EventStore
from lgnet_events.testing.infra import Infra
from lgnet_events.testing.kafka import read_topic

from .conftest import new_unit_envelopes

store = EventStore()


def published_ids(records: list) -> list[str]:  # type: ignore[type-arg]
    return [json.loads(r.value)["event_id"] for r in records]


async def append_units(engine: AsyncEngine, count: int, events_each: int = 3) -> list[str]:
    ids: list[str] = []
    for _ in range(count):
        envelopes = new_unit_envelopes(events_each)
        async with engine.begin() as conn:
            await store.append(conn, envelopes, 0)
        ids += [str(e.event_id) for e in envelopes]
    return ids


async def test_the_relay_publishes_each_stream_in_order_and_marks_it_sent(
    engine: AsyncEngine, infra: Infra, namespace: str
) -> None:
    topic = f"{namespace}.housing.events"
    appended = await append_units(engine, 10)
    relay = OutboxRelay(engine, infra.bootstrap, topic)
    try:
        assert await relay.relay_once() == 30
        assert await relay.relay_once() == 0
        assert (await relay.backlog())[0] == 0
    finally:
        await relay.stop()
    records = await read_topic(infra.bootstrap, topic, at_least=30)
    assert sorted(published_ids(records)) == sorted(appended)
    by_stream: dict[bytes, list[int]] = {}
    for record in records:
        by_stream.setdefault(record.key, []).append(json.loads(record.value)["stream_version"])
    assert all(versions == [1, 2, 3] for versions in by_stream.values())
    assert {h[0] for h in records[0].headers} >= {"event_id", "event_type", "schema_version"}


async def test_an_event_that_commits_late_with_a_lower_position_is_not_skipped(
    engine: AsyncEngine, infra: Infra, namespace: str
) -> None:
    topic = f"{namespace}.housing.events"
    slow = await engine.connect()
    slow_tx = await slow.begin()
    late = new_unit_envelopes(1)
    await store.append(slow, late, 0)  # takes the lower position, commits last
    early = await append_units(engine, 3, events_each=1)
    relay = OutboxRelay(engine, infra.bootstrap, topic)
    try:
        assert await relay.relay_once() == 3
        await slow_tx.commit()
        await slow.close()
        assert await relay.relay_once() == 1
        assert await relay.relay_once() == 0
    finally:
        await relay.stop()
    ids = published_ids(await read_topic(infra.bootstrap, topic, at_least=4))
    assert sorted(ids) == sorted([*early, str(late[0].event_id)])
    assert len(ids) == len(set(ids)) == 4


@pytest.mark.parametrize("own_thread", [False, True], ids=["in the loop", "in its own thread"])
async def test_a_commit_wakes_the_relay_without_waiting_for_its_poll(
    engine: AsyncEngine, infra: Infra, namespace: str, own_thread: bool
) -> None:
    topic = f"{namespace}.housing.events"
    relay = OutboxRelay(engine, infra.bootstrap, topic, poll_interval=3600, own_thread=own_thread)
    await relay.start()
    try:
        first = await append_units(engine, 1)
        await wait_for_backlog(relay, 0, timeout=30)
        second = await append_units(engine, 2)
        await wait_for_backlog(relay, 0, timeout=30)
    finally:
        await relay.stop()
    ids = published_ids(await read_topic(infra.bootstrap, topic, at_least=9))
    assert sorted(ids) == sorted([*first, *second])


async def test_a_rolled_back_append_wakes_the_relay_for_nothing(
    engine: AsyncEngine, infra: Infra, namespace: str
) -> None:
    topic = f"{namespace}.housing.events"
    relay = OutboxRelay(engine, infra.bootstrap, topic, poll_interval=3600)
    await relay.start()
    try:
        async with engine.connect() as conn:
            await store.append(conn, new_unit_envelopes(1), 0)
            await conn.rollback()
        kept = await append_units(engine, 1)
        await wait_for_backlog(relay, 0, timeout=30)
    finally:
        await relay.stop()
    assert published_ids(await read_topic(infra.bootstrap, topic, at_least=3)) == kept


async def test_commands_are_accepted_while_the_broker_is_down_and_delivered_after(
    engine: AsyncEngine, own_broker: EmbeddedBroker, namespace: str
) -> None:
    topic = f"{namespace}.housing.events"
    relay = OutboxRelay(engine, own_broker.bootstrap, topic, max_backoff=0.5)
    await relay.start()
    try:
        before = await append_units(engine, 2)
        await wait_for_backlog(relay, 0)
        own_broker.stop()
        during = await append_units(engine, 5)
        relay.wake()
        await asyncio.sleep(1.0)
        assert (await relay.backlog())[0] == 15
        assert relay.status()["running"]
        own_broker.start()  # comes back empty, as Tansu does
        await wait_for_backlog(relay, 0, timeout=30)
    finally:
        await relay.stop()
    ids = published_ids(await read_topic(own_broker.bootstrap, topic, at_least=15))
    # At least once: a batch retried across the restart may arrive twice; consumers dedupe.
    assert set(ids) == set(during)
    assert not set(ids) & set(before)


async def test_republish_restores_a_broker_that_lost_its_data(
    engine: AsyncEngine, own_broker: EmbeddedBroker, namespace: str
) -> None:
    topic = f"{namespace}.housing.events"
    appended = await append_units(engine, 20)
    progress: list[tuple[int, int]] = []
    relay = OutboxRelay(engine, own_broker.bootstrap, topic)
    assert await relay.relay_once() == 60
    await relay.stop()
    own_broker.restart()
    assert await read_topic(own_broker.bootstrap, topic, timeout=1) == []
    sent = await republish_from_engine(
        engine,
        own_broker.bootstrap,
        topic,
        batch_size=25,
        on_progress=lambda d, t: progress.append((d, t)),
    )
    assert sent == 60
    assert progress[-1] == (60, 60)
    records = await read_topic(own_broker.bootstrap, topic, at_least=60)
    assert sorted(published_ids(records)) == sorted(appended)


async def test_republish_from_a_position_sends_only_the_later_events(
    engine: AsyncEngine, infra: Infra, namespace: str
) -> None:
    topic = f"{namespace}.housing.events"
    await append_units(engine, 2)
    later = await append_units(engine, 1)
    sent = await republish_from_engine(engine, infra.bootstrap, topic, from_position=6)
    assert sent == 3
    assert sorted(published_ids(await read_topic(infra.bootstrap, topic, at_least=3))) == sorted(
        later
    )


async def wait_for_backlog(relay: OutboxRelay, target: int, timeout: float = 10) -> None:
    async with asyncio.timeout(timeout):
        while (await relay.backlog())[0] != target:
            await asyncio.sleep(0.05)
