"""The outbox relay: publishes committed events to Kafka in order, then marks them sent."""

import asyncio
import contextlib
import logging
import threading
import time
from typing import Any

from aiokafka.errors import KafkaError
from opentelemetry import trace
from sqlalchemy import event, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from lgnet_events.envelope import Envelope
from lgnet_events.publisher import KafkaPublisher
from lgnet_events.schema import events, outbox
from lgnet_events.store import _ENVELOPE_COLUMNS, OUTBOX_WRITTEN, envelope_from_row
from lgnet_events.tasks import close_within, stop_task
from lgnet_events.topics import ensure_topics
from lgnet_events.tracing import producer_spans

log = logging.getLogger(__name__)

#: Only one relay of a service publishes at a time (replicas wait their turn).
RELAY_LOCK = 0x4C474E4554  # "LGNET"


class OutboxRelay:
    """Polls unsent outbox rows oldest first; a late-committing lower position is picked up
    on a later pass because its row is still unsent, so nothing is ever skipped.

    An append on the relay's engine wakes it as soon as its connection returns to the pool
    (after the commit); the poll interval only bounds the wait for commits made elsewhere
    (another process, a relay that held the lock). Each pass that finds nothing doubles it,
    up to ``idle_interval``: an idle service stops querying its outbox 20 times a second.

    ``own_thread=True`` runs the relay in a thread of its own, with its own event loop and
    connections (``engine.url``): a service whose loop is saturated by HTTP requests still
    publishes promptly, where in the same loop each of the relay's awaits queues behind
    every ready request."""

    name = "outbox-relay"

    def __init__(
        self,
        engine: AsyncEngine,
        bootstrap: str,
        topic: str,
        *,
        batch_size: int = 500,
        poll_interval: float = 0.05,
        idle_interval: float = 1.0,
        max_backoff: float = 5.0,
        idempotent: bool = False,
        own_thread: bool = False,
    ) -> None:
        self.engine, self.bootstrap, self.topic = engine, bootstrap, topic
        self.idempotent, self.own_thread = idempotent, own_thread
        #: where passes read and mark the outbox: *engine*, or the relay thread's own engine
        self._source = engine
        #: the longest wait between passes that find nothing (never below the poll interval)
        self.idle_interval = max(idle_interval, poll_interval)
        self._thread: threading.Thread | None = None
        self.batch_size, self.poll_interval, self.max_backoff = (
            batch_size,
            poll_interval,
            max_backoff,
        )
        self._publisher: KafkaPublisher | None = None
        self._wake = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self.published = 0
        self.last_error: str | None = None
        self._connected = False
        self.tracer = trace.get_tracer("lgnet_events.relay")

    def wake(self) -> None:
        """Called after a local commit so the relay does not wait for the next poll."""
        loop = self._loop
        if loop is None or loop.is_closed():
            self._wake.set()
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._wake.set()
        else:  # the relay's own thread, or a connection collected in another thread
            loop.call_soon_threadsafe(self._wake.set)

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        event.listen(self.engine.sync_engine, "checkin", self._on_checkin)
        if not self.own_thread:
            self._task = asyncio.create_task(self._run(), name=self.name)
            return
        started = threading.Event()
        self._thread = threading.Thread(
            target=self._thread_main, args=(started,), name=self.name, daemon=True
        )
        self._thread.start()
        await asyncio.to_thread(started.wait)

    def _thread_main(self, started: threading.Event) -> None:
        with contextlib.suppress(asyncio.CancelledError):  # how stop() ends it
            asyncio.run(self._run_in_thread(started))

    async def _run_in_thread(self, started: threading.Event) -> None:
        self._loop, self._wake = asyncio.get_running_loop(), asyncio.Event()
        self._task = asyncio.current_task()
        started.set()
        source = create_async_engine(self.engine.url, pool_size=1, max_overflow=1)
        self._source = source
        try:
            await self._run()
        finally:
            await self._disconnect()
            await source.dispose()

    async def _stop_thread(self, thread: threading.Thread) -> None:
        """Cancel the thread's loop until it ends (a cancel can be swallowed on 3.11)."""
        while thread.is_alive():
            loop, task = self._loop, self._task
            if loop is not None and task is not None and not loop.is_closed():
                with contextlib.suppress(RuntimeError):
                    loop.call_soon_threadsafe(task.cancel)
            await asyncio.to_thread(thread.join, 1.0)
        self._thread, self._task, self._source = None, None, self.engine

    def _on_checkin(self, _dbapi_connection: Any, record: Any) -> None:
        """A connection back in the pool: if it appended, its events are committed (or
        rolled back: then the pass finds nothing)."""
        if record is not None and record.info.pop(OUTBOX_WRITTEN, False):
            self.wake()

    async def stop(self) -> None:
        if event.contains(self.engine.sync_engine, "checkin", self._on_checkin):
            event.remove(self.engine.sync_engine, "checkin", self._on_checkin)
        if self._thread is not None:
            await self._stop_thread(self._thread)
        await stop_task(self._task)
        self._task = None
        await self._disconnect()

    def status(self) -> dict[str, Any]:
        return {
            "running": self._task is not None and not self._task.done(),
            "broker_connected": self._connected,
            "published": self.published,
            "last_error": self.last_error,
        }

    async def backlog(self) -> tuple[int, float]:
        """Unsent events and the age in seconds of the oldest one."""
        oldest_age = func.extract("epoch", func.now() - func.min(outbox.c.enqueued_at))
        async with self.engine.connect() as conn:
            count, age = (
                await conn.execute(
                    select(func.count(), oldest_age).where(outbox.c.sent_at.is_(None))
                )
            ).one()
        return int(count), float(age or 0.0)

    async def _run(self) -> None:
        backoff = self.poll_interval
        while True:
            self._wake.clear()  # a commit during the pass wakes the next one at once
            try:
                sent = await self.relay_once()
                backoff = self._next_poll(backoff, sent)
                self.last_error = None
                if sent == self.batch_size:
                    continue
            except (KafkaError, OSError, TimeoutError) as error:
                self.last_error = f"broker: {type(error).__name__}"
                log.warning("outbox relay cannot publish (%s); retrying in %.1fs", error, backoff)
                await self._disconnect()
                backoff = min(self.max_backoff, max(backoff * 2, 0.2))
            except Exception as error:
                self.last_error = f"{type(error).__name__}"
                log.exception("outbox relay failed; retrying in %.1fs", backoff)
                backoff = min(self.max_backoff, max(backoff * 2, 0.2))
            if self.last_error is not None:
                self._wake.clear()  # a failing pass waits its backoff out, commits or not
            await self._sleep(backoff)

    def _next_poll(self, waited: float, sent: int) -> float:
        """The poll interval again after a pass that sent something; else twice the last
        wait, bounded by ``idle_interval`` (an error's longer backoff ends here too)."""
        return self.poll_interval if sent else min(self.idle_interval, waited * 2)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)

    async def relay_once(self) -> int:
        """Publish one batch of unsent events; return how many were published."""
        async with self._source.begin() as conn:
            locked = await conn.scalar(text(f"SELECT pg_try_advisory_xact_lock({RELAY_LOCK})"))
            if not locked:
                return 0
            rows = await conn.execute(
                select(outbox.c.position, *_ENVELOPE_COLUMNS)
                .join(events, events.c.position == outbox.c.position)
                .where(outbox.c.sent_at.is_(None))
                .order_by(outbox.c.position)
                .limit(self.batch_size)
            )
            batch: list[tuple[int, Envelope]] = [(r.position, envelope_from_row(r)) for r in rows]
            if not batch:
                return 0
            publisher = await self._connect()
            started = time.perf_counter()
            envelopes = [envelope for _, envelope in batch]
            with producer_spans(self.tracer, envelopes, destination=self.topic):
                await publisher.publish(self.topic, envelopes)
            await publisher.confirm_on_topic(self.topic)
            await conn.execute(
                update(outbox)
                .where(outbox.c.position.in_([p for p, _ in batch]))
                .values(sent_at=func.now())
            )
        self.published += len(batch)
        log.debug("relayed %d events in %.1f ms", len(batch), (time.perf_counter() - started) * 1e3)
        return len(batch)

    async def _connect(self) -> KafkaPublisher:
        if self._publisher is None:
            # A broker that lost its data (Tansu restarts empty) needs the topic again.
            await ensure_topics(self.bootstrap, [self.topic])
            publisher = KafkaPublisher(self.bootstrap, idempotent=self.idempotent)
            # Owned before start(): a stop() that cancels us mid-start still closes it.
            self._publisher = publisher
            await publisher.start()
            self._connected = True
        return self._publisher

    async def _disconnect(self) -> None:
        publisher, self._publisher, self._connected = self._publisher, None, False
        if publisher is not None:
            await close_within(publisher.stop(), f"{self.name} producer")
