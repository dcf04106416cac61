"""Rebuild scenario: reporting's projections rebuilt from an audit log of N events.

The audit log holds what the earlier scenarios sent through the mesh; it is grown to N rows
with copies of those events under new event ids (set-based ``INSERT … SELECT``, not timed).
Then ``rebuild_projections`` (what ``lgnet reporting rebuild`` and ``POST /admin/rebuild``
run) fills a new generation and swaps it in while the service keeps running.
"""

import asyncpg
from sqlalchemy.ext.asyncio import create_async_engine

from bench.measurement import Measurement
from bench.mesh import BenchMesh
from bench.stopwatch import Stopwatch
from lgnet_events.catalog import default_registry
from reporting.rebuild import rebuild_projections

#: copies of existing rows under new ids, the envelope and raw text carrying the new id too
_COPY = """
INSERT INTO audit_log (event_id, event_type, schema_version, stream_type, stream_id,
    stream_version, municipality, actor, occurred_at, recorded_at, topic, partition, "offset",
    envelope, raw)
SELECT c.id, c.event_type, c.schema_version, c.stream_type, c.stream_id, c.stream_version,
    c.municipality, c.actor, c.occurred_at, c.recorded_at, c.topic, c.partition, c."offset",
    jsonb_set(c.envelope, '{event_id}', to_jsonb(c.id::text)),
    jsonb_set(c.envelope, '{event_id}', to_jsonb(c.id::text))::text
FROM (SELECT gen_random_uuid() AS id, a.* FROM audit_log a ORDER BY a.position LIMIT $1) c
"""


async def grow_audit_log(database_url: str, rows: int) -> int:
    """Copy rows until the audit log holds at least *rows*; return how many it holds."""
    conn = await asyncpg.connect(database_url.replace("+asyncpg", ""))
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


async def rebuild_rate(mesh: BenchMesh, events: int, watch: Stopwatch) -> Measurement:
    """Audit-log events per second a full rebuild goes through."""
    url = mesh.database_url("reporting")
    held = await grow_audit_log(url, events)
    engine = create_async_engine(url)
    try:
        watch.start()
        await rebuild_projections(engine, default_registry())
        seconds, cpu = watch.stop()
    finally:
        await engine.dispose()
    return Measurement(
        "reporting.rebuild", f"reporting rebuild, {held:,} events", "event", held, seconds, cpu=cpu
    )
