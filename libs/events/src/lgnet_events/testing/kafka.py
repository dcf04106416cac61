"""Read what is on a topic, for assertions: no consumer group, from the beginning."""

import asyncio
import time

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition


async def read_topic(
    bootstrap: str, topic: str, *, at_least: int = 0, timeout: float = 10.0
) -> list[ConsumerRecord[bytes, bytes]]:
    """Every record on *topic*; waits up to *timeout* for *at_least* of them."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        deadline = time.monotonic() + timeout
        partitions: set[str] | set[int] | None = None
        while not partitions and time.monotonic() < deadline:
            partitions = consumer.partitions_for_topic(topic) or None
            if not partitions:
                await consumer._client.force_metadata_update()
                await asyncio.sleep(0.1)
        if not partitions:
            return []
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        records: list[ConsumerRecord[bytes, bytes]] = []
        while time.monotonic() < deadline:
            ends = await consumer.end_offsets(tps)
            batch = await consumer.getmany(*tps, timeout_ms=200)
            for part in batch.values():
                records.extend(part)
            caught_up = all([await consumer.position(tp) >= ends[tp] for tp in tps])
            if caught_up and len(records) >= at_least:
                break
        return records
    finally:
        await consumer.stop()
