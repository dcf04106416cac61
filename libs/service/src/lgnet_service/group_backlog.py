"""What a consumer group has still to do, read from the broker at scrape time.

For each partition of the group's topics: how many records lie past the group's committed
offset, and how old the first of them is (its Kafka timestamp, stamped when the relay
published it); and how many records the group's dead-letter topic holds.
"""

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from aiokafka import AIOKafkaConsumer, TopicPartition

from lgnet_events.autocreation import forbid_topic_auto_creation

TIMEOUT_MS = 5_000
#: The probe's reads are not traced: aiokafka's instrumentation would add a "receive"
#: span to an event's trace at every scrape.
_UNTRACED_GETMANY = getattr(AIOKafkaConsumer.getmany, "__wrapped__", AIOKafkaConsumer.getmany)


@dataclass
class GroupBacklog:
    #: ``topic:partition`` -> records past the committed offset
    lag: dict[str, int] = field(default_factory=dict)
    #: ``topic:partition`` -> seconds since the oldest unprocessed record was published
    oldest_age: dict[str, float] = field(default_factory=dict)
    #: records in the group's dead-letter topic
    dead_letters: int = 0


async def group_backlog(
    bootstrap: str, group: str, topics: Sequence[str], dlq: str
) -> GroupBacklog:
    """The backlog of consumer *group* on *topics*, and the size of its *dlq*.

    The reader names the group only to read its committed offsets: it never subscribes,
    so it never joins the group nor moves its offsets (no auto-commit).
    """
    forbid_topic_auto_creation()
    reader = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=group,
        enable_auto_commit=False,
        request_timeout_ms=TIMEOUT_MS,
    )
    await reader.start()
    try:
        return await _measure(reader, topics, dlq)
    finally:
        await reader.stop()


async def _measure(reader: AIOKafkaConsumer, topics: Sequence[str], dlq: str) -> GroupBacklog:
    listed = await reader.topics()
    sources = [tp for topic in topics if topic in listed for tp in _partitions(reader, topic)]
    letters = _partitions(reader, dlq) if dlq in listed else []
    every = [*sources, *letters]
    ends = await reader.end_offsets(every) if every else {}
    starts = await reader.beginning_offsets(every) if every else {}
    backlog = GroupBacklog(dead_letters=sum(ends[tp] - starts[tp] for tp in letters))
    behind: dict[TopicPartition, int] = {}
    for tp in sources:
        position = max(await reader.committed(tp) or 0, starts[tp])
        backlog.lag[_key(tp)] = max(0, ends[tp] - position)
        if ends[tp] > position:
            behind[tp] = position
    backlog.oldest_age = await _oldest_ages(reader, behind)
    return backlog


def _partitions(reader: AIOKafkaConsumer, topic: str) -> list[TopicPartition]:
    return [TopicPartition(topic, p) for p in sorted(reader.partitions_for_topic(topic) or ())]


def _key(tp: TopicPartition) -> str:
    return f"{tp.topic}:{tp.partition}"


async def _oldest_ages(
    reader: AIOKafkaConsumer, positions: dict[TopicPartition, int]
) -> dict[str, float]:
    """Read the first unprocessed record of each partition and age its timestamp."""
    if not positions:
        return {}
    reader.assign(list(positions))
    for tp, offset in positions.items():
        reader.seek(tp, offset)
    ages: dict[str, float] = {}
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while len(ages) < len(positions) and time.monotonic() < deadline:
        batches = await _UNTRACED_GETMANY(reader, timeout_ms=500, max_records=len(positions))
        for tp, records in batches.items():
            if records and _key(tp) not in ages:
                ages[_key(tp)] = max(0.0, time.time() - records[0].timestamp / 1000)
                reader.pause(tp)
    return ages
