"""Offsets that stopped meaning anything because the broker lost its log.

Tansu keeps its log in memory: after a restart the topics come back empty, relays and
``lgnet republish`` fill them again, and a group offset from before (committed again to
the restarted broker by a member that had not noticed) points into a different log. A
member then skips what lies below it, or, past the end, waits: Kafka answers a fetch past
the end with ``OFFSET_OUT_OF_RANGE`` and the client resets, Tansu answers with nothing.
Both were seen in the fault suite (reporting behind by dozens of events for minutes).

Two guards, both ending in "read the partition again from the start", which the inbox
makes harmless:

- :class:`LostTopics` watches every metadata update: a subscribed topic the broker stopped
  listing is marked, and when it is back, whatever this member holds of it is rewound.
- :class:`BeyondEndGuard` catches what the first missed: a partition idle past its reported
  end is *probed* by fetching the record just before its position (Tansu's end offsets
  cannot decide alone: it reports the last batch's base offset plus one).
"""

import logging
import time
from collections.abc import Iterable
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import IllegalStateError

log = logging.getLogger(__name__)

#: a partition must have been idle this long before it is checked
IDLE_SECONDS = 10.0
#: a lost topic stays marked this long after it is listed again (the group rebalances
#: onto it meanwhile); later assignments keep their committed offsets
REWIND_WINDOW_SECONDS = 60.0


class LostTopics:
    """Subscribed topics the broker stopped listing; their partitions, once back and
    assigned to this member, are read again from the start."""

    def __init__(self, topics: Iterable[str]) -> None:
        self.topics = set(topics)
        #: topic -> when it was listed again (None: still missing)
        self._lost: dict[str, float | None] = {}
        self._rewound: set[TopicPartition] = set()
        self.rewound = 0

    def on_metadata(self, cluster: Any) -> None:
        """aiokafka's metadata listener (called with its ``ClusterMetadata``)."""
        now = time.monotonic()
        for topic in self.topics:
            if not cluster.partitions_for_topic(topic):
                if topic not in self._lost:
                    log.warning("%s is gone from the broker; once it is back, its partitions"
                                " will be read again from the start", topic)  # fmt: skip
                self._lost[topic] = None
                self._rewound = {tp for tp in self._rewound if tp.topic != topic}
            elif topic in self._lost and self._lost[topic] is None:
                self._lost[topic] = now

    async def rewind(self, consumer: AIOKafkaConsumer) -> list[TopicPartition]:
        """Seek this member's partitions of lost topics to their start, once each."""
        self._forget_settled()
        if not self._lost:
            return []
        due = [tp for tp in consumer.assignment()
               if self._lost.get(tp.topic) is not None and tp not in self._rewound]  # fmt: skip
        if not due:
            return []
        try:
            starts = await consumer.beginning_offsets(due)
            for tp in due:
                consumer.seek(tp, starts[tp])
        except IllegalStateError:  # a rebalance took a partition meanwhile: next time
            return []
        log.warning("reading %d partition(s) of %s again from the start", len(due),
                    sorted({tp.topic for tp in due}))  # fmt: skip
        self._rewound.update(due)
        self.rewound += len(due)
        return due

    def _forget_settled(self) -> None:
        now = time.monotonic()
        for topic, back in list(self._lost.items()):
            if back is not None and now - back > REWIND_WINDOW_SECONDS:
                del self._lost[topic]
                self._rewound = {tp for tp in self._rewound if tp.topic != topic}


#: how long the probe waits for the record before the position
PROBE_TIMEOUT_MS = 2_000


class BeyondEndGuard:
    """Checks a member's idle partitions; rewinds those whose position is past the log."""

    def __init__(self, bootstrap: str, idle_seconds: float = IDLE_SECONDS) -> None:
        self.bootstrap, self.idle_seconds = bootstrap, idle_seconds
        self._last_active: dict[TopicPartition, float] = {}
        #: positions already probed and found inside the log: not probed again
        self._verified: dict[TopicPartition, int] = {}
        self.rewound = 0
        self._next_check = 0.0

    def saw_records(self, partitions: Iterable[TopicPartition]) -> None:
        now = time.monotonic()
        for tp in partitions:
            self._last_active[tp] = now

    async def check(self, consumer: AIOKafkaConsumer) -> list[TopicPartition]:
        """Rewind the idle partitions whose position lies past their log; return them.
        Called on every poll; looks at most twice per ``idle_seconds``."""
        now = time.monotonic()
        if now < self._next_check:
            return []
        self._next_check = now + self.idle_seconds / 2
        idle = self._idle(consumer.assignment())
        if not idle:
            return []
        try:
            return await self._rewind_lost(consumer, idle)
        except IllegalStateError:  # a rebalance took a partition meanwhile: next time
            return []

    async def _rewind_lost(
        self, consumer: AIOKafkaConsumer, idle: list[TopicPartition]
    ) -> list[TopicPartition]:
        suspects = await self._suspects(consumer, idle)
        lost = [tp for tp, position in suspects.items() if not await self._inside(tp, position)]
        starts = await consumer.beginning_offsets(lost) if lost else {}
        for tp in lost:
            log.warning("%s[%d]: position %d is past the end of the log (the broker lost it?);"
                        " reading the partition again from the start", tp.topic, tp.partition,
                        suspects[tp])  # fmt: skip
            consumer.seek(tp, starts[tp])
            self._last_active[tp] = time.monotonic()
        self.rewound += len(lost)
        return lost

    async def _suspects(
        self, consumer: AIOKafkaConsumer, idle: list[TopicPartition]
    ) -> dict[TopicPartition, int]:
        """Idle partitions whose position is past their reported end, not yet verified."""
        ends = await consumer.end_offsets(idle)
        suspects = {}
        for tp in idle:
            position = await consumer.position(tp)
            if position > ends[tp] and self._verified.get(tp) != position:
                suspects[tp] = position
        return suspects

    def _idle(self, assigned: set[TopicPartition]) -> list[TopicPartition]:
        now = time.monotonic()
        for tp in assigned:
            self._last_active.setdefault(tp, now)
        return [tp for tp in assigned if now - self._last_active[tp] > self.idle_seconds]

    async def _inside(self, tp: TopicPartition, position: int) -> bool:
        """Whether the record just before *position* exists (then the position is sound)."""
        probe = AIOKafkaConsumer(bootstrap_servers=self.bootstrap, enable_auto_commit=False)
        await probe.start()
        try:
            probe.assign([tp])
            probe.seek(tp, position - 1)
            found = await probe.getmany(tp, timeout_ms=PROBE_TIMEOUT_MS)
        finally:
            await probe.stop()
        inside = bool(found.get(tp))
        if inside:
            self._verified[tp] = position
        return inside
