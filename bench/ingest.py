"""Reporting's ingest rate: how fast it works off the backlog the HTTP scenarios leave.

The command scenarios append events far faster than one reporting consumer stores them (each
event: decode, validate, inbox, audit row and projections in one transaction). Once they
are done the bench waits until reporting's audit log holds every event the three services
stored, and times that wait: events stored by reporting per second, from a standing start
with a backlog. It also leaves reporting caught up, so that the lag scenario that follows
measures the lag of new events, not the backlog.
"""

import asyncio
import time

import asyncpg

from bench.measurement import Measurement
from bench.mesh import BenchMesh
from bench.stopwatch import Stopwatch

PUBLISHERS = ("intake", "housing", "civic")
CATCH_UP_TIMEOUT = 900.0


async def _count(mesh: BenchMesh, service: str, table: str) -> int:
    conn = await asyncpg.connect(mesh.database_url(service).replace("+asyncpg", ""))
    try:
        return int(await conn.fetchval(f"SELECT count(*) FROM {table}"))  # noqa: S608 - ours
    finally:
        await conn.close()


async def stored_events(mesh: BenchMesh) -> int:
    return sum([await _count(mesh, service, "events") for service in PUBLISHERS])


async def ingest_rate(mesh: BenchMesh, watch: Stopwatch) -> Measurement:
    """Audit-log rows per second until reporting holds every stored event."""
    watch.start()
    before = await _count(mesh, "reporting", "audit_log")
    deadline = time.monotonic() + CATCH_UP_TIMEOUT
    while (held := await _count(mesh, "reporting", "audit_log")) < await stored_events(mesh):
        if time.monotonic() > deadline:
            raise RuntimeError(f"reporting did not catch up in {CATCH_UP_TIMEOUT:.0f}s")
        await asyncio.sleep(0.2)
    seconds, cpu = watch.stop()
    label = f"reporting ingest, a backlog of {held - before:,} events"
    return Measurement("reporting.ingest", label, "event", held - before, seconds, cpu=cpu)
