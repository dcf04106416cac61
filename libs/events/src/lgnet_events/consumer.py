"""Kafka -> handlers, effectively once: the handled event id commits with the handler's effects."""

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any
from uuid import UUID

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import KafkaError
from opentelemetry import trace
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from lgnet_events.autocreation import forbid_topic_auto_creation
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.codec import UndecodableRecord, decode
from lgnet_events.deadletter import DeadLetters
from lgnet_events.envelope import Envelope
from lgnet_events.fetch_pace import FETCH_MAX_WAIT_MS, FetchPace
from lgnet_events.lost_logs import BeyondEndGuard, LostTopics
from lgnet_events.registry import EventDecodeError, EventRegistry
from lgnet_events.schema import inbox
from lgnet_events.tasks import close_within, stop_task
from lgnet_events.topics import dlq_topic, ensure_topics
from lgnet_events.tracing import consumer_span

log = logging.getLogger(__name__)

Handler = Callable[[AsyncConnection, Envelope, DomainEvent], Awaitable[None]]
#: Handlers by event type; ``"*"`` receives every event the registry can decode.
Handlers = Mapping[str, Sequence[Handler]]
#: a record some handler wants: its envelope, its payload and those handlers
Decoded = tuple[ConsumerRecord[bytes, bytes], Envelope, DomainEvent, list[Handler]]

#: Built once (values come at execution): building it per event cost more than running it.
_INBOX_INSERT = pg_insert(inbox).on_conflict_do_nothing().returning(inbox.c.event_id)

#: The database is unreachable: no event is to blame, so none is dead-lettered. The
#: member reconnects and the records come again from the last committed offset.
INFRASTRUCTURE_ERRORS = (OperationalError, InterfaceError, OSError, ConnectionError)

#: How often a member refreshes the broker's metadata. After a broker restarts empty its
#: topics come back only when a relay or ``republish`` recreates them; a member that rejoined
#: in between was assigned nothing of them and notices them only at its next refresh
#: (aiokafka's default: 5 minutes, during which the service consumed nothing).
METADATA_MAX_AGE_MS = 5_000
#: A subscribed topic missing from the member's metadata for this long makes it reconnect:
#: new connections, and ``ensure_topics`` recreates the topic if the broker really lost it.
#: (Seen with Tansu after a restart: a member kept being told for minutes that a topic did
#: not exist while a fresh client saw it with its partitions.)
MISSING_TOPIC_SECONDS = 15.0
#: aiokafka's ``getmany`` waits without any limit while the group reassigns partitions,
#: and a commit retries retriable errors for ever. A join that never completes (seen on
#: Tansu after a restart, under load: reporting consumed nothing for minutes) would stall
#: the member silently, so each poll and each commit is bounded, and a member left without
#: its assignment for longer than ``stuck_after`` reconnects as a new member.
POLL_DEADLINE_SECONDS = 5.0
COMMIT_DEADLINE_SECONDS = 30.0


class SubscribedTopicMissing(KafkaError):  # type: ignore[misc]
    """The broker's metadata has not listed a subscribed topic for a while: reconnect."""


class AssignmentStuck(KafkaError):  # type: ignore[misc]
    """The group has not given this member its partitions for a while: reconnect."""


#: SQLSTATE classes that are the server's or the deployment's state, not the event's:
#: connection exceptions, insufficient resources, operator intervention ("the database
#: system is shutting down", seen in the fault suite when PostgreSQL restarts), system
#: errors, and a schema that does not match the code (42: a missing table or column after a
#: forgotten migration would otherwise dead-letter every event; the member retries instead,
#: and its lag shows it until the schema is fixed).
INFRASTRUCTURE_SQLSTATE_CLASSES = ("08", "42", "53", "57", "58")


def _is_infrastructure_failure(error: Exception) -> bool:
    if isinstance(error, DBAPIError):
        sqlstate = str(getattr(error.orig, "sqlstate", None) or "")
        if error.connection_invalidated or sqlstate[:2] in INFRASTRUCTURE_SQLSTATE_CLASSES:
            return True
    return isinstance(error, INFRASTRUCTURE_ERRORS)


class EventConsumer:
    """One consumer-group member. Handler failures are retried, then dead-lettered."""

    def __init__(
        self,
        *,
        name: str,
        engine: AsyncEngine,
        bootstrap: str,
        group_id: str,
        topics: Sequence[str],
        registry: EventRegistry,
        handlers: Handlers,
        max_attempts: int = 3,
        retry_delay: float = 0.2,
        session_timeout_ms: int = 10_000,
        stuck_after: float | None = None,
    ) -> None:
        self.name, self.engine, self.bootstrap = name, engine, bootstrap
        self.group_id, self.topics = group_id, list(topics)
        self.registry, self.handlers = registry, handlers
        self.max_attempts, self.retry_delay = max_attempts, retry_delay
        self.session_timeout_ms = session_timeout_ms
        #: a rebalance takes about a session timeout (Tansu answers a join after half)
        self.stuck_after = stuck_after or max(30.0, 3 * session_timeout_ms / 1000)
        self.tracer = trace.get_tracer("lgnet_events.consumer")
        self.dead_letters = DeadLetters(bootstrap, dlq_topic(group_id), group_id)
        self.beyond_end = BeyondEndGuard(bootstrap)
        self.lost_topics = LostTopics(self.topics)
        self._consumer: AIOKafkaConsumer | None = None
        self._connected = False
        self._task: asyncio.Task[None] | None = None
        self.handled = 0
        self.duplicates = 0
        self.dead_lettered = 0
        self.last_error: str | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=self.name)

    async def stop(self) -> None:
        await stop_task(self._task)
        self._task = None
        await self._close()
        await self.dead_letters.stop()

    def status(self) -> dict[str, Any]:
        return {
            "running": self._task is not None and not self._task.done(),
            "connected": self._connected,
            "handled": self.handled,
            "duplicates": self.duplicates,
            "dead_lettered": self.dead_lettered,
            "rewound_partitions": self.beyond_end.rewound + self.lost_topics.rewound,
            "last_error": self.last_error,
        }

    async def lag(self) -> dict[str, int]:
        """Messages not yet handled, per ``topic:partition`` of this member."""
        consumer = self._consumer
        if consumer is None:
            return {}
        partitions = list(consumer.assignment())
        ends = await consumer.end_offsets(partitions) if partitions else {}
        return {
            f"{tp.topic}:{tp.partition}": max(0, ends[tp] - (await consumer.position(tp)))
            for tp in partitions
        }

    async def _run(self) -> None:
        backoff = 0.2
        while True:
            try:
                await self._connect()
                backoff = 0.2
                await self._poll_forever()
            except asyncio.CancelledError:
                raise
            except (KafkaError, OSError, TimeoutError) as error:
                self.last_error = f"broker: {type(error).__name__}"
                log.warning(
                    "%s lost the broker (%s); reconnecting in %.1fs", self.name, error, backoff
                )
            except Exception as error:
                self.last_error = type(error).__name__
                log.exception("%s failed; restarting in %.1fs", self.name, backoff)
            await self._close()
            await asyncio.sleep(backoff)
            backoff = min(5.0, backoff * 2)

    async def _connect(self) -> None:
        forbid_topic_auto_creation()
        await ensure_topics(self.bootstrap, [*self.topics, self.dead_letters.topic])
        consumer = AIOKafkaConsumer(
            *self.topics,
            bootstrap_servers=self.bootstrap,
            group_id=self.group_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            session_timeout_ms=self.session_timeout_ms,
            heartbeat_interval_ms=max(1000, self.session_timeout_ms // 3),
            max_poll_records=500,
            metadata_max_age_ms=METADATA_MAX_AGE_MS,
            fetch_max_wait_ms=FETCH_MAX_WAIT_MS,
        )
        # Owned before start(): a stop() that cancels us mid-start still closes it.
        self._consumer = consumer
        # aiokafka has no public hook for metadata updates; its group coordinator uses this.
        consumer._client.cluster.add_listener(self.lost_topics.on_metadata)
        await consumer.start()
        self._connected = True

    async def _close(self) -> None:
        consumer, self._consumer, self._connected = self._consumer, None, False
        if consumer is not None:
            await close_within(consumer.stop(), f"{self.name} consumer")

    async def _poll_forever(self) -> None:
        consumer = self._consumer
        if consumer is None:
            raise RuntimeError("the consumer is not connected")
        missing_since: float | None = None
        waiting_since: float | None = None
        empty_since: float | None = None
        pace = FetchPace(consumer)
        while True:
            await self.lost_topics.rewind(consumer)
            try:
                batches = await asyncio.wait_for(
                    consumer.getmany(timeout_ms=500), POLL_DEADLINE_SECONDS
                )
            except TimeoutError:
                waiting_since = self._check_not_stuck(waiting_since)
                continue
            waiting_since = None
            pace.after_poll(bool(batches))
            self.beyond_end.saw_records(batches)
            for tp, records in batches.items():
                await self.process_batch(records)
                # Offsets only after the effects committed: a crash before this line
                # means redelivery, which the inbox turns into a no-op.
                await asyncio.wait_for(
                    consumer.commit({tp: records[-1].offset + 1}), COMMIT_DEADLINE_SECONDS
                )
            missing_since = self._check_topics_listed(consumer, missing_since)
            empty_since = self._check_assigned(consumer, empty_since)
            await self.beyond_end.check(consumer)

    def _check_assigned(
        self, consumer: AIOKafkaConsumer, empty_since: float | None
    ) -> float | None:
        """Since when the member has held no partition although its topics have some (None:
        it holds some); raises past ``stuck_after``. Seen on Tansu after a restart: a member
        rejoining with its old id got the empty assignment of the group's first generation
        again at every rebalance, and handled nothing. With at most as many members as a
        topic has partitions (6; see deploy/), an empty assignment is never the right one."""
        if consumer.assignment() or not all(consumer.partitions_for_topic(t) for t in self.topics):
            return None
        now = time.monotonic()
        since = empty_since if empty_since is not None else now
        if now - since > self.stuck_after:
            raise AssignmentStuck(f"no partitions assigned for {now - since:.0f}s")
        return since

    def _check_not_stuck(self, waiting_since: float | None) -> float:
        """Since when the member has waited for its partitions; raises past ``stuck_after``."""
        now = time.monotonic()
        since = waiting_since if waiting_since is not None else now - POLL_DEADLINE_SECONDS
        if now - since > self.stuck_after:
            raise AssignmentStuck(f"no partitions assigned for {now - since:.0f}s")
        log.info("%s is waiting for the group to assign its partitions", self.name)
        return since

    def _check_topics_listed(
        self, consumer: AIOKafkaConsumer, missing_since: float | None
    ) -> float | None:
        """When a subscribed topic went missing from the metadata (None: all listed);
        raises once it has been missing for ``MISSING_TOPIC_SECONDS``."""
        # Listed with no partitions (Tansu, just after a restart) is as good as missing.
        missing = [t for t in self.topics if not consumer.partitions_for_topic(t)]
        if not missing:
            return None
        now = time.monotonic()
        if missing_since is not None and now - missing_since > MISSING_TOPIC_SECONDS:
            raise SubscribedTopicMissing(f"the broker has not listed {missing} for a while")
        return missing_since if missing_since is not None else now

    def delivery(self, record: ConsumerRecord[bytes, bytes]) -> AbstractContextManager[None]:
        """The context *record* is handled in (a subclass may tell its handlers about it)."""
        return contextlib.nullcontext()

    async def process_batch(self, records: Sequence[ConsumerRecord[bytes, bytes]]) -> None:
        """Apply records of one partition, in order, in one transaction: one commit for the
        lot instead of one per event. If any of them is poison or its handler fails, that
        transaction is rolled back and each record is processed on its own (retries, dead
        letters), so a bad record still costs only itself."""
        if len(records) > 1:
            try:
                handled, duplicates = await self._apply_together(records)
            except Exception as error:
                if _is_infrastructure_failure(error):
                    raise
                log.info("%s: a batch of %d failed (%s); one record at a time",
                         self.name, len(records), type(error).__name__)  # fmt: skip
            else:
                self.handled, self.duplicates = self.handled + handled, self.duplicates + duplicates
                return
        for record in records:
            await self.process(record)

    async def _apply_together(
        self, records: Sequence[ConsumerRecord[bytes, bytes]]
    ) -> tuple[int, int]:
        """One transaction, and one inbox statement for the lot, before the handlers."""
        handled = duplicates = 0
        todo = self._decoded(records)
        if not todo:
            return 0, 0
        async with self.engine.begin() as conn:
            first_times = await self._record_in_inbox(
                conn, [envelope for _, envelope, _, _ in todo]
            )
            for record, envelope, event, handlers in todo:
                with self.delivery(record), self._span(record, envelope):
                    if envelope.event_id not in first_times:
                        duplicates += 1
                        continue
                    first_times.discard(envelope.event_id)  # a second copy is a duplicate
                    for handler in handlers:
                        await handler(conn, envelope, event)
                    handled += 1
        return handled, duplicates

    def _decoded(self, records: Sequence[ConsumerRecord[bytes, bytes]]) -> list[Decoded]:
        """The records some handler wants, decoded; raises if any of them is poison."""
        todo: list[Decoded] = []
        for record in records:
            envelope = decode(record.value)
            handlers = self._handlers_for(envelope.event_type)
            if handlers:
                todo.append((record, envelope, self.registry.decode(envelope), handlers))
        return todo

    async def _record_in_inbox(
        self, conn: AsyncConnection, envelopes: Sequence[Envelope]
    ) -> set[UUID]:
        """Record the events in the inbox; return the ids that were not there yet."""
        rows = [
            {"event_id": e.event_id, "consumer": self.name, "event_type": e.event_type}
            for e in envelopes
        ]
        return set((await conn.execute(_INBOX_INSERT, rows)).scalars())

    def _span(self, record: ConsumerRecord[bytes, bytes], envelope: Envelope) -> Any:
        attributes = {
            "messaging.destination.partition.id": str(record.partition),
            "messaging.kafka.offset": record.offset,
        }
        return consumer_span(self.tracer, envelope, destination=record.topic,
                             group=self.group_id, attributes=attributes)  # fmt: skip

    async def process(self, record: ConsumerRecord[bytes, bytes]) -> None:
        """Handle one record: decode, validate, apply once, or dead-letter it."""
        try:
            envelope = decode(record.value)
        except UndecodableRecord as error:
            await self._dead_letter(record, str(error))
            return
        handlers = self._handlers_for(envelope.event_type)
        if not handlers:
            return
        with self.delivery(record), self._span(record, envelope):
            try:
                event = self.registry.decode(envelope)
            except EventDecodeError as error:
                await self._dead_letter(record, str(error))
                return
            await self._apply_with_retries(record, envelope, event, handlers)

    def _handlers_for(self, event_type: str) -> list[Handler]:
        return [*self.handlers.get(event_type, ()), *self.handlers.get("*", ())]

    async def _apply_with_retries(
        self,
        record: ConsumerRecord[bytes, bytes],
        envelope: Envelope,
        event: DomainEvent,
        handlers: list[Handler],
    ) -> None:
        for attempt in range(1, self.max_attempts + 1):
            try:
                await self._apply(envelope, event, handlers)
            except Exception as error:
                self.last_error = type(error).__name__
                if _is_infrastructure_failure(error):
                    raise
                log.warning(
                    "%s: handling %s %s failed (attempt %d/%d): %s",
                    self.name,
                    envelope.event_type,
                    envelope.event_id,
                    attempt,
                    self.max_attempts,
                    type(error).__name__,
                )
                if attempt == self.max_attempts:
                    await self._dead_letter(
                        record, f"handler failed: {type(error).__name__}: {error}"
                    )
                    return
                await asyncio.sleep(self.retry_delay * attempt)
            else:
                return

    async def _apply(self, envelope: Envelope, event: DomainEvent, handlers: list[Handler]) -> None:
        async with self.engine.begin() as conn:
            first_time = await self._apply_in(conn, envelope, event, handlers)
        if first_time:
            self.handled += 1
        else:
            self.duplicates += 1

    async def _apply_in(
        self, conn: AsyncConnection, envelope: Envelope, event: DomainEvent, handlers: list[Handler]
    ) -> bool:
        """Record the event in the inbox and run the handlers, unless it was there already."""
        if not await self._record_in_inbox(conn, [envelope]):
            return False
        for handler in handlers:
            await handler(conn, envelope, event)
        return True

    async def _dead_letter(self, record: ConsumerRecord[bytes, bytes], reason: str) -> None:
        log.warning(
            "%s: dead-lettering %s[%d]@%d: %s",
            self.name,
            record.topic,
            record.partition,
            record.offset,
            reason,
        )
        await self.dead_letters.send(record, reason)
        self.dead_lettered += 1


__all__ = ["AssignmentStuck", "EventConsumer", "Handler", "Handlers", "TopicPartition"]
