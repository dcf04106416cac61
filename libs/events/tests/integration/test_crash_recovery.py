"""Relay and consumer processes killed with SIGKILL mid-work: nothing lost, none applied twice."""

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from lgnet_devstack.process import ManagedProcess
from lgnet_events.publisher import KafkaPublisher
from lgnet_events.relay import OutboxRelay
from lgnet_events.store import EventStore
from lgnet_events.testing.crashable import crash_effects, effects_metadata
from lgnet_events.testing.infra import Infra
from lgnet_events.testing.kafka import read_topic
from lgnet_events.topics import ensure_topics

from .conftest import new_unit_envelopes


@pytest.fixture
def crashable(tmp_path: Path) -> Iterator[ManagedProcess]:
    process = ManagedProcess("crashable", tmp_path / "crashable.log")
    yield process
    process.kill()


def start(process: ManagedProcess, *args: str) -> None:
    process.spawn([sys.executable, "-m", "lgnet_events.testing.crashable", *args])


async def until(condition: Callable[[], Awaitable[bool]], timeout: float = 60) -> None:
    async with asyncio.timeout(timeout):
        while not await condition():
            await asyncio.sleep(0.05)


async def test_a_relay_killed_mid_backlog_delivers_every_event_after_a_restart(
    engine: AsyncEngine, infra: Infra, namespace: str, database_url: str, crashable: ManagedProcess
) -> None:
    topic = f"{namespace}.housing.events"
    appended: list[str] = []
    async with engine.begin() as conn:
        for _ in range(400):
            envelopes = new_unit_envelopes(3)
            await EventStore().append(conn, envelopes, 0)
            appended += [str(e.event_id) for e in envelopes]
    observer = OutboxRelay(engine, infra.bootstrap, topic)

    async def some_sent() -> bool:
        return (await observer.backlog())[0] < 1000

    async def all_sent() -> bool:
        return (await observer.backlog())[0] == 0

    start(crashable, "relay", database_url, infra.bootstrap, topic)
    await until(some_sent)
    crashable.kill()
    assert (await observer.backlog())[0] > 0, "the kill came too late to test anything"
    start(crashable, "relay", database_url, infra.bootstrap, topic)
    await until(all_sent)
    records = await read_topic(infra.bootstrap, topic, at_least=len(appended))
    ids = [json.loads(r.value)["event_id"] for r in records]
    assert set(ids) == set(appended)
    assert len(ids) - len(set(ids)) <= 50, "at most the batch in flight is sent twice"


async def test_a_consumer_killed_mid_batch_applies_every_event_exactly_once_after_a_restart(
    engine: AsyncEngine, infra: Infra, namespace: str, database_url: str, crashable: ManagedProcess
) -> None:
    topic = f"{namespace}.housing.events"
    async with engine.begin() as conn:
        await conn.run_sync(effects_metadata.create_all)
    await ensure_topics(infra.bootstrap, [topic])
    envelopes = [e for _ in range(300) for e in new_unit_envelopes(1)]
    publisher = KafkaPublisher(infra.bootstrap)
    await publisher.start()
    try:
        await publisher.publish(topic, envelopes)
    finally:
        await publisher.stop()

    async def applied() -> tuple[int, int]:
        async with engine.connect() as conn:
            total = await conn.scalar(select(func.count()).select_from(crash_effects))
            distinct = await conn.scalar(select(func.count(crash_effects.c.event_id.distinct())))
        return int(total or 0), int(distinct or 0)

    async def some_applied() -> bool:
        return (await applied())[0] >= 60

    async def all_applied() -> bool:
        return (await applied())[1] == len(envelopes)

    group = f"{namespace}.crash"
    start(crashable, "consumer", database_url, infra.bootstrap, topic, group)
    await until(some_applied)
    crashable.kill()
    assert (await applied())[0] < len(envelopes), "the kill came too late to test anything"
    start(crashable, "consumer", database_url, infra.bootstrap, topic, group)
    await until(all_applied)
    await asyncio.sleep(1.0)  # any redelivery still in flight would add rows now
    assert await applied() == (len(envelopes), len(envelopes))
