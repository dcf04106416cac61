"""Rebuild scenario: reporting's projections rebuilt from an audit log of N events.

The audit log holds what the earlier scenarios sent through the mesh; it is grown to N rows
with copies of those events under new event ids (set-based ``INSERT … SELECT``, ids from
``uuidv7()`` so the unique index grows at its end; not timed). Then the running reporting
service rebuilds (``POST /admin/rebuild``, what ``lgnet reporting rebuild`` runs in its own
process), three times: the bench follows each job until it has swapped the new generation
in, takes its duration from the job's own start and end (the service's clock, the same
machine), reports the median run with every run's rate, and reads the reporting process's
peak memory during them.

Beside it, on the same audit log: every payload read once in one server-side scan, the
least any rebuild that reads the events must do.
"""

import asyncio
import time
from dataclasses import replace
from datetime import datetime
from typing import Any

import asyncpg
import httpx

from bench.measurement import Measurement
from bench.memory import PeakMemory
from bench.mesh import BenchMesh
from bench.stopwatch import Stopwatch

#: copies of existing rows under new ids, the envelope and raw text carrying the new id too
_COPY = """
INSERT INTO audit_log (event_id, event_type, schema_version, stream_type, stream_id,
    stream_version, municipality, actor, occurred_at, recorded_at, topic, partition, "offset",
    envelope, raw)
SELECT c.id, c.event_type, c.schema_version, c.stream_type, c.stream_id, c.stream_version,
    c.municipality, c.actor, c.occurred_at, c.recorded_at, c.topic, c.partition, c."offset",
    jsonb_set(c.envelope, '{event_id}', to_jsonb(c.id::text)),
    jsonb_set(c.envelope, '{event_id}', to_jsonb(c.id::text))::text
FROM (SELECT uuidv7() AS id, a.* FROM audit_log a ORDER BY a.position LIMIT $1) c
"""
#: every payload detoasted and read once, as a rebuild must (no JSON field extracted)
_SCAN = "SELECT count(*), sum(length((envelope->'data')::text)) FROM audit_log"
REBUILD_TIMEOUT = 3600.0
#: seconds between two looks at a running rebuild job
POLL = 0.5
REBUILD_RUNS = 3


async def _connect(mesh: BenchMesh) -> asyncpg.Connection:
    return await asyncpg.connect(mesh.database_url("reporting").replace("+asyncpg", ""))


async def grow_audit_log(mesh: BenchMesh, rows: int) -> int:
    """Copy rows until the audit log holds at least *rows*; return how many it holds."""
    conn = await _connect(mesh)
    try:
        held = int(await conn.fetchval("SELECT count(*) FROM audit_log"))
        if held == 0:
            raise RuntimeError("the audit log is empty: nothing to copy")
        while held < rows:
            await conn.execute(_COPY, min(held, rows - held))
            held = int(await conn.fetchval("SELECT count(*) FROM audit_log"))
        await conn.execute("VACUUM ANALYZE audit_log")
        return held
    finally:
        await conn.close()


async def payload_scan_rate(mesh: BenchMesh, watch: Stopwatch) -> Measurement:
    """Audit-log payloads read per second by one server-side scan."""
    conn = await _connect(mesh)
    try:
        watch.start()
        count = int((await conn.fetchrow(_SCAN) or (0,))[0])
        seconds, cpu = watch.stop()
    finally:
        await conn.close()
    label = "PostgreSQL audit-log payloads read, one server-side scan"
    return Measurement("postgres.audit_payload_scan", label, "row", count, seconds, cpu=cpu)


async def _follow(http: httpx.AsyncClient, location: str) -> dict[str, Any]:
    """The job once it has ended, asked for every ``POLL`` seconds: seldom, so that the
    bench's requests take little of the service it measures (its own times are exact)."""
    deadline = time.monotonic() + REBUILD_TIMEOUT
    while time.monotonic() < deadline:
        job: dict[str, Any] = (await http.get(location)).raise_for_status().json()
        if job["status"] != "running":
            return job
        await asyncio.sleep(POLL)
    raise RuntimeError(f"the rebuild did not end in {REBUILD_TIMEOUT:.0f}s")


def _job_seconds(job: dict[str, Any]) -> float:
    """From the job's start (``POST`` accepted) to its end (the new generation live, the
    one before the last dropped), as the service recorded them."""
    started, finished = (datetime.fromisoformat(job[key]) for key in ("started_at", "finished_at"))
    return (finished - started).total_seconds()


_VACUUMING = (
    "SELECT count(*) FROM pg_stat_activity"
    " WHERE backend_type = 'autovacuum worker' AND datname = current_database()"
)
SETTLE_TIMEOUT = 300.0


async def _settle(mesh: BenchMesh) -> None:
    """Autovacuum done with the earlier run's tables (it vacuums a generation once it is
    live, and would take a core from the next run), then what was written before reaches
    the disk (the fill's 3 GB, an earlier run's generation), as a real log's did long before
    a rebuild: the kernel's writeback of it would otherwise slow the timed rebuild's own
    writes."""
    conn = await _connect(mesh)
    try:
        deadline = time.monotonic() + SETTLE_TIMEOUT
        while time.monotonic() < deadline:
            if not await conn.fetchval(_VACUUMING):
                break
            await asyncio.sleep(0.5)
        await conn.execute("CHECKPOINT")
    finally:
        await conn.close()


async def _rebuild_once(mesh: BenchMesh, held: int, watch: Stopwatch) -> Measurement:
    """One rebuild by the running service, followed until the new generation is live."""
    token = mesh.tokens.token("admin", "*")
    memory = PeakMemory({"reporting": mesh.pids()["reporting"]} | watch.server_pids)
    async with httpx.AsyncClient(base_url=mesh.urls["reporting"], timeout=60,
                                 headers={"Authorization": f"Bearer {token}"}) as http:  # fmt: skip
        await _settle(mesh)  # not timed
        memory.reset()
        watch.start()
        started = (await http.post("/admin/rebuild")).raise_for_status()
        job = await _follow(http, started.headers["Location"])
        _, cpu = watch.stop()
    if job["status"] != "succeeded" or job["total"] < held:
        raise RuntimeError(f"the rebuild of {held:,} events ended as {job}")
    return Measurement("reporting.rebuild", f"reporting rebuild, {held:,} events", "event",
                       held, _job_seconds(job), cpu=cpu, memory_mb=memory.peaks())  # fmt: skip


async def rebuild_rate(mesh: BenchMesh, events: int, watch: Stopwatch) -> list[Measurement]:
    """The payload scan, then audit-log events per second a full rebuild goes through: the
    median of ``REBUILD_RUNS`` rebuilds (a run on this shared machine varies by ~10%), every
    run's figure in the details, the highest memory of them all."""
    held = await grow_audit_log(mesh, events)
    scan = await payload_scan_rate(mesh, watch)
    runs = [await _rebuild_once(mesh, held, watch) for _ in range(REBUILD_RUNS)]
    median = sorted(runs, key=lambda run: run.seconds)[len(runs) // 2]
    memory = {name: max(run.memory_mb.get(name, 0.0) for run in runs) for name in median.memory_mb}
    rates = [round(run.rate) for run in runs]
    label = f"{median.label}, median of {' / '.join(f'{rate:,}' for rate in rates)} events/s"
    details = {"runs_events_per_second": rates}
    return [scan, replace(median, label=label, memory_mb=memory, details=details)]
