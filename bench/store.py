"""Store scenarios: concurrent writers appending to their own streams, one commit per command."""

import asyncio
import time
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.measurement import Measurement
from bench.stopwatch import Stopwatch
from bench.workload import STREAM_LENGTH, new_stream, unit_envelopes
from lgnet_events.store import EventStore

_store = EventStore()


@dataclass
class _Tally:
    events: int = 0
    commits: int = 0


async def _write_until(engine: AsyncEngine, batch: int, deadline: float, tally: _Tally) -> None:
    """Append *batch* events per transaction with the expected version, as a command does."""
    stream, version = new_stream(), 0
    while time.perf_counter() < deadline:
        if version + batch > STREAM_LENGTH:
            stream, version = new_stream(), 0
        envelopes = unit_envelopes(stream, version, batch)
        async with engine.begin() as conn:
            version = await _store.append(conn, envelopes, version)
        tally.events += batch
        tally.commits += 1


async def _open_connections(engine: AsyncEngine, count: int) -> None:
    """Fill the pool first, so that connecting is not timed."""

    async def hold() -> None:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
            await asyncio.sleep(0.05)

    await asyncio.gather(*(hold() for _ in range(count)))


async def append_rate(
    engine: AsyncEngine, writers: int, batch: int, duration: float, watch: Stopwatch
) -> Measurement:
    """Events appended per second by *writers* concurrent writers for *duration* seconds."""
    await _open_connections(engine, writers)
    tally = _Tally()
    watch.start()
    deadline = time.perf_counter() + duration
    await asyncio.gather(*(_write_until(engine, batch, deadline, tally) for _ in range(writers)))
    seconds, cpu = watch.stop()
    per = "" if batch == 1 else f", {batch} events per commit"
    name = "writer" if writers == 1 else "writers"
    return Measurement(
        key=f"store.append{'' if batch == 1 else f'_batch{batch}'}.{writers}_{name}",
        label=f"store append, {writers} {name}{per}",
        unit="event",
        count=tally.events,
        seconds=seconds,
        commits=tally.commits,
        cpu=cpu,
    )
