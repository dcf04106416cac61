"""A relay or a consumer in a process of its own, for tests that kill it with SIGKILL.

    python -m lgnet_events.testing.crashable relay DATABASE_URL BOOTSTRAP TOPIC
    python -m lgnet_events.testing.crashable consumer DATABASE_URL BOOTSTRAP TOPIC GROUP

The consumer records each event it handles in ``crash_effects`` (no unique constraint:
an event applied twice would show as two rows) and works slowly, so that a kill lands
in the middle of a batch.
"""

import asyncio
import sys

from sqlalchemy import Column, Integer, MetaData, String, Table
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from lgnet_events.catalog import default_registry
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.consumer import EventConsumer
from lgnet_events.envelope import Envelope
from lgnet_events.relay import OutboxRelay

effects_metadata = MetaData()
crash_effects = Table(
    "crash_effects",
    effects_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String, nullable=False),
)


async def record_slowly(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
    await conn.execute(crash_effects.insert().values(event_id=str(envelope.event_id)))
    await asyncio.sleep(0.005)


async def run(role: str, database_url: str, bootstrap: str, topic: str, group: str = "") -> None:
    engine = create_async_engine(database_url)
    worker: OutboxRelay | EventConsumer
    if role == "relay":
        worker = OutboxRelay(engine, bootstrap, topic, batch_size=50)
    else:
        worker = EventConsumer(
            name="crashable",
            engine=engine,
            bootstrap=bootstrap,
            group_id=group,
            topics=[topic],
            registry=default_registry(),
            handlers={"*": [record_slowly]},
            session_timeout_ms=2000,
        )
    await worker.start()
    await asyncio.Event().wait()  # until killed


if __name__ == "__main__":
    asyncio.run(run(*sys.argv[1:]))
