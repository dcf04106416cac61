"""Scale-out: a second reporting consumer joins the group under load, then leaves.

It is the same consumer the reporting service runs (``reporting.ingest.audit_consumer``),
started in the test process against reporting's database, in reporting's group. Joining
and leaving are both rebalances while events flow.
"""

import asyncio
import time

from sqlalchemy.ext.asyncio import create_async_engine

from lgnet_events.catalog import default_registry
from lgnet_events.topics import consumer_group, events_topic
from reporting.ingest import AuditConsumer, audit_consumer
from tests.faults.injections import Check, Fault, Severity
from tests.faults.ledger import PUBLISHERS
from tests.faults.mesh import SESSION_TIMEOUT_MS, FaultMesh

#: how long the second member may take to be given partitions, and how long it then works
JOIN_TIMEOUT = 30.0
WORK_SECONDS = 5.0


async def _partitions_held(member: AuditConsumer) -> int:
    try:
        return len(await member.lag())
    except Exception:  # between generations the assignment may be in flux
        return 0


async def _wait_for_partitions(member: AuditConsumer) -> int:
    deadline = time.monotonic() + JOIN_TIMEOUT
    while (held := await _partitions_held(member)) == 0:
        if time.monotonic() > deadline:
            raise TimeoutError("the second reporting consumer was never given a partition")
        await asyncio.sleep(0.2)
    return held


async def second_reporting_consumer(mesh: FaultMesh, _: Severity) -> Check:
    engine = create_async_engine(mesh.stack.record.database_urls["reporting"])
    member = audit_consumer(
        engine, bootstrap=mesh.bootstrap, group_id=consumer_group("reporting", mesh.namespace),
        topics=[events_topic(service, mesh.namespace) for service in PUBLISHERS],
        registry=default_registry(), session_timeout_ms=SESSION_TIMEOUT_MS,
    )  # fmt: skip
    await member.start()
    try:
        held = await _wait_for_partitions(member)
        await asyncio.sleep(WORK_SECONDS)
    finally:
        await member.stop()
        await engine.dispose()
    total = 6 * len(PUBLISHERS)

    async def check(_: FaultMesh) -> dict[str, int]:
        return {
            "partitions held by the second member": held,
            "of": total,
            "events it handled": member.handled,
            "redeliveries it skipped": member.duplicates,
        }

    return check


SCALE_OUT = Fault(
    "second reporting consumer joins and leaves under load", second_reporting_consumer
)
