"""Relay scenario: how fast the outbox relay drains a backlog of committed events to Kafka."""

from sqlalchemy.ext.asyncio import AsyncEngine

from bench.measurement import Measurement
from bench.stopwatch import Stopwatch
from bench.workload import STREAM_LENGTH, new_stream, unit_envelopes
from lgnet_events.relay import OutboxRelay
from lgnet_events.store import EventStore

_store = EventStore()
#: Streams written per transaction while filling the outbox (filling is not timed).
_STREAMS_PER_FILL = 50


async def fill_outbox(engine: AsyncEngine, events: int) -> int:
    """Append whole streams until about *events* rows wait in the outbox; return how many."""
    appended = 0
    while appended < events:
        async with engine.begin() as conn:
            for _ in range(_STREAMS_PER_FILL):
                count = min(STREAM_LENGTH, events - appended)
                if count == 0:
                    break
                await _store.append(conn, unit_envelopes(new_stream(), 0, count), 0)
                appended += count
    return appended


async def relay_rate(
    engine: AsyncEngine, bootstrap: str, topic: str, events: int, watch: Stopwatch
) -> Measurement:
    """Events per second the relay publishes (acks=all) and marks sent, backlog to zero."""
    relay = OutboxRelay(engine, bootstrap, topic)
    try:
        await fill_outbox(engine, 1)
        await relay.relay_once()  # connects and creates the topic: not timed
        queued = await fill_outbox(engine, events)
        watch.start()
        relayed = 0
        while sent := await relay.relay_once():
            relayed += sent
        seconds, cpu = watch.stop()
        left, _ = await relay.backlog()
    finally:
        await relay.stop()
    if left or relayed != queued:
        raise RuntimeError(f"the relay published {relayed} of {queued} events; {left} left")
    label = f"relay publish, batches of {relay.batch_size}"
    return Measurement("relay.publish", label, "event", relayed, seconds, cpu=cpu)
