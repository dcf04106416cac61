"""A member whose group never finishes assigning partitions reconnects instead of stalling.

aiokafka's ``getmany`` waits without a limit while a reassignment is in progress; these
tests give the member a stand-in consumer that does exactly that (pure unit tests: the real
broker's part is in tests/faults, which restarts Tansu under load)."""

import asyncio
from typing import Any

import pytest
from aiokafka import TopicPartition
from sqlalchemy.ext.asyncio import create_async_engine

from lgnet_events import consumer as consumer_module
from lgnet_events.catalog import default_registry
from lgnet_events.consumer import AssignmentStuck, EventConsumer


class ReassigningForEver:
    """Answers ``getmany`` the way aiokafka does while a join never completes."""

    def __init__(self) -> None:
        self.polls = 0

    async def getmany(self, timeout_ms: int) -> dict[Any, Any]:
        self.polls += 1
        await asyncio.Event().wait()
        return {}


class AssignedAfter(ReassigningForEver):
    """The group assigns (nothing to read) after *stuck_polls* hung polls."""

    def __init__(self, stuck_polls: int) -> None:
        super().__init__()
        self.stuck_polls = stuck_polls

    async def getmany(self, timeout_ms: int) -> dict[Any, Any]:
        if self.polls < self.stuck_polls:
            return await super().getmany(timeout_ms)
        self.polls += 1
        await asyncio.sleep(timeout_ms / 1000)
        return {}

    def partitions_for_topic(self, topic: str) -> set[int]:
        return {0}

    def assignment(self) -> set[TopicPartition]:
        return {TopicPartition("t", 0)}


class AssignedNothing(AssignedAfter):
    """The group's answer seen on Tansu after a restart: an empty assignment, again and again."""

    def __init__(self) -> None:
        super().__init__(stuck_polls=0)

    def assignment(self) -> set[TopicPartition]:
        return set()


def member(stuck_after: float | None) -> EventConsumer:
    return EventConsumer(
        name="reporting-audit", engine=create_async_engine("postgresql+asyncpg://nobody@/none"),
        bootstrap="127.0.0.1:1", group_id="g", topics=["t"], registry=default_registry(),
        handlers={}, stuck_after=stuck_after,
    )  # fmt: skip


@pytest.fixture(autouse=True)
def short_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(consumer_module, "POLL_DEADLINE_SECONDS", 0.05)


async def test_a_member_never_given_its_partitions_gives_up_and_reconnects() -> None:
    stuck = member(stuck_after=0.3)
    stuck._consumer = ReassigningForEver()
    with pytest.raises(AssignmentStuck, match="no partitions assigned"):
        await asyncio.wait_for(stuck._poll_forever(), 5.0)


async def test_a_member_left_with_no_partition_of_its_listed_topics_reconnects() -> None:
    empty = member(stuck_after=0.3)
    empty._consumer = AssignedNothing()
    with pytest.raises(AssignmentStuck, match="no partitions assigned"):
        await asyncio.wait_for(empty._poll_forever(), 5.0)


async def test_a_rebalance_shorter_than_the_limit_is_waited_for() -> None:
    patient = member(stuck_after=10.0)
    slow_join = AssignedAfter(stuck_polls=3)
    patient._consumer = slow_join
    polling = asyncio.create_task(patient._poll_forever())
    while slow_join.polls < 6:
        await asyncio.sleep(0.05)
    assert not polling.done()
    polling.cancel()
    await asyncio.gather(polling, return_exceptions=True)


def test_the_default_limit_leaves_a_join_several_session_timeouts() -> None:
    assert member(stuck_after=None).stuck_after == 30.0
    long_sessions = EventConsumer(
        name="m", engine=create_async_engine("postgresql+asyncpg://nobody@/none"),
        bootstrap="127.0.0.1:1", group_id="g", topics=["t"], registry=default_registry(),
        handlers={}, session_timeout_ms=20_000,
    )  # fmt: skip
    assert long_sessions.stuck_after == 60.0
